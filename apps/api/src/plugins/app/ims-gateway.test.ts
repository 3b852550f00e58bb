import { describe, expect, it } from 'vitest';
import { newestPerService, securityPreferenceParams } from './ims-gateway.js';

// GetSecurityPreference's answer as the IMS reference lists it (ims-api.md section 3).
const answer = {
  RequestId: 'r-1',
  SecurityPreference: {
    AccessKeyPreference: {
      AllowUserToManageAccessKeys: false,
      AllowUserToManageServiceCredentials: true,
    },
    LoginProfilePreference: {
      AllowUserToChangePassword: false,
      AllowUserToLoginWithPasskey: true,
      EnableSaveMFATicket: true,
      LoginNetworkMasks: '10.0.0.0/8;192.168.0.0/16',
      LoginSessionDuration: 12,
      MFAOperationForLogin: 'mandatory',
      OperationForRiskLogin: 'autoVerify',
    },
    MFAPreference: { AllowUserToManageMFADevices: false },
    MaxIdleDays: { MaxIdleDaysForAccessKeys: 730, MaxIdleDaysForUsers: 365 },
    PersonalInfoPreference: { AllowUserToManagePersonalDingTalk: false },
    VerificationPreference: { VerificationTypes: ['sms', 'email'] },
  },
};

describe('SetSecurityPreference keeps what the console does not edit', () => {
  it('sends every other writable preference back as RAM gave it, and ours as chosen', () => {
    expect(
      securityPreferenceParams(answer, {
        allowUserToManageAccessKeys: true,
        maxIdleDaysForAccessKeys: 90,
      }),
    ).toEqual({
      AllowUserToChangePassword: 'false',
      AllowUserToLoginWithPasskey: 'true',
      EnableSaveMFATicket: 'true',
      LoginNetworkMasks: '10.0.0.0/8;192.168.0.0/16',
      LoginSessionDuration: '12',
      MFAOperationForLogin: 'mandatory',
      OperationForRiskLogin: 'autoVerify',
      AllowUserToManageMFADevices: 'false',
      AllowUserToManagePersonalDingTalk: 'false',
      MaxIdleDaysForUsers: '365',
      VerificationTypes: '["sms","email"]',
      AllowUserToManageAccessKeys: 'true',
      MaxIdleDaysForAccessKeys: '90',
    });
  });

  it('sends no field RAM did not return, and nothing but scalars and a list of strings', () => {
    expect(
      securityPreferenceParams(
        {
          SecurityPreference: {
            LoginProfilePreference: { LoginSessionDuration: 6, LoginNetworkMasks: { x: 1 } },
            VerificationPreference: { VerificationTypes: [1] },
          },
        },
        { allowUserToManageAccessKeys: false, maxIdleDaysForAccessKeys: 730 },
      ),
    ).toEqual({
      LoginSessionDuration: '6',
      AllowUserToManageAccessKeys: 'false',
      MaxIdleDaysForAccessKeys: '730',
    });
    expect(
      securityPreferenceParams(
        {},
        { allowUserToManageAccessKeys: true, maxIdleDaysForAccessKeys: 180 },
      ),
    ).toEqual({ AllowUserToManageAccessKeys: 'true', MaxIdleDaysForAccessKeys: '180' });
  });
});

describe('ActionTrail services of a key', () => {
  it('one row per service, with its newest use, whatever the answer repeats', () => {
    // As ActionTrail sends them, with fields the console does not read.
    const products: Record<string, unknown>[] = [
      { ServiceName: 'Ecs', UsedTimestamp: 1_000, Source: 'api' },
      { ServiceName: 'Oss', UsedTimestamp: 3_000 },
      { ServiceName: 'Ecs', UsedTimestamp: 5_000, Source: 'console' },
      { ServiceName: 'Ecs', UsedTimestamp: 2_000 },
      { ServiceName: '', UsedTimestamp: 9_000 },
      { UsedTimestamp: 9_000 },
    ];
    expect(newestPerService(products)).toEqual([
      { serviceName: 'Ecs', usedTimestamp: 5_000 },
      { serviceName: 'Oss', usedTimestamp: 3_000 },
    ]);
  });
});
