import {
  compilePolicy,
  parsePolicy,
  type AccessKeyPolicy,
  type NetworkMatcher,
} from '../network-policy.js';
import type { Store } from './store.js';

/**
 * Account-wide settings kept as JSON in `meta`: the security preferences (IMS Get/Set
 * SecurityPreference), the account-level AccessKey network policy, and the last credential report.
 * The policy is also kept compiled in memory: authentication consults it on every call.
 */

export interface SecurityPreferences {
  allowUserToManageAccessKeys: boolean;
  allowUserToManageServiceCredentials: boolean;
  allowUserToChangePassword: boolean;
  allowUserToLoginWithPasskey: boolean;
  enableSaveMFATicket: boolean;
  loginNetworkMasks: string;
  loginSessionDuration: number;
  mfaOperationForLogin: 'mandatory' | 'independent' | 'adaptive';
  operationForRiskLogin: 'autonomous' | 'enforceVerify';
  allowUserToManageMFADevices: boolean;
  allowUserToManagePersonalDingTalk: boolean;
  maxIdleDaysForAccessKeys: number;
  maxIdleDaysForUsers: number;
  verificationTypes: string[];
}

/** RAM's defaults (reference/ims-api.md §3 and the SDK's parameter docs). */
export const DEFAULT_PREFERENCES: SecurityPreferences = {
  allowUserToManageAccessKeys: false,
  allowUserToManageServiceCredentials: true,
  allowUserToChangePassword: true,
  allowUserToLoginWithPasskey: true,
  enableSaveMFATicket: false,
  loginNetworkMasks: '',
  loginSessionDuration: 6,
  mfaOperationForLogin: 'independent',
  operationForRiskLogin: 'autonomous',
  allowUserToManageMFADevices: true,
  allowUserToManagePersonalDingTalk: true,
  maxIdleDaysForAccessKeys: 730,
  maxIdleDaysForUsers: 730,
  verificationTypes: [],
};

export interface CredentialReport {
  generatedTime: string;
  /** CSV lines after the header, one per user, `<root>` first. */
  rows: string[];
}

const PREFERENCES = 'security_preferences';
const ACCOUNT_POLICY = 'account_access_key_policy';
const CREDENTIAL_REPORT = 'credential_report';
/** What `/__emulator/reset` forgets. */
export const ACCOUNT_SETTING_KEYS = [PREFERENCES, ACCOUNT_POLICY, CREDENTIAL_REPORT] as const;

export class AccountSettings {
  private prefs: SecurityPreferences;
  private policy: AccessKeyPolicy | null;
  /** Null when the account-level policy restricts nothing. */
  matcher: NetworkMatcher | null;

  constructor(private readonly store: Store) {
    this.prefs = this.loadPreferences();
    this.policy = this.loadPolicy();
    this.matcher = compilePolicy(this.policy);
  }

  /** Re-reads everything (after a reset). */
  reload(): void {
    this.prefs = this.loadPreferences();
    this.policy = this.loadPolicy();
    this.matcher = compilePolicy(this.policy);
  }

  get preferences(): Readonly<SecurityPreferences> {
    return this.prefs;
  }

  setPreferences(prefs: SecurityPreferences): void {
    this.store.setMeta(PREFERENCES, JSON.stringify(prefs));
    this.prefs = prefs;
  }

  get accessKeyPolicy(): AccessKeyPolicy | null {
    return this.policy;
  }

  setAccessKeyPolicy(policy: AccessKeyPolicy): void {
    this.store.setMeta(ACCOUNT_POLICY, JSON.stringify(policy));
    this.policy = policy;
    this.matcher = compilePolicy(policy);
  }

  get credentialReport(): CredentialReport | undefined {
    const raw = this.store.getMeta(CREDENTIAL_REPORT);
    return raw === undefined ? undefined : (JSON.parse(raw) as CredentialReport);
  }

  setCredentialReport(report: CredentialReport): void {
    this.store.setMeta(CREDENTIAL_REPORT, JSON.stringify(report));
  }

  private loadPreferences(): SecurityPreferences {
    const raw = this.store.getMeta(PREFERENCES);
    return {
      ...DEFAULT_PREFERENCES,
      ...(raw === undefined ? {} : (JSON.parse(raw) as Partial<SecurityPreferences>)),
    };
  }

  private loadPolicy(): AccessKeyPolicy | null {
    const raw = this.store.getMeta(ACCOUNT_POLICY);
    return raw === undefined ? null : parsePolicy(raw);
  }
}
