import { expect, type Locator, type Page } from '@playwright/test';

/** The copy the journeys look for, in each language (DESIGN.md's exact UI strings). */
export const COPY = {
  en: {
    signIn: 'Sign in',
    username: 'Username',
    password: 'Password',
    accountMenu: 'Account menu',
    accessKey: 'AccessKey',
    signOut: 'Sign out',
    securityTips: 'Security Tips',
    aware: 'I am aware of the security risks of using a main account AccessKey',
    continueToManage: 'Continue to manage AccessKey',
    subUsers: "Get Started with Sub Users' AccessKey",
    createAccessKey: 'Create AccessKey',
    createUser: 'Create User',
    logonName: 'User Logon Name',
    displayName: 'Display Name',
    ok: 'OK',
    authentication: 'Authentication',
    userAccessKeys: 'User AccessKeys',
    scenarioTitle: 'Confirm the use case',
    scenarioConfirm: 'I confirm that it is necessary to create an AccessKey',
    continue: 'Continue',
    phoneVerification: 'Phone Verification',
    sendCode: 'Send verification code',
    resendIn: /^Resend in \d+ s$/,
    verificationCode: 'Verification code',
    confirm: 'Confirm',
    openDemoInbox: 'Open demo inbox',
    demoInbox: 'Demo inbox',
    resultAccount: 'Create User AccessKey',
    resultUser: 'Create AccessKey',
    accessKeyDetails: 'AccessKey Details',
    copy: 'Copy',
    downloadCsv: 'Download CSV File',
    saved: 'I have saved the AccessKey Secret',
    users: 'Users',
    close: 'Close',
    navigation: 'Console navigation',
    breadcrumb: 'Breadcrumb',
  },
  'zh-CN': {
    signIn: '登录',
    username: '用户名',
    password: '密码',
    accountMenu: '账号菜单',
    accessKey: 'AccessKey',
    signOut: '退出登录',
    securityTips: '安全提示',
    aware: '我已知晓使用主账号AccessKey的安全风险',
    continueToManage: '继续使用AccessKey',
    subUsers: '开始使用子用户AccessKey',
    createAccessKey: '创建AccessKey',
    createUser: '创建用户',
    logonName: '登录名称',
    displayName: '显示名称',
    ok: '确定',
    authentication: '认证管理',
    userAccessKeys: '用户AccessKey',
    scenarioTitle: '确认使用场景',
    scenarioConfirm: '我确认必须创建AccessKey',
    continue: '继续创建',
    phoneVerification: '手机验证',
    sendCode: '获取验证码',
    resendIn: /^\d+秒后重新获取$/,
    verificationCode: '验证码',
    confirm: '确定',
    openDemoInbox: '打开演示收件箱',
    demoInbox: '演示收件箱',
    resultAccount: '新建用户AccessKey',
    resultUser: '创建AccessKey',
    accessKeyDetails: 'AccessKey详情',
    copy: '复制',
    downloadCsv: '下载CSV文件',
    saved: '我已保存AccessKey Secret',
    users: '用户',
    close: '关闭',
    navigation: '控制台导航',
    breadcrumb: '当前位置',
  },
} as const;
export type Lang = keyof typeof COPY;
type Copy = (typeof COPY)[Lang];

/**
 * The words that differ between the console's three generations (CONSOLE_FLOW), as the seed pages
 * write them (000-002: Security Tips; 003: Note; 004: today's console) and as Alibaba's Chinese
 * console names them.
 */
export const FLOW_COPY = {
  'security-tips': {
    en: {
      menuItem: 'AccessKey',
      entryTitle: 'Security Tips',
      mainAccount: 'Continue to manage AccessKey',
      ramUsers: "Get Started with Sub Users' AccessKey",
      accountPage: 'Security Management',
      userKeysSection: 'User AccessKeys',
      verificationConfirm: 'Confirm',
      resultAccount: 'Create User AccessKey',
      resultUser: 'Create AccessKey',
      accountDownload: 'Save AccessKey Information',
    },
    'zh-CN': {
      menuItem: 'AccessKey',
      entryTitle: '安全提示',
      mainAccount: '继续使用AccessKey',
      ramUsers: '开始使用子用户AccessKey',
      accountPage: '安全信息管理',
      userKeysSection: '用户AccessKey',
      verificationConfirm: '确定',
      resultAccount: '新建用户AccessKey',
      resultUser: '创建AccessKey',
      accountDownload: '保存AK信息',
    },
  },
  note: {
    en: {
      menuItem: 'AccessKey Management',
      entryTitle: 'Note',
      mainAccount: 'Use Current AccessKey Pair',
      ramUsers: 'Use AccessKey Pair of RAM User',
      accountPage: 'AccessKey Management',
      userKeysSection: 'User AccessKeys',
      verificationConfirm: 'OK',
      resultAccount: 'Create User AccessKey',
      resultUser: 'Create AccessKey',
      accountDownload: 'Download CSV File',
    },
    'zh-CN': {
      menuItem: 'AccessKey管理',
      entryTitle: '注意',
      mainAccount: '继续使用当前AccessKey',
      ramUsers: '使用子用户AccessKey',
      accountPage: 'AccessKey管理',
      userKeysSection: '用户AccessKey',
      verificationConfirm: '确定',
      resultAccount: '新建用户AccessKey',
      resultUser: '创建AccessKey',
      accountDownload: '下载CSV文件',
    },
  },
  current: {
    en: {
      menuItem: 'AccessKey',
      entryTitle: 'Main Account AccessKey is not recommended',
      mainAccount: 'Use Main Account AccessKey',
      ramUsers: 'Use RAM User AccessKey',
      accountPage: 'AccessKey',
      userKeysSection: 'AccessKey',
      verificationConfirm: 'Confirm',
      resultAccount: 'Create AccessKey',
      resultUser: 'Create AccessKey',
      accountDownload: 'Download CSV File',
    },
    'zh-CN': {
      menuItem: 'AccessKey',
      entryTitle: '不建议使用主账号AccessKey',
      mainAccount: '使用主账号AccessKey',
      ramUsers: '使用RAM用户AccessKey',
      accountPage: 'AccessKey',
      userKeysSection: 'AccessKey',
      verificationConfirm: '确定',
      resultAccount: '创建AccessKey',
      resultUser: '创建AccessKey',
      accountDownload: '下载CSV文件',
    },
  },
} as const;
export type Flow = keyof typeof FLOW_COPY;
export type FlowWords = (typeof FLOW_COPY)[Flow][Lang];

export class SignInPage {
  constructor(
    private readonly page: Page,
    private readonly t: Copy = COPY.en,
  ) {}
  async goto() {
    await this.page.goto('/');
    await expect(this.page.getByRole('button', { name: this.t.signIn })).toBeVisible();
  }
  async signIn(username: string, password: string) {
    await this.page.getByLabel(this.t.username).fill(username);
    await this.page.getByLabel(this.t.password).fill(password);
    await this.page.getByRole('button', { name: this.t.signIn }).click();
  }
}

/** The console shell: top bar, avatar menu, left navigation. */
export class Shell {
  constructor(
    readonly page: Page,
    public t: Copy = COPY.en,
  ) {}
  avatarButton(operator: string) {
    return this.page.getByRole('banner').getByRole('button', { name: operator, exact: true });
  }
  accountMenu() {
    return this.page.getByRole('menu', { name: this.t.accountMenu });
  }
  async openAvatarMenu(operator: string) {
    await this.avatarButton(operator).click();
    await expect(this.accountMenu()).toBeVisible();
  }
  /** "Rest the pointer over the image in the upper-right corner": the menu opens on hover. */
  async hoverAvatarMenu(operator: string) {
    await this.avatarButton(operator).hover();
    await expect(this.accountMenu()).toBeVisible();
  }
  async chooseFromAvatarMenu(operator: string, item: string) {
    await this.openAvatarMenu(operator);
    await this.accountMenu().getByRole('menuitem', { name: item }).click();
  }
  nav() {
    return this.page.getByRole('navigation', { name: this.t.navigation });
  }
  breadcrumb() {
    return this.page.getByRole('navigation', { name: this.t.breadcrumb });
  }
  navItem(name: string) {
    return this.nav().getByRole('menuitem', { name, exact: true });
  }
  heading(name: string) {
    return this.page.getByRole('heading', { level: 1, name, exact: true });
  }
}

/**
 * What avatar → AccessKey opens before the main account's keys, in the words of the console
 * generation: Security Tips (000-002), Note (003), Main Account AccessKey is not recommended (004).
 */
export class SecurityTipsDialog {
  readonly dialog: Locator;
  constructor(
    page: Page,
    private readonly t: Copy = COPY.en,
    private readonly w: FlowWords = FLOW_COPY['security-tips'].en,
  ) {
    this.dialog = page.getByRole('dialog', { name: w.entryTitle });
  }
  aware() {
    return this.dialog.getByRole('checkbox', { name: this.t.aware });
  }
  /** The main account's way out ("Continue to manage AccessKey", …). */
  continueButton() {
    return this.dialog.getByRole('button', { name: this.w.mainAccount, exact: true });
  }
  /** The RAM users' way out ("Get Started with Sub Users' AccessKey", …). */
  subUsersButton() {
    return this.dialog.getByRole('button', { name: this.w.ramUsers, exact: true });
  }
}

export class PhoneVerificationDialog {
  readonly dialog: Locator;
  constructor(
    private readonly page: Page,
    private readonly t: Copy = COPY.en,
    private readonly w: FlowWords = FLOW_COPY['security-tips'].en,
  ) {
    this.dialog = page.getByRole('dialog', { name: t.phoneVerification });
  }
  sendButton() {
    return this.dialog.getByRole('button', { name: this.t.sendCode });
  }
  codeField() {
    return this.dialog.getByLabel(this.t.verificationCode);
  }
  /** "Confirm" (000-002, 004) or "OK" (003). */
  confirmButton() {
    return this.dialog.getByRole('button', { name: this.w.verificationConfirm, exact: true });
  }
  /**
   * Clicks Send and waits until the server answered (the button counts down). Resolves with how
   * many messages the operator's demo inbox held before the send, so a reader can wait for a
   * newer one (the page's own session reads the inbox).
   */
  async sendCode(): Promise<number> {
    const before = await this.inboxSize();
    await this.sendButton().click();
    await expect(this.resendCountdown()).toBeDisabled();
    return before;
  }
  resendCountdown() {
    return this.dialog.getByRole('button', { name: this.t.resendIn });
  }
  private async inboxSize(): Promise<number> {
    const res = await this.page.request.get('/api/demo/inbox');
    expect(res.ok(), await res.text()).toBeTruthy();
    return ((await res.json()) as { messages: unknown[] }).messages.length;
  }
  /**
   * Reads the code of the send that left `before` messages in the Demo inbox drawer, as a
   * newcomer without a phone would: waits until the drawer lists a message newer than the send.
   */
  async readCodeFromDemoInbox(before: number): Promise<string> {
    await this.dialog.getByRole('button', { name: this.t.openDemoInbox }).click();
    const drawer = this.page.getByRole('dialog', { name: this.t.demoInbox });
    const messages = drawer.getByRole('listitem');
    await expect(messages).toHaveCount(before + 1);
    const label = (await messages.first().getAttribute('aria-label')) ?? '';
    const code = /(\d{6})/.exec(label)?.[1];
    expect(code, 'a 6-digit code in the demo inbox').toBeTruthy();
    return code!;
  }
  async closeDemoInbox() {
    const drawer = this.page.getByRole('dialog', { name: this.t.demoInbox });
    await drawer.getByRole('button', { name: this.t.close }).click();
    await expect(drawer).toBeHidden();
  }
  /** Send, then read that send's code in the Demo inbox and close the drawer again. */
  async sendAndReadCode(): Promise<string> {
    const before = await this.sendCode();
    const code = await this.readCodeFromDemoInbox(before);
    await this.closeDemoInbox();
    return code;
  }
  /** The whole verification as a person does it: send, read the code in the Demo inbox, confirm. */
  async verifyWithDemoInbox() {
    await expect(this.dialog).toBeVisible();
    await this.codeField().fill(await this.sendAndReadCode());
    await this.confirmButton().click();
  }
}

export class ResultDialog {
  readonly dialog: Locator;
  constructor(
    readonly page: Page,
    title: string,
    private readonly t: Copy = COPY.en,
  ) {
    this.dialog = page.getByRole('dialog', { name: title });
  }
  /** "AccessKey Details": a toggle in the account's dialog of seeds 000-002, a heading elsewhere. */
  detailsToggle() {
    return this.dialog.getByRole('button', { name: this.t.accessKeyDetails });
  }
  /** Opens AccessKey Details if it is collapsed ("click AccessKey Details to view"). */
  async showDetails() {
    // The dialog first: before it renders, its toggle counts 0 and would be taken as absent.
    await expect(this.dialog).toBeVisible();
    const toggle = this.detailsToggle();
    if ((await toggle.count()) > 0 && (await toggle.getAttribute('aria-expanded')) === 'false') {
      await toggle.click();
      await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    }
  }
  /** The AccessKey ID and Secret as shown under AccessKey Details. */
  async readKey(): Promise<{ accessKeyId: string; accessKeySecret: string }> {
    await this.showDetails();
    await expect(this.dialog.getByRole('cell', { name: /^LTAI/ })).toBeVisible();
    const text = (await this.dialog.getByRole('code').allInnerTexts()).map((s) => s.trim());
    const accessKeyId = text.find((s) => /^LTAI[A-Za-z0-9]{20}$/.test(s));
    const accessKeySecret = text.find((s) => /^[A-Za-z0-9]{30}$/.test(s));
    expect(accessKeyId, 'an AccessKey ID in the details').toBeTruthy();
    expect(accessKeySecret, 'an AccessKey Secret in the details').toBeTruthy();
    return { accessKeyId: accessKeyId!, accessKeySecret: accessKeySecret! };
  }
  copyButton() {
    return this.dialog.getByRole('button', { name: this.t.copy, exact: true });
  }
  downloadButton() {
    return this.dialog.getByRole('button', { name: this.t.downloadCsv });
  }
  savedCheckbox() {
    return this.dialog.getByRole('checkbox', { name: this.t.saved });
  }
  okButton() {
    return this.dialog.getByRole('button', { name: this.t.ok, exact: true });
  }
}

/** An AccessKeys table (the account's, or a RAM user's on the Authentication tab). */
export class AccessKeysSection {
  constructor(
    private readonly page: Page,
    private readonly t: Copy = COPY.en,
  ) {}
  createButton() {
    return this.page.getByRole('button', { name: this.t.createAccessKey, exact: true });
  }
  table() {
    // The first table: on a RAM user's tab the user's recycle bin (issue 13) follows it, and
    // lists the keys just deleted.
    return this.page.getByRole('table').first();
  }
  row(accessKeyId: string) {
    return this.table().getByRole('row').filter({ hasText: accessKeyId });
  }
  rows() {
    return this.table().getByRole('row');
  }
}

/**
 * Clicks a choice in the open drop-down of a select. antd keeps a hidden listbox of role=option
 * for screen readers; what a person clicks is the visible item, which carries the label as title.
 */
export async function pickOption(page: Page, label: string) {
  await page.locator('.ant-select-dropdown:visible').getByTitle(label, { exact: true }).click();
}
