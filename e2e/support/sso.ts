import { expect, type Page } from '@playwright/test';
import type { Lang } from './pages';

/** The console's SSO copy, as the journeys read it (apps/web/src/locales, `sso.*`). */
export const SSO_COPY = {
  en: {
    signInWithSso: 'Sign in with SSO',
    breakGlass: 'Emergency sign-in with a password (break-glass)',
    tryAgain: 'Try again',
    backToSignIn: 'Back to sign-in',
    noAccess: 'No access to RAM Console',
    cancelled: 'Sign-in cancelled',
    refused: 'This sign-in was refused',
    ramUserMissing: 'Your RAM user does not exist',
  },
  'zh-CN': {
    signInWithSso: '使用SSO登录',
    breakGlass: '紧急情况下使用密码登录（break-glass）',
    tryAgain: '重试',
    backToSignIn: '返回登录页',
    noAccess: '无权访问RAM控制台',
    cancelled: '已取消登录',
    refused: '本次登录已被拒绝',
    ramUserMissing: '您的RAM用户不存在',
  },
} satisfies Record<Lang, Record<string, string>>;

/**
 * The test provider's own pages (oidc-provider's development interactions): a sign-in form that
 * takes any login name, a consent form, the sign-out confirmation. Third-party markup: its fields
 * have placeholders but no labels, so they are found by those.
 */
export class TestIdpPages {
  constructor(private readonly page: Page) {}

  async signIn(login: string) {
    await expect(this.page.getByRole('heading', { name: 'Sign-in' })).toBeVisible();
    await this.page.getByPlaceholder('Enter any login').fill(login);
    await this.page.getByPlaceholder('and password').fill('any password');
    await this.page.getByRole('button', { name: 'Sign-in' }).click();
  }

  async consent() {
    await expect(this.page.getByRole('heading', { name: 'Authorize' })).toBeVisible();
    await this.page.getByRole('button', { name: 'Continue' }).click();
  }

  async cancel() {
    await expect(this.page.getByRole('heading', { name: 'Authorize' })).toBeVisible();
    await this.page.getByRole('link', { name: '[ Cancel ]' }).click();
  }

  async confirmSignOut() {
    await this.page.getByRole('button', { name: 'Yes, sign me out' }).click();
  }
}
