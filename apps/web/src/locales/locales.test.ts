import { describe, expect, it } from 'vitest';
import en from './en.json';
import zhCN from './zh-CN.json';

// Every string the console shows exists in both languages (i18next plural suffixes aside).
const keys = (o: object, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null
      ? keys(v as object, `${prefix}${k}.`)
      : [`${prefix}${k}`.replace(/_(one|other)$/, '')],
  );

describe('locales', () => {
  it('en and zh-CN have the same keys', () => {
    expect([...new Set(keys(zhCN))].sort()).toEqual([...new Set(keys(en))].sort());
  });

  it('use DESIGN.md’s exact copy for the flow', () => {
    expect(en.securityTips.continue).toBe('Continue to manage AccessKey');
    expect(zhCN.securityTips.continue).toBe('继续使用AccessKey');
    expect(zhCN.securityTips.subUsers).toBe('开始使用子用户AccessKey');
    expect(zhCN.securityTips.title).toBe('安全提示');
    expect(zhCN.scenario.confirm).toBe('我确认必须创建AccessKey');
    expect(zhCN.scenario.continue).toBe('继续创建');
    expect(zhCN.verification.title).toBe('手机验证');
    expect(zhCN.verification.send).toBe('获取验证码');
    expect(zhCN.verification.code).toBe('验证码');
    expect(zhCN.verification.confirm).toBe('确定');
    expect(zhCN.result.downloadCsv).toBe('下载CSV文件');
    expect(en.result.saved).toBe('I have saved the AccessKey Secret');
  });
});
