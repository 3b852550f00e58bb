import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';
import {
  ADMIN,
  startConsoleServer,
  type ConsoleServer,
  type ServerSettings,
} from './support/console-server';
import {
  AccessKeysSection,
  COPY,
  FLOW_COPY,
  type Flow,
  type FlowWords,
  PhoneVerificationDialog,
  SecurityTipsDialog,
  Shell,
  SignInPage,
  type Lang,
} from './support/pages';

export { ADMIN, COPY, FLOW_COPY };
export { ResultDialog } from './support/pages';

// Test runs keep their screenshots out of the tracked tree; `npm run screenshots` points this at
// docs/screenshots to refresh the documented ones deliberately (scripts/screenshots.mjs).
const SCREENSHOTS = resolve(
  process.env.SCREENSHOTS_DIR ?? fileURLToPath(new URL('../reports/screenshots', import.meta.url)),
);

/** Signs in over HTTP and drives the console API: the journeys' data factory. */
export class ConsoleApi {
  private csrf = '';
  private helpers = 0;
  constructor(
    private readonly request: APIRequestContext,
    private readonly newRequest: () => Promise<APIRequestContext>,
    private readonly server: ConsoleServer,
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
  /** How many messages the signed-in operator's demo inbox holds (it only grows). */
  async inboxSize(): Promise<number> {
    return (await this.get<{ messages: unknown[] }>('/api/demo/inbox')).messages.length;
  }
  /**
   * The code a send produced: the inbox is counted before `send` runs, then read until a newer
   * message arrives, so a code from an earlier send is never taken for this one (a click returns
   * before its request is answered).
   */
  async codeSentBy(send: () => Promise<unknown>): Promise<string> {
    const before = await this.inboxSize();
    await send();
    let code = '';
    await expect
      .poll(
        async () => {
          const { messages } = await this.get<{ messages: { code: string }[] }>('/api/demo/inbox');
          code = messages.length > before ? messages[0]!.code : '';
          return code;
        },
        { message: 'a verification code newer than the send' },
      )
      .toMatch(/^\d{6}$/);
    return code;
  }
  async ticket(action: string, userName?: string): Promise<string> {
    return this.ticketFor({ action, ...(userName ? { userName } : {}) });
  }
  async ticketFor(target: { action: string; userName?: string; operator?: string }) {
    let verificationId = '';
    const code = await this.codeSentBy(async () => {
      ({ verificationId } = await this.post<{ verificationId: string }>(
        '/api/verifications',
        target,
      ));
    });
    const { ticket } = await this.post<{ ticket: string }>(
      `/api/verifications/${verificationId}/confirm`,
      { code },
    );
    return ticket;
  }
  /**
   * Creates an AccessKey through a fresh helper admin: codes are limited per operator (one send a
   * minute, five an hour), and the journeys' own operator must keep its budget for the UI. The
   * helper is added with the operator CLI, so adding it costs the journey's admin no code either.
   */
  async createAccessKey(userName?: string) {
    this.helpers += 1;
    const n = String(this.helpers).padStart(2, '0');
    const username = `helper-${n}`;
    const password = `helper-password-${n}-e2e`;
    await this.server.addOperator({ username, password, role: 'admin', phone: `+86139000000${n}` });
    const helper = new ConsoleApi(await this.newRequest(), this.newRequest, this.server);
    await helper.signIn(username, password);
    return helper.createAccessKeyAsSelf(userName);
  }
  /**
   * Adds an operator the way an admin does: phone verification bound to the new username, then
   * the create with that ticket (one code from this operator's budget).
   */
  async createOperator(op: {
    username: string;
    password: string;
    role: 'admin' | 'member';
    phone: string;
    ramUserName?: string;
  }) {
    const ticket = await this.ticketFor({ action: 'CreateOperator', operator: op.username });
    return this.post('/api/operators', { ...op, mustChangePassword: false }, ticket);
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
  /** Which console generation the server follows (CONSOLE_FLOW); default security-tips. */
  flow: Flow;
  /** That generation's words in `lang`. */
  words: FlowWords;
  /**
   * The console server's settings for this test (e.g. `{ ROTATION_GRACE_MINUTES: '5' }`), set
   * with `test.use({ serverSettings })`: each test's own server gets them, nothing else does.
   */
  serverSettings: ServerSettings;
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

/**
 * Waits until the page shows content, not a loading state: a page title (every console page and
 * the sign-in page has one level-1 heading), no spinner, skeleton or loading button, and the web
 * fonts in place. A screenshot (and axe) of a page still loading proves nothing.
 */
export async function contentReady(page: Page) {
  await page.waitForFunction(
    () => {
      const visible = (el: Element) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
      };
      const titled = [...document.querySelectorAll('h1')].some(visible);
      const busy = [
        ...document.querySelectorAll(
          '.ant-spin-spinning, .ant-skeleton-active, .ant-btn-loading, [aria-busy="true"]',
        ),
      ].some(visible);
      return titled && !busy && document.fonts.status === 'loaded';
    },
    undefined,
    { timeout: 15_000 },
  );
  await settled(page);
}

/** Screenshots taken so far per journey in this worker (see `checkpoint`). */
const journeySteps = new Map<string, number>();

export const test = base.extend<Fixtures>({
  journey: ['journey', { option: true }],
  lang: ['en', { option: true }],
  flow: ['security-tips', { option: true }],
  words: async ({ flow, lang }, use) => use(FLOW_COPY[flow][lang]),
  serverSettings: [{}, { option: true }],
  consoleServer: async ({ serverSettings, flow }, use) => {
    const server = await startConsoleServer({ CONSOLE_FLOW: flow, ...serverSettings });
    await use(server);
    await server.stop();
  },
  baseURL: async ({ consoleServer }, use) => {
    await use(consoleServer.url);
  },
  checkpoint: async ({ page, journey }, use) => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await use(async (name: string) => {
      // Numbered through the whole journey file, not per test: a file's tests run in order in
      // one worker (fullyParallel is off), so its pictures sort as its steps happen.
      const n = (journeySteps.get(journey) ?? 0) + 1;
      journeySteps.set(journey, n);
      await contentReady(page);
      await page.screenshot({
        path: join(SCREENSHOTS, `${journey}-${String(n).padStart(2, '0')}-${name}.png`),
        animations: 'disabled',
      });
      // Toasts (antd message) come and go on their own timers: one caught mid-fade is not a
      // contrast problem, and they carry no flow the journeys depend on.
      // Legacy mode runs axe in the page itself: the default mode opens a blank page per run to
      // merge frame results (the console has no frames), which cost ~3 s a checkpoint under load.
      const results = await new AxeBuilder({ page })
        .setLegacyMode(true)
        .exclude('.ant-message')
        .analyze();
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
  consoleApi: async ({ playwright, baseURL, consoleServer }, use) => {
    const contexts: APIRequestContext[] = [];
    const newRequest = async () => {
      const context = await playwright.request.newContext({ baseURL });
      contexts.push(context);
      return context;
    };
    await use(new ConsoleApi(await newRequest(), newRequest, consoleServer));
    for (const context of contexts) await context.dispose();
  },
  signInPage: async ({ page, lang }, use) => use(new SignInPage(page, COPY[lang])),
  shell: async ({ page, lang }, use) => use(new Shell(page, COPY[lang])),
  securityTips: async ({ page, lang, words }, use) =>
    use(new SecurityTipsDialog(page, COPY[lang], words)),
  phoneVerification: async ({ page, lang, words }, use) =>
    use(new PhoneVerificationDialog(page, COPY[lang], words)),
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
