import { accessKeyActions } from './access-keys.js';
import { accountActions, stsActions } from './account.js';
import type { ActionDef } from './context.js';
import { policyActions } from './policies.js';
import { smsActions } from './sms.js';
import { userActions } from './users.js';

export interface Product {
  /** Used in error bodies' HostId and Recommend link. */
  code: string;
  host: string;
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
    actions: { ...userActions, ...accessKeyActions, ...policyActions, ...accountActions },
  },
  '2015-04-01': { code: 'Sts', host: 'sts.aliyuncs.com', actions: stsActions },
  '2017-05-25': { code: 'Dysmsapi', host: 'dysmsapi.aliyuncs.com', actions: smsActions },
};

export type { ActionContext, ActionDef, Caller, EmulatorSettings, Permission } from './context.js';
export { SYSTEM_POLICIES } from './policies.js';
