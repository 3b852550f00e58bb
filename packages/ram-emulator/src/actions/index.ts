import { accessKeyActions } from './access-keys.js';
import { accountActions, stsActions } from './account.js';
import { actionTrailActions } from './actiontrail.js';
import type { ActionDef } from './context.js';
import { credentialReportActions } from './credential-report.js';
import { identityActions } from './identity.js';
import { imsAccessKeyActions } from './ims.js';
import { policyActions } from './policies.js';
import { recycleBinActions } from './recycle-bin.js';
import { securityPreferenceActions } from './security-preferences.js';
import { smsActions } from './sms.js';
import { userActions } from './users.js';

export interface Product {
  /** The service name in error bodies' Recommend link and in a key's last-used record. */
  code: string;
  /** Used in error bodies' HostId. */
  host: string;
  /** The RAM authorization namespace (`ram:CreateUser`, `acs:ram:*:…`) for NoPermission. */
  authorization: string;
  actions: Readonly<Record<string, ActionDef>>;
}

/**
 * Routing is data: API version → product → action name → handler. Every product shares one
 * endpoint; requests are told apart by `x-acs-version` (V3) or `Version` (V1).
 */
export const PRODUCTS: Readonly<Record<string, Product>> = {
  '2015-05-01': {
    code: 'Ram',
    host: 'ram.aliyuncs.com',
    authorization: 'ram',
    actions: {
      ...userActions,
      ...accessKeyActions,
      ...policyActions,
      ...accountActions,
      ...identityActions,
    },
  },
  '2019-08-15': {
    code: 'Ims',
    host: 'ims.aliyuncs.com',
    authorization: 'ram',
    actions: {
      ...imsAccessKeyActions,
      ...securityPreferenceActions,
      ...recycleBinActions,
      ...credentialReportActions,
    },
  },
  '2015-04-01': {
    code: 'Sts',
    host: 'sts.aliyuncs.com',
    authorization: 'sts',
    actions: stsActions,
  },
  '2017-05-25': {
    code: 'Dysmsapi',
    host: 'dysmsapi.aliyuncs.com',
    authorization: 'dysms',
    actions: smsActions,
  },
  '2020-07-06': {
    code: 'Actiontrail',
    host: 'actiontrail.cn-hangzhou.aliyuncs.com',
    authorization: 'actiontrail',
    actions: actionTrailActions,
  },
};

export type { ActionContext, ActionDef, Caller, EmulatorSettings, Permission } from './context.js';
export { SYSTEM_POLICIES } from './policies.js';
export { ACCOUNT_ALIAS_META } from './account.js';
