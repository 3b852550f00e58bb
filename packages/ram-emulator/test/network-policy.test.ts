import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  IMS,
  ImsSdk,
  MODES,
  RamSdk,
  advanceClock,
  callApi,
  ims,
  ram,
  sdkError,
  startEmulator,
  type Credentials,
  type Mode,
  type Running,
} from './helpers.js';

const ALLOW = (...ips: string[]) =>
  JSON.stringify({ Status: 'Active', Statements: [{ Type: 'ClassicWhiteList', IPList: ips }] });
const RESET = '{"Version":1,"Status":"Inactive","Statements":[]}';

describe.each(MODES)(
  'AccessKey network access restriction policies over the SDK (%s)',
  (mode: Mode) => {
    let e: Running;
    let root: Credentials;
    let upn: string;

    beforeAll(async () => {
      e = await startEmulator();
      root = e.root;
    });
    afterAll(() => e.close());

    let alice: Credentials;
    beforeEach(async () => {
      await e.app.inject({ method: 'POST', url: '/__emulator/reset' });
      const r = ram(e.port, root, mode);
      await r.createUser(new RamSdk.CreateUserRequest({ userName: 'alice' }));
      await r.attachPolicyToUser(
        new RamSdk.AttachPolicyToUserRequest({
          userName: 'alice',
          policyName: 'AliyunRAMReadOnlyAccess',
          policyType: 'System',
        }),
      );
      const key = (
        await r.createAccessKey(new RamSdk.CreateAccessKeyRequest({ userName: 'alice' }))
      ).body!.accessKey!;
      alice = { accessKeyId: key.accessKeyId!, accessKeySecret: key.accessKeySecret! };
      upn = 'alice@ram-console-demo.onaliyun.com';
    });

    const setKeyPolicy = (keyId: string, policy: string, who = root, userPrincipalName?: string) =>
      callApi(e.port, who, mode, IMS, 'SetAccessKeyPolicy', {
        UserAccessKeyId: keyId,
        AccessKeyPolicy: policy,
        ...(userPrincipalName ? { UserPrincipalName: userPrincipalName } : {}),
      });
    const getKeyPolicy = (keyId: string, userPrincipalName?: string) =>
      callApi(e.port, root, mode, IMS, 'GetAccessKeyPolicy', {
        UserAccessKeyId: keyId,
        ...(userPrincipalName ? { UserPrincipalName: userPrincipalName } : {}),
      });
    const aliceCalls = () => ram(e.port, alice, mode).getAccountAlias();
    const lastUsed = async () =>
      (
        await ims(e.port, root, mode).getAccessKeyLastUsed(
          new ImsSdk.GetAccessKeyLastUsedRequest({
            userPrincipalName: upn,
            userAccessKeyId: alice.accessKeyId,
          }),
        )
      ).body!.accessKeyLastUsed!;

    it('refuses a key from 127.0.0.1 when its policy does not list it, and allows it after the list changes', async () => {
      expect((await aliceCalls()).body!.accountAlias).toBe('ram-console-demo');
      const usedBefore = (await lastUsed()).lastUsedDate;
      await advanceClock(e.app, 1 / 1440); // a minute later, a counted use would move the date

      const set = await setKeyPolicy(alice.accessKeyId, ALLOW('203.0.113.0/24'), root, upn);
      expect(set).toMatchObject({
        AccessKeyId: alice.accessKeyId,
        AccessKeyPolicy:
          '{"Version":1,"Status":"Active","Statements":[{"Type":"ClassicWhiteList","IPList":["203.0.113.0/24"]}]}',
      });
      const refused = await sdkError(aliceCalls());
      expect(refused).toMatchObject({ code: 'Forbidden.AccessKeyNetworkPolicy', statusCode: 403 });
      expect(refused.message).toContain('127.0.0.1');
      // Every product on the port checks it, not only RAM.
      expect(await sdkError(ims(e.port, alice, mode).getAccountSummary())).toMatchObject({
        code: 'Forbidden.AccessKeyNetworkPolicy',
      });
      // A refused call is not a use of the key.
      expect((await lastUsed()).lastUsedDate).toBe(usedBefore);

      await setKeyPolicy(alice.accessKeyId, ALLOW('203.0.113.0/24', '127.0.0.0/8'), root, upn);
      expect((await aliceCalls()).body!.accountAlias).toBe('ram-console-demo');

      // An Inactive policy restricts nothing; RAM has no delete, this is the reset.
      await setKeyPolicy(alice.accessKeyId, ALLOW('203.0.113.9'), root, upn);
      expect(await sdkError(aliceCalls())).toMatchObject({ statusCode: 403 });
      await setKeyPolicy(alice.accessKeyId, RESET, root, upn);
      expect((await aliceCalls()).body!.requestId).toBeTruthy();
      expect((await getKeyPolicy(alice.accessKeyId, upn)).AccessKeyPolicy).toBe(RESET);
    });

    it('answers "{}" for a key without a policy and refuses "{}" or a malformed one', async () => {
      expect(await getKeyPolicy(alice.accessKeyId, upn)).toMatchObject({
        AccessKeyId: alice.accessKeyId,
        AccessKeyPolicy: '{}',
      });
      for (const bad of ['{}', 'nope', ALLOW('10.0.0.300')]) {
        expect(await sdkError(setKeyPolicy(alice.accessKeyId, bad, root, upn))).toMatchObject({
          code: 'InvalidParameter.AccessKeyPolicy',
          statusCode: 400,
        });
      }
      // The key is named with its owner: without UserPrincipalName root means its own keys.
      expect(await sdkError(setKeyPolicy(alice.accessKeyId, RESET))).toMatchObject({
        code: 'EntityNotExist.User.AccessKey',
        statusCode: 404,
      });
      expect(
        await sdkError(
          setKeyPolicy(alice.accessKeyId, RESET, root, 'alice@elsewhere.onaliyun.com'),
        ),
      ).toMatchObject({ code: 'EntityNotExist.User', statusCode: 404 });
    });

    it('applies the account-level policy to every key; a key-level Active policy replaces it', async () => {
      // Root keeps a way in: its own key allows loopback, which replaces the account policy for it.
      await setKeyPolicy(root.accessKeyId, ALLOW('127.0.0.1'));
      const account = await callApi(e.port, root, mode, IMS, 'SetAccessKeyPolicyForAccount', {
        AccessKeyPolicy: ALLOW('198.51.100.0/24'),
      });
      expect(JSON.parse(account.AccessKeyPolicy as string)).toMatchObject({
        Version: 1,
        Status: 'Active',
      });
      expect(await sdkError(aliceCalls())).toMatchObject({
        code: 'Forbidden.AccessKeyNetworkPolicy',
      });
      await setKeyPolicy(alice.accessKeyId, ALLOW('127.0.0.1'), root, upn);
      expect((await aliceCalls()).body!.requestId).toBeTruthy();
      // Back to Inactive: the key falls under the account's policy again.
      await setKeyPolicy(alice.accessKeyId, RESET, root, upn);
      expect(await sdkError(aliceCalls())).toMatchObject({ statusCode: 403 });

      expect(
        (await callApi(e.port, root, mode, IMS, 'GetAccessKeyPolicyForAccount')).AccessKeyPolicy,
      ).toContain('198.51.100.0/24');
      await callApi(e.port, root, mode, IMS, 'SetAccessKeyPolicyForAccount', {
        AccessKeyPolicy: RESET,
      });
      expect((await aliceCalls()).body!.requestId).toBeTruthy();
    });

    it('lets a RAM user read but not set policies with read-only access (NoPermission names both)', async () => {
      const err = await sdkError(setKeyPolicy(alice.accessKeyId, RESET, alice));
      expect(err).toMatchObject({ code: 'NoPermission', statusCode: 403 });
      expect(err.message).toContain('Action: ram:SetAccessKeyPolicy');
      expect(err.message).toMatch(/Resource: acs:ram:\*:\d{16}:user\/alice/);
      const own = await callApi(e.port, alice, mode, IMS, 'GetAccessKeyPolicy', {
        UserAccessKeyId: alice.accessKeyId,
      });
      expect(own.AccessKeyPolicy).toBe('{}');
    });
  },
);

describe('network policy and the reset hook', () => {
  it('forgets the account-level policy on reset, so a locked-out account is usable again', async () => {
    const e = await startEmulator();
    try {
      await callApi(e.port, e.root, 'v3', IMS, 'SetAccessKeyPolicyForAccount', {
        AccessKeyPolicy: ALLOW('203.0.113.1'),
      });
      expect(await sdkError(ram(e.port, e.root, 'v3').getAccountAlias())).toMatchObject({
        code: 'Forbidden.AccessKeyNetworkPolicy',
      });
      await e.app.inject({ method: 'POST', url: '/__emulator/reset' });
      expect((await ram(e.port, e.root, 'v3').getAccountAlias()).statusCode).toBe(200);
    } finally {
      await e.close();
    }
  });
});
