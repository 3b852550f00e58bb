import { describe, expect, it } from 'vitest';
import {
  AccessKeyProtectionReason,
  AuditAction,
  AuditVerification,
  ConflictReason,
  ConsoleErrorCatalog,
  ForbiddenReason,
  RotationBlockReason,
  RotationRefusalReason,
  VerificationExpiredReason,
  VerificationRequiredReason,
  VerifiedAction,
} from '@ram-console/contracts';
import en from './en.json';
import zhCN from './zh-CN.json';

// Every string the console shows exists in both languages (i18next plural suffixes aside).
const keys = (o: object, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null
      ? keys(v as object, `${prefix}${k}.`)
      : [`${prefix}${k}`.replace(/_(one|other)$/, '')],
  );
const strings = (o: object): [string, string][] =>
  Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null
      ? strings(v as object).map(([p, s]): [string, string] => [`${k}.${p}`, s])
      : [[k, String(v)]],
  );

const HAN = '[\\u4e00-\\u9fff\\u3000-\\u303f\\uff00-\\uffef]';

describe('locales', () => {
  it('en and zh-CN have the same keys', () => {
    expect([...new Set(keys(zhCN))].sort()).toEqual([...new Set(keys(en))].sort());
  });

  it('every English count has its singular and plural (i18next plural rules, never "1 days")', () => {
    const all = strings(en);
    for (const [key, s] of all) {
      if (!s.includes('{{count}}')) continue;
      const base = key.replace(/_(one|other)$/, '');
      expect(
        all.map(([k]) => k),
        `${base} needs _one and _other`,
      ).toEqual(expect.arrayContaining([`${base}_one`, `${base}_other`]));
    }
  });

  it('a unit after a configurable number comes from that number’s plural (never "1 days")', () => {
    // Numbers fixed by RAM or by the console's code, never 1: the plain plural is right there.
    const fixed: Record<string, string> = {
      'errors.codes.VerificationSendLimitExceeded': '5 codes an hour (verification.ts)',
      'keyUsage.lag': 'ActionTrail refreshes about every 60 minutes',
      'recycleBin.keysFacts': 'RAM keeps deleted keys 30 days',
      'recycleBin.accountFacts': 'RAM keeps deleted users 30 days',
      'recycleBin.deleteKeyBody': 'RAM keeps deleted keys 30 days',
      'recycleBin.deleteUserNote': 'RAM keeps deleted users 30 days',
    };
    const unpluralised = strings(en)
      .filter(([key]) => !(key.replace(/_(one|other)$/, '') in fixed))
      .filter(([, s]) =>
        /\{\{(?!count\}\})\w+\}\} (days?|hours?|minutes?|seconds?|keys?|users?|codes?)\b/.test(s),
      );
    expect(unpluralised).toEqual([]);
  });

  it('one spacing rule in 简体中文: no space between Chinese and Latin letters or digits', () => {
    const spaced = new RegExp(`${HAN} +[A-Za-z0-9{]|[A-Za-z0-9}] +${HAN}`);
    const offenders = strings(zhCN).filter(([, s]) => spaced.test(s));
    expect(offenders).toEqual([]);
  });

  it('use DESIGN.md’s exact copy for the flow', () => {
    const tips = en.flow['security-tips'];
    expect(tips.mainAccount).toBe('Continue to manage AccessKey');
    expect(tips.ramUsers).toBe("Get Started with Sub Users' AccessKey");
    expect(zhCN.flow['security-tips'].mainAccount).toBe('继续使用AccessKey');
    expect(zhCN.flow['security-tips'].ramUsers).toBe('开始使用子用户AccessKey');
    expect(zhCN.flow['security-tips'].entryTitle).toBe('安全提示');
    expect(en.entry.aware).toBe(
      'I am aware of the security risks of using a main account AccessKey',
    );
    expect(en.flow.note).toMatchObject({
      menuItem: 'AccessKey Management',
      entryTitle: 'Note',
      mainAccount: 'Use Current AccessKey Pair',
      ramUsers: 'Use AccessKey Pair of RAM User',
      accountPage: 'AccessKey Management',
      resultAccount: 'Create User AccessKey',
    });
    expect(en.flow.current).toMatchObject({
      entryTitle: 'Main Account AccessKey is not recommended',
      accountPage: 'AccessKey',
      resultAccount: 'Create AccessKey',
    });
    expect(en.mainAccountCreate.title).toBe('Create Main Account AccessKey');
    expect(en.accessKeys.usedByConsole).toBe('Used by this console');
    expect(zhCN.accessKeys.usedByConsole).toBe('控制台正在使用');
    expect(zhCN.scenario.confirm).toBe('我确认必须创建AccessKey');
    expect(zhCN.scenario.continue).toBe('继续创建');
    expect(zhCN.verification.title).toBe('手机验证');
    expect(zhCN.verification.send).toBe('获取验证码');
    expect(zhCN.verification.code).toBe('验证码');
    expect(zhCN.flow['security-tips'].verificationConfirm).toBe('确定');
    expect(zhCN.result.downloadCsv).toBe('下载CSV文件');
    expect(en.result.saved).toBe('I have saved the AccessKey Secret');
  });

  // The vocabulary in packages/contracts, rendered as t(code, details): every code, every reason
  // and every audit action has its words in both languages.
  // A key, or its i18next plural forms (`_one`, `_other`).
  const has = (lang: object, key: string) => keys(lang).includes(key);
  const reasons: [string, readonly string[]][] = [
    ['Conflict', ConflictReason.options],
    ['AccessKeyProtected', AccessKeyProtectionReason.options],
    ['RotationCannotStart', RotationBlockReason.options],
    ['RotationStepRefused', RotationRefusalReason.options],
    ['VerificationExpired', VerificationExpiredReason.options],
    ['VerificationRequired', VerificationRequiredReason.options],
    ['Forbidden', ForbiddenReason.options],
  ];

  it.each([
    ['en', en],
    ['zh-CN', zhCN],
  ] as const)(
    '%s: every error code, reason, audit action and verified action has words',
    (_, lang) => {
      const missing = [
        ...Object.keys(ConsoleErrorCatalog)
          .map((c) => `errors.codes.${c}`)
          .filter((k) => !has(lang, k)),
        ...reasons.flatMap(([code, values]) =>
          values.map((r) => `errors.codes.${code}_${r}`).filter((k) => !has(lang, k)),
        ),
        ...AuditAction.options.map((a) => `audit.actions.${a}`).filter((k) => !has(lang, k)),
        ...AuditVerification.options
          .map((v) => `audit.verification.${v}`)
          .filter((k) => !has(lang, k)),
        ...VerifiedAction.options
          .map((a) => `verification.purpose.${a}`)
          .filter((k) => !has(lang, k)),
      ];
      expect(missing).toEqual([]);
    },
  );
});
