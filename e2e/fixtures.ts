import { readFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';
import { ADMIN, startConsoleServer, type ConsoleServer } from './support/console-server';
import {
  AccessKeysSection,
  COPY,
  PhoneVerificationDialog,
  SecurityTipsDialog,
  Shell,
  SignInPage,
  type Lang,
} from './support/pages';

export { ADMIN, COPY };
export { ResultDialog } from './support/pages';

const SCREENSHOTS = new URL('../docs/screenshots/', import.meta.url).pathname;

/** Signs in over HTTP and drives the console API: the journeys' data factory. */
export class ConsoleApi {
  private csrf = '';
  private helpers = 0;
  constructor(
    private readonly request: APIRequestContext,
    private readonly newRequest: () => Promise<APIRequestContext>,
  ) {}
  async signIn(username: string, password: string) {
    const login = await this.request.post('/api/auth/login', { data: { username, password } });
    expect(login.ok(), await login.text()).toBeTruthy();
    const me = await this.request.get('/api/auth/me');
    this.csrf = ((await me.json()) as { csrfToken: string }).csrfToken;
  }
  private headers(extra: Record<string, string> = {}) {
    return { 'x-csrf-token': this.csrf, ...extra };
  }
  async post<T>(path: string, data: unknown, ticket?: string): Promise<T> {
    const res = await this.request.post(path, {
      data,
      headers: this.headers(ticket ? { 'x-verification-ticket': ticket } : {}),
    });
    expect(res.ok(), `${path}: ${await res.text()}`).toBeTruthy();
    return (await res.json()) as T;
  }
  async get<T>(path: string): Promise<T> {
    const res = await this.request.get(path);
    expect(res.ok(), `${path}: ${await res.text()}`).toBeTruthy();
    return (await res.json()) as T;
  }
  /** The newest code in the signed-in operator's demo inbox. */
  async newestCode(): Promise<string> {
    const inbox = await this.get<{ messages: { code: string }[] }>('/api/demo/inbox');
    expect(inbox.messages.length).toBeGreaterThan(0);
    return inbox.messages[0]!.code;
  }
  async ticket(action: string, userName?: string): Promise<string> {
    const v = await this.post<{ verificationId: string }>('/api/verifications', {
      action,
      ...(userName ? { userName } : {}),
    });
    const code = await this.newestCode();
    const { ticket } = await this.post<{ ticket: string }>(
      `/api/verifications/${v.verificationId}/confirm`,
      { code },
    );
    return ticket;
  }
  /**
   * Creates an AccessKey through a fresh helper admin: codes are limited per operator (one send a
   * minute, five an hour), and the journeys' own operator must keep its budget for the UI.
   */
  async createAccessKey(userName?: string) {
    this.helpers += 1;
    const n = String(this.helpers).padStart(2, '0');
    const username = `helper-${n}`;
    const password = `helper-password-${n}-e2e`;
    await this.post('/api/operators', {
      username,
      password,
      role: 'admin',
      phone: `+86139000000${n}`,
    });
    const helper = new ConsoleApi(await this.newRequest(), this.newRequest);
    await helper.signIn(username, password);
    return helper.createAccessKeyAsSelf(userName);
  }
  async createAccessKeyAsSelf(userName?: string) {
    const ticket = await this.ticket('CreateAccessKey', userName);
    const path = userName ? `/api/users/${userName}/access-keys` : '/api/account/access-keys';
    return this.post<{ accessKey: { accessKeyId: string } }>(path, {}, ticket);
  }
}

interface Fixtures {
  /** Which journey this file is: prefixes its screenshots, e.g. "01-account-key". */
  journey: string;
  lang: Lang;
  consoleServer: ConsoleServer;
  /** Screenshot to docs/screenshots and an axe check (no serious/critical violations). */
  checkpoint: (name: string) => Promise<void>;
  consoleApi: ConsoleApi;
  signInPage: SignInPage;
  shell: Shell;
  securityTips: SecurityTipsDialog;
  phoneVerification: PhoneVerificationDialog;
  accessKeys: AccessKeysSection;
  signInAsAdmin: () => Promise<void>;
}

/**
 * Waits until no finite CSS animation or transition runs (spinners loop forever), so screenshots
 * and axe see the final state of an opening dialog.
 */
export async function settled(page: Page) {
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every(
        (a) =>
          (a.playState !== 'running' && !a.pending) ||
          a.effect?.getComputedTiming().iterations === Infinity,
      ),
  );
}

export const test = base.extend<Fixtures>({
  journey: ['journey', { option: true }],
  lang: ['en', { option: true }],
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from it
  consoleServer: async ({}, use) => {
    const server = await startConsoleServer();
    await use(server);
    await server.stop();
  },
  baseURL: async ({ consoleServer }, use) => {
    await use(consoleServer.url);
  },
  checkpoint: async ({ page, journey }, use) => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    let n = 0;
    await use(async (name: string) => {
      n += 1;
      await settled(page);
      await page.screenshot({
        path: `${SCREENSHOTS}${journey}-${String(n).padStart(2, '0')}-${name}.png`,
        animations: 'disabled',
      });
      // Toasts (antd message) come and go on their own timers: one caught mid-fade is not a
      // contrast problem, and they carry no flow the journeys depend on.
      const results = await new AxeBuilder({ page }).exclude('.ant-message').analyze();
      const serious = results.violations.filter(
        (v) => v.impact === 'serious' || v.impact === 'critical',
      );
      expect(
        serious.map(
          (v) => `${v.id}: ${v.help} — ${v.nodes.map((x) => x.target.join(' ')).join(', ')}`,
        ),
        `axe at ${name}`,
      ).toEqual([]);
    });
  },
  consoleApi: async ({ playwright, baseURL }, use) => {
    const contexts: APIRequestContext[] = [];
    const newRequest = async () => {
      const context = await playwright.request.newContext({ baseURL });
      contexts.push(context);
      return context;
    };
    await use(new ConsoleApi(await newRequest(), newRequest));
    for (const context of contexts) await context.dispose();
  },
  signInPage: async ({ page, lang }, use) => use(new SignInPage(page, COPY[lang])),
  shell: async ({ page, lang }, use) => use(new Shell(page, COPY[lang])),
  securityTips: async ({ page, lang }, use) => use(new SecurityTipsDialog(page, COPY[lang])),
  phoneVerification: async ({ page, lang }, use) =>
    use(new PhoneVerificationDialog(page, COPY[lang])),
  accessKeys: async ({ page, lang }, use) => use(new AccessKeysSection(page, COPY[lang])),
  signInAsAdmin: async ({ signInPage, shell }, use) => {
    await use(async () => {
      await signInPage.goto();
      await signInPage.signIn(ADMIN.username, ADMIN.password);
      await expect(shell.avatarButton(ADMIN.username)).toBeVisible();
    });
  },
});

export { expect };

/** The exact bytes of a downloaded file. */
export const bytesOf = (path: string) => readFileSync(path);
