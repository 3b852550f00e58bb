import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  IMS,
  ImsSdk,
  MODES,
  RamSdk,
  callApi,
  ims,
  ram,
  sdkError,
  sms,
  SmsSdk,
  startEmulator,
  sts,
  type Credentials,
  type Mode,
  type Running,
} from './helpers.js';

const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const DOMAIN = 'ram-console-demo.onaliyun.com';
type Ims = InstanceType<typeof ImsSdk.default>;

describe.each(MODES)('IMS 2019-08-15 over the official SDK (%s)', (mode: Mode) => {
  let e: Running;
  let root: Ims;

  beforeAll(async () => {
    e = await startEmulator();
    root = ims(e.port, e.root, mode);
  });
  afterAll(() => e.close());
  beforeEach(async () => {
    await e.app.inject({ method: 'POST', url: '/__emulator/reset' });
  });

  const createUser = async (userName: string, policy?: string) => {
    const r = ram(e.port, e.root, mode);
    const user = (await r.createUser(new RamSdk.CreateUserRequest({ userName }))).body!.user!;
    if (policy)
      await r.attachPolicyToUser(
        new RamSdk.AttachPolicyToUserRequest({
          userName,
          policyName: policy,
          policyType: 'System',
        }),
      );
    return user;
  };
  const keysOf = async (client: Ims, userPrincipalName?: string) =>
    (
      await client.listAccessKeys(
        new ImsSdk.ListAccessKeysRequest(userPrincipalName ? { userPrincipalName } : {}),
      )
    ).body!.accessKeys!.accessKey!;
  const asCreds = (k: { accessKeyId?: string; accessKeySecret?: string }): Credentials => ({
    accessKeyId: k.accessKeyId!,
    accessKeySecret: k.accessKeySecret!,
  });

  it('creates, lists, disables and deletes keys named by UserPrincipalName', async () => {
    await createUser('alice');
    const upn = `alice@${DOMAIN}`;
    const key = (
      await root.createAccessKey(new ImsSdk.CreateAccessKeyRequest({ userPrincipalName: upn }))
    ).body!.accessKey!;
    expect(key).toMatchObject({ status: 'Active' });
    expect(key.accessKeyId).toMatch(/^LTAI[A-Za-z0-9]{20}$/);
    expect(key.accessKeySecret).toMatch(/^[A-Za-z0-9]{30}$/);
    expect(await keysOf(root, upn)).toEqual([
      {
        accessKeyId: key.accessKeyId,
        status: 'Active',
        createDate: key.createDate,
        updateDate: key.createDate,
      },
    ]);
    // The same key is RAM 2015's too.
    const viaRam = await ram(e.port, e.root, mode).listAccessKeys(
      new RamSdk.ListAccessKeysRequest({ userName: 'alice' }),
    );
    expect(viaRam.body!.accessKeys!.accessKey!.map((k) => k.accessKeyId)).toEqual([
      key.accessKeyId,
    ]);

    await root.updateAccessKey(
      new ImsSdk.UpdateAccessKeyRequest({
        userPrincipalName: upn,
        userAccessKeyId: key.accessKeyId,
        status: 'Inactive',
      }),
    );
    const [updated] = await keysOf(root, upn);
    expect(updated!.status).toBe('Inactive');
    expect(updated!.updateDate).toMatch(ISO_SECONDS);

    // The domain may also be the account ID.
    const byAccountId = `alice@${e.app.emulator.accountId}.onaliyun.com`;
    await root.deleteAccessKey(
      new ImsSdk.DeleteAccessKeyRequest({
        userPrincipalName: byAccountId,
        userAccessKeyId: key.accessKeyId,
      }),
    );
    expect(await keysOf(root, upn)).toEqual([]);

    // Without a UserPrincipalName root works on the account's own keys.
    expect((await keysOf(root)).map((k) => k.accessKeyId)).toEqual([e.root.accessKeyId]);
  });

  it('answers 404 for a user of another domain and 400 for a malformed UserPrincipalName', async () => {
    await createUser('bob');
    const list = (userPrincipalName: string) =>
      root.listAccessKeys(new ImsSdk.ListAccessKeysRequest({ userPrincipalName }));
    expect(await sdkError(list('bob@other.onaliyun.com'))).toMatchObject({
      code: 'EntityNotExist.User',
      statusCode: 404,
    });
    expect(await sdkError(list(`nobody@${DOMAIN}`))).toMatchObject({
      code: 'EntityNotExist.User',
    });
    expect(await sdkError(list('bob'))).toMatchObject({
      code: 'InvalidParameter.UserPrincipalName.Format',
      statusCode: 400,
    });
    expect(await sdkError(list(`b b@${DOMAIN}`))).toMatchObject({
      code: 'InvalidParameter.UserPrincipalName.InvalidChars',
    });
  });

  it('records the service of the last use: Ram, Sts, Ims, Dysmsapi', async () => {
    await createUser('carol', 'AdministratorAccess');
    const upn = `carol@${DOMAIN}`;
    const key = asCreds(
      (await root.createAccessKey(new ImsSdk.CreateAccessKeyRequest({ userPrincipalName: upn })))
        .body!.accessKey!,
    );
    const lastUsed = async () =>
      (
        await root.getAccessKeyLastUsed(
          new ImsSdk.GetAccessKeyLastUsedRequest({
            userPrincipalName: upn,
            userAccessKeyId: key.accessKeyId,
          }),
        )
      ).body!.accessKeyLastUsed!;
    expect(await lastUsed()).toEqual({ lastUsedDate: '', serviceName: '' });

    await ram(e.port, key, mode).getAccountAlias();
    expect(await lastUsed()).toMatchObject({ serviceName: 'Ram' });
    expect((await lastUsed()).lastUsedDate).toMatch(ISO_SECONDS);
    await sts(e.port, key, mode).getCallerIdentity();
    expect((await lastUsed()).serviceName).toBe('Sts');
    await ims(e.port, key, mode).getAccountSummary();
    expect((await lastUsed()).serviceName).toBe('Ims');
    await sms(e.port, key, mode).sendSms(
      new SmsSdk.SendSmsRequest({
        phoneNumbers: '13800138000',
        signName: 'Console',
        templateCode: 'SMS_1',
        templateParam: '{"code":"123456"}',
      }),
    );
    expect((await lastUsed()).serviceName).toBe('Dysmsapi');

    // RAM 2015-05-01 answers the date only, as the real one does.
    const viaRam = await ram(e.port, e.root, mode).getAccessKeyLastUsed(
      new RamSdk.GetAccessKeyLastUsedRequest({
        userName: 'carol',
        userAccessKeyId: key.accessKeyId,
      }),
    );
    expect(viaRam.body!.accessKeyLastUsed).toEqual({
      lastUsedDate: (await lastUsed()).lastUsedDate,
    });
  });

  it('reads and sets every security preference; MaxIdleDaysForAccessKeys through the generic client', async () => {
    const prefs = async () => (await root.getSecurityPreference()).body!.securityPreference!;
    expect(await prefs()).toMatchObject({
      accessKeyPreference: { allowUserToManageAccessKeys: false },
      loginProfilePreference: {
        allowUserToChangePassword: true,
        allowUserToLoginWithPasskey: true,
        enableSaveMFATicket: false,
        loginNetworkMasks: '',
        loginSessionDuration: 6,
        MFAOperationForLogin: 'independent',
        operationForRiskLogin: 'autonomous',
      },
      MFAPreference: { allowUserToManageMFADevices: true },
      maxIdleDays: { maxIdleDaysForAccessKeys: 730, maxIdleDaysForUsers: 730 },
      personalInfoPreference: { allowUserToManagePersonalDingTalk: true },
      verificationPreference: { verificationTypes: [] },
    });

    const set = await root.setSecurityPreference(
      new ImsSdk.SetSecurityPreferenceRequest({
        allowUserToManageAccessKeys: true,
        allowUserToChangePassword: false,
        loginNetworkMasks: '10.0.0.0/8;192.168.0.0/16',
        loginSessionDuration: 12,
        MFAOperationForLogin: 'adaptive',
        verificationTypes: ['sms', 'email'],
      }),
    );
    expect(set.body!.securityPreference!.accessKeyPreference!.allowUserToManageAccessKeys).toBe(
      true,
    );
    // The 2.3.2 SDK cannot send the idle days: the generic client can.
    const idle = await callApi(e.port, e.root, mode, IMS, 'SetSecurityPreference', {
      MaxIdleDaysForAccessKeys: '90',
    });
    expect(idle.SecurityPreference).toMatchObject({
      MaxIdleDays: { MaxIdleDaysForAccessKeys: 90, MaxIdleDaysForUsers: 730 },
      AccessKeyPreference: { AllowUserToManageAccessKeys: true },
    });
    expect(await prefs()).toMatchObject({
      loginProfilePreference: {
        allowUserToChangePassword: false,
        loginNetworkMasks: '10.0.0.0/8;192.168.0.0/16',
        loginSessionDuration: 12,
        MFAOperationForLogin: 'adaptive',
      },
      maxIdleDays: { maxIdleDaysForAccessKeys: 90 },
      verificationPreference: { verificationTypes: ['sms', 'email'] },
    });

    for (const [name, value] of [
      ['MaxIdleDaysForAccessKeys', '100'],
      ['LoginSessionDuration', '25'],
      ['MFAOperationForLogin', 'sometimes'],
      ['AllowUserToManageAccessKeys', 'yes'],
      ['LoginNetworkMasks', 'not-a-network'],
      ['VerificationTypes', '["pigeon"]'],
    ] as const) {
      expect(
        await sdkError(
          callApi(e.port, e.root, mode, IMS, 'SetSecurityPreference', { [name]: value }),
        ),
        name,
      ).toMatchObject({ code: `InvalidParameter.${name}`, statusCode: 400 });
    }
    expect((await prefs()).maxIdleDays!.maxIdleDaysForAccessKeys).toBe(90);
  });

  it('lets a RAM user manage only its own keys without a policy once AllowUserToManageAccessKeys is on', async () => {
    await createUser('dave');
    await createUser('erin');
    const upn = `dave@${DOMAIN}`;
    const dave = ims(
      e.port,
      asCreds(
        (await root.createAccessKey(new ImsSdk.CreateAccessKeyRequest({ userPrincipalName: upn })))
          .body!.accessKey!,
      ),
      mode,
    );
    const refused = await sdkError(keysOf(dave));
    expect(refused).toMatchObject({ code: 'NoPermission', statusCode: 403 });
    expect(refused.message).toContain('Action: ram:ListAccessKeys');

    await root.setSecurityPreference(
      new ImsSdk.SetSecurityPreferenceRequest({ allowUserToManageAccessKeys: true }),
    );
    expect(await keysOf(dave)).toHaveLength(1);
    expect(await keysOf(dave, upn)).toHaveLength(1);
    const second = (await dave.createAccessKey(new ImsSdk.CreateAccessKeyRequest({}))).body!
      .accessKey!;
    expect(await keysOf(dave)).toHaveLength(2);
    await dave.deleteAccessKey(
      new ImsSdk.DeleteAccessKeyRequest({ userAccessKeyId: second.accessKeyId }),
    );
    // Someone else's keys, or anything else, still need a policy.
    expect(await sdkError(keysOf(dave, `erin@${DOMAIN}`))).toMatchObject({ code: 'NoPermission' });
    expect(await sdkError(dave.getAccountSummary())).toMatchObject({ code: 'NoPermission' });
  });

  it('names the domain of UserPrincipalNames (GetDefaultDomain), following the alias', async () => {
    const domain = async () => (await root.getDefaultDomain()).body!.defaultDomainName;
    const r = ram(e.port, e.root, mode);
    expect(await domain()).toBe(DOMAIN);
    await r.setAccountAlias(new RamSdk.SetAccountAliasRequest({ accountAlias: 'renamed-co' }));
    try {
      expect(await domain()).toBe('renamed-co.onaliyun.com');
    } finally {
      await r.setAccountAlias(
        new RamSdk.SetAccountAliasRequest({ accountAlias: DOMAIN.split('.')[0]! }),
      );
    }
  });

  it('sums up the account (GetAccountSummary)', async () => {
    await createUser('frank');
    await createUser('gina');
    const summary = (await root.getAccountSummary()).body!.summaryMap!;
    expect(summary).toMatchObject({
      users: 2,
      usersQuota: 1000,
      accessKeysPerUserQuota: 2,
      accountAccessKeysPerAccountQuota: 5,
      IPItemsPerAKPolicyQuota: 50,
      conditionsPerAKPolicyQuota: 8,
      groups: 0,
      policies: 0,
    });
  });

  it('generates a credential report and pages it (Base64 CSV, <root> first)', async () => {
    expect(
      await sdkError(root.getCredentialReport(new ImsSdk.GetCredentialReportRequest({}))),
    ).toMatchObject({ code: 'EntityNotExist.CredentialReport', statusCode: 404 });
    await createUser('hank');
    const key = (
      await root.createAccessKey(
        new ImsSdk.CreateAccessKeyRequest({ userPrincipalName: `hank@${DOMAIN}` }),
      )
    ).body!.accessKey!;
    await ram(e.port, asCreds(key), mode)
      .getAccountAlias()
      .catch(() => undefined); // NoPermission still counts as a use

    expect((await root.generateCredentialReport()).body!.state).toBe('STARTED');
    expect((await root.generateCredentialReport()).body!.state).toBe('COMPLETED');
    const whole = (await root.getCredentialReport(new ImsSdk.GetCredentialReportRequest({}))).body!;
    expect(whole).toMatchObject({ isTruncated: 'false' });
    expect(whole.generatedTime).toMatch(ISO_SECONDS);
    const lines = Buffer.from(whole.content!, 'base64').toString('utf8').trim().split('\n');
    expect(lines[0]).toBe(
      'user,user_creation_time,user_last_logon,password_exist,password_active,password_last_changed,password_next_rotation,mfa_active,access_key_1_exist,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used,access_key_2_exist,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used',
    );
    expect(lines[1]!.startsWith('<root>,')).toBe(true);
    const hank = lines[2]!.split(',');
    expect(hank.slice(0, 1)).toEqual([`hank@${DOMAIN}`]);
    expect(hank.slice(3, 5)).toEqual(['FALSE', 'N/A']);
    expect(hank.slice(8, 12)).toEqual([
      'TRUE',
      'TRUE',
      key.createDate,
      expect.stringMatching(ISO_SECONDS),
    ]);
    expect(hank.slice(12)).toEqual(['FALSE', 'N/A', 'N/A', 'N/A']);

    const first = (
      await root.getCredentialReport(new ImsSdk.GetCredentialReportRequest({ maxItems: '1' }))
    ).body!;
    expect(first.isTruncated).toBe('true');
    const second = (
      await root.getCredentialReport(
        new ImsSdk.GetCredentialReportRequest({ maxItems: '1', nextToken: first.nextToken! }),
      )
    ).body!;
    expect(second.isTruncated).toBe('false');
    expect(Buffer.from(second.content!, 'base64').toString().trim().split('\n')[1]).toBe(lines[2]);
    expect(
      await sdkError(
        root.getCredentialReport(new ImsSdk.GetCredentialReportRequest({ maxItems: '0' })),
      ),
    ).toMatchObject({ code: 'InvalidParameter.MaxItems' });
  });
});
