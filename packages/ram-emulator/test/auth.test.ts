import * as OpenApi from '@alicloud/openapi-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  MODES,
  RamSdk,
  ram,
  sdkError,
  startEmulator,
  sts,
  testClock,
  type Credentials,
  type Mode,
  type Running,
} from './helpers.js';
import { v1Signature } from '../src/signature/index.js';
import { fetchV1, fetchV3 } from './raw-signer.js';

type Client = InstanceType<typeof RamSdk.default>;

/** Any action/version through the SDK's generic RPC path (signed exactly like the typed calls). */
function callAction(
  client: Client,
  action: string,
  version = '2015-05-01',
  query: Record<string, string> = {},
) {
  const params = new OpenApi.$OpenApiUtil.Params({
    action,
    version,
    protocol: 'HTTPS',
    pathname: '/',
    method: 'POST',
    authType: 'AK',
    style: 'RPC',
    reqBodyType: 'formData',
    bodyType: 'json',
  });
  return client.callApi(params, new OpenApi.$OpenApiUtil.OpenApiRequest({ query }), {} as never);
}

describe.each(MODES)('authentication and authorization over the SDK (%s)', (mode: Mode) => {
  const clock = testClock(new Date().toISOString());
  let e: Running;
  let root: Client;

  beforeAll(async () => {
    e = await startEmulator({ now: clock.now });
    root = ram(e.port, e.root, mode);
  });
  afterAll(() => e.close());
  beforeEach(async () => {
    clock.set(new Date().toISOString());
    await e.app.inject({ method: 'POST', url: '/__emulator/reset' });
  });

  async function userWithKey(userName: string, policy?: string): Promise<Credentials> {
    await root.createUser(new RamSdk.CreateUserRequest({ userName }));
    if (policy)
      await root.attachPolicyToUser(
        new RamSdk.AttachPolicyToUserRequest({
          userName,
          policyName: policy,
          policyType: 'System',
        }),
      );
    const key = (await root.createAccessKey(new RamSdk.CreateAccessKeyRequest({ userName }))).body!
      .accessKey!;
    return { accessKeyId: key.accessKeyId!, accessKeySecret: key.accessKeySecret! };
  }

  it('refuses an unknown key (InvalidAccessKeyId.NotFound, 404)', async () => {
    const stranger = ram(
      e.port,
      { accessKeyId: 'LTAI5tUnknownUnknownUnkn', accessKeySecret: 'x'.repeat(30) },
      mode,
    );
    expect(await sdkError(stranger.getAccountAlias())).toMatchObject({
      code: 'InvalidAccessKeyId.NotFound',
      statusCode: 404,
    });
  });

  it('refuses a wrong secret (SignatureDoesNotMatch, 400)', async () => {
    const wrong = ram(
      e.port,
      { accessKeyId: e.root.accessKeyId, accessKeySecret: 'not-the-secret' },
      mode,
    );
    const err = await sdkError(wrong.getAccountAlias());
    expect(err).toMatchObject({ code: 'SignatureDoesNotMatch', statusCode: 400 });
  });

  it('verifies parameters with characters the SDK leaves unencoded on the wire', async () => {
    const tricky = "al ice*(~)!' & 张=+%";
    await root.createUser(new RamSdk.CreateUserRequest({ userName: 'tricky', comments: tricky }));
    const got = (await root.getUser(new RamSdk.GetUserRequest({ userName: 'tricky' }))).body!.user!;
    expect(got.comments).toBe(tricky);
  });

  it('refuses requests more than 15 minutes off the server clock (InvalidTimeStamp.Expired)', async () => {
    clock.advance(16 * 60_000);
    expect(await sdkError(root.getAccountAlias())).toMatchObject({
      code: 'InvalidTimeStamp.Expired',
      statusCode: 400,
    });
    clock.set(new Date(Date.now() - 16 * 60_000).toISOString());
    expect(await sdkError(root.getAccountAlias())).toMatchObject({
      code: 'InvalidTimeStamp.Expired',
      statusCode: 400,
    });
    clock.set(new Date(Date.now() + 14 * 60_000).toISOString());
    expect((await root.getAccountAlias()).body!.accountAlias).toBe('ram-console-demo');
  });

  it('refuses an unknown action (InvalidAction.NotFound, 404) and an unknown version (InvalidVersion)', async () => {
    expect(await sdkError(callAction(root, 'NoSuchAction'))).toMatchObject({
      code: 'InvalidAction.NotFound',
      statusCode: 404,
    });
    // Real RAM actions the emulator does not implement are unknown here too.
    expect(
      await sdkError(callAction(root, 'CreateRole', '2015-05-01', { RoleName: 'r' })),
    ).toMatchObject({ code: 'InvalidAction.NotFound' });
    // An action of another product is not found under RAM's version.
    expect(await sdkError(callAction(root, 'SendSms'))).toMatchObject({
      code: 'InvalidAction.NotFound',
    });
    expect(await sdkError(callAction(root, 'GetUser', '2099-01-01'))).toMatchObject({
      code: 'InvalidVersion',
      statusCode: 400,
    });
  });

  it('refuses a new RAM user key (NoPermission, 403) until AliyunRAMFullAccess is attached', async () => {
    const creds = await userWithKey('ivy');
    const ivy = ram(e.port, creds, mode);
    const err = await sdkError(ivy.listUsers(new RamSdk.ListUsersRequest({})));
    expect(err).toMatchObject({ code: 'NoPermission', statusCode: 403 });
    expect(
      await sdkError(ivy.createAccessKey(new RamSdk.CreateAccessKeyRequest({}))),
    ).toMatchObject({ code: 'NoPermission' });

    await root.attachPolicyToUser(
      new RamSdk.AttachPolicyToUserRequest({
        userName: 'ivy',
        policyName: 'AliyunRAMFullAccess',
        policyType: 'System',
      }),
    );
    expect(
      (await ivy.listUsers(new RamSdk.ListUsersRequest({}))).body!.users!.user!.map(
        (u) => u.userName,
      ),
    ).toEqual(['ivy']);
    await ivy.createUser(new RamSdk.CreateUserRequest({ userName: 'made-by-ivy' }));

    await root.detachPolicyFromUser(
      new RamSdk.DetachPolicyFromUserRequest({
        userName: 'ivy',
        policyName: 'AliyunRAMFullAccess',
        policyType: 'System',
      }),
    );
    expect(await sdkError(ivy.listUsers(new RamSdk.ListUsersRequest({})))).toMatchObject({
      code: 'NoPermission',
      statusCode: 403,
    });
  });

  it('lets AliyunRAMReadOnlyAccess read but not write', async () => {
    const reader = ram(e.port, await userWithKey('jack', 'AliyunRAMReadOnlyAccess'), mode);
    expect(
      (await reader.getUser(new RamSdk.GetUserRequest({ userName: 'jack' }))).body!.user!.userName,
    ).toBe('jack');
    expect(await reader.listAccessKeys(new RamSdk.ListAccessKeysRequest({}))).toBeTruthy();
    expect((await reader.getAccountAlias()).body!.accountAlias).toBe('ram-console-demo');
    expect(
      await sdkError(reader.createUser(new RamSdk.CreateUserRequest({ userName: 'nope' }))),
    ).toMatchObject({ code: 'NoPermission', statusCode: 403 });
    expect(
      await sdkError(reader.createAccessKey(new RamSdk.CreateAccessKeyRequest({}))),
    ).toMatchObject({ code: 'NoPermission', statusCode: 403 });
  });

  it('attaches, lists and detaches system policies with their errors', async () => {
    await root.createUser(new RamSdk.CreateUserRequest({ userName: 'kim' }));
    const attach = (policyName: string, policyType = 'System') =>
      root.attachPolicyToUser(
        new RamSdk.AttachPolicyToUserRequest({ userName: 'kim', policyName, policyType }),
      );
    await attach('AliyunRAMReadOnlyAccess');
    await attach('AliyunRAMFullAccess');
    const listed = (
      await root.listPoliciesForUser(new RamSdk.ListPoliciesForUserRequest({ userName: 'kim' }))
    ).body!.policies!.policy!;
    expect(listed.map((p) => p.policyName)).toEqual([
      'AliyunRAMReadOnlyAccess',
      'AliyunRAMFullAccess',
    ]);
    expect(listed[0]).toMatchObject({ policyType: 'System', defaultVersion: 'v1' });
    expect(listed[0]!.attachDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(listed[0]!.description).toContain('read-only');

    expect(await sdkError(attach('AliyunRAMFullAccess'))).toMatchObject({
      code: 'EntityAlreadyExists.User.Policy',
      statusCode: 409,
    });
    expect(await sdkError(attach('NoSuchPolicy'))).toMatchObject({
      code: 'EntityNotExist.Policy',
      statusCode: 404,
    });
    expect(await sdkError(attach('MyPolicy', 'Custom'))).toMatchObject({
      code: 'EntityNotExist.Policy',
      statusCode: 404,
    });
    expect(await sdkError(attach('AliyunRAMFullAccess', 'Weird'))).toMatchObject({
      code: 'InvalidParameter.PolicyType',
      statusCode: 400,
    });
    const detach = (policyName: string) =>
      root.detachPolicyFromUser(
        new RamSdk.DetachPolicyFromUserRequest({
          userName: 'kim',
          policyName,
          policyType: 'System',
        }),
      );
    await detach('AliyunRAMFullAccess');
    expect(await sdkError(detach('AliyunRAMFullAccess'))).toMatchObject({
      code: 'EntityNotExist.User.Policy',
      statusCode: 404,
    });
    const after = (
      await root.listPoliciesForUser(new RamSdk.ListPoliciesForUserRequest({ userName: 'kim' }))
    ).body!.policies!.policy!;
    expect(after.map((p) => p.policyName)).toEqual(['AliyunRAMReadOnlyAccess']);
  });

  it('follows a renamed RAM user: its key signs as the new name', async () => {
    const creds = await userWithKey('old-name');
    const before = (await sts(e.port, creds, mode).getCallerIdentity()).body!;
    expect(before.arn).toMatch(/:user\/old-name$/);
    await root.updateUser(
      new RamSdk.UpdateUserRequest({ userName: 'old-name', newUserName: 'new-name' }),
    );
    const after = (await sts(e.port, creds, mode).getCallerIdentity()).body!;
    expect(after.arn).toMatch(/:user\/new-name$/);
    expect(after.userId).toBe(before.userId);
  });

  it('tells root and RAM users apart in STS GetCallerIdentity (allowed without any policy)', async () => {
    const rootId = (await sts(e.port, e.root, mode).getCallerIdentity()).body!;
    expect(rootId).toMatchObject({
      identityType: 'Account',
      accountId: e.app.emulator.accountId,
      userId: e.app.emulator.accountId,
      principalId: e.app.emulator.accountId,
      arn: `acs:ram::${e.app.emulator.accountId}:root`,
    });
    expect(e.app.emulator.accountId).toMatch(/^[1-9]\d{15}$/);
    const creds = await userWithKey('lee');
    const userId = (await root.getUser(new RamSdk.GetUserRequest({ userName: 'lee' }))).body!.user!
      .userId;
    const leeId = (await sts(e.port, creds, mode).getCallerIdentity()).body!;
    expect(leeId).toMatchObject({
      identityType: 'RAMUser',
      accountId: e.app.emulator.accountId,
      userId,
      principalId: userId,
      arn: `acs:ram::${e.app.emulator.accountId}:user/lee`,
    });
  });
});

describe('raw signed requests (own signer)', () => {
  const clock = testClock('2030-05-01T12:00:00Z');
  let e: Running;
  beforeAll(async () => {
    e = await startEmulator({ now: clock.now });
  });
  afterAll(() => e.close());
  beforeEach(() => clock.set('2030-05-01T12:00:00Z'));
  const date = () => clock.now().toISOString().slice(0, 19) + 'Z';

  it('refuses a replayed V3 nonce (SignatureNonceUsed) while its timestamp is valid, forgets it after', async () => {
    const call = { action: 'GetAccountAlias', date: date(), nonce: 'replay-me-v3' };
    expect((await fetchV3(e.origin, e.root, call)).status).toBe(200);
    const again = await fetchV3(e.origin, e.root, call);
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ Code: 'SignatureNonceUsed' });
    // Nonces are per AccessKey: another key may use the same one.
    const created = await fetchV3(e.origin, e.root, { action: 'CreateAccessKey', date: date() });
    const other = created.body.AccessKey as { AccessKeyId: string; AccessKeySecret: string };
    expect(
      (
        await fetchV3(
          e.origin,
          { accessKeyId: other.AccessKeyId, accessKeySecret: other.AccessKeySecret },
          call,
        )
      ).status,
    ).toBe(200);
    clock.advance(14 * 60_000);
    const fresh = { ...call, date: date() };
    expect((await fetchV3(e.origin, e.root, fresh)).body).toMatchObject({
      Code: 'SignatureNonceUsed',
    });
    // 16 minutes after the first use its timestamp is no longer valid, so neither is the memory.
    clock.advance(2 * 60_000);
    expect((await fetchV3(e.origin, e.root, { ...call, date: date() })).status).toBe(200);
  });

  it('refuses a replayed V1 nonce', async () => {
    const call = { action: 'GetAccountAlias', date: date(), nonce: 'replay-me-v1' };
    expect((await fetchV1(e.origin, e.root, call)).status).toBe(200);
    const again = await fetchV1(e.origin, e.root, call);
    expect(again.status).toBe(400);
    expect(JSON.parse(again.text)).toMatchObject({ Code: 'SignatureNonceUsed' });
  });

  it('does not burn a nonce on a request whose signature fails', async () => {
    const call = { action: 'GetAccountAlias', date: date(), nonce: 'not-burnt' };
    const bad = await fetchV3(e.origin, e.root, {
      ...call,
      tamper: (s) => s.replace(/^./, (c) => (c === '0' ? '1' : '0')),
    });
    expect(bad.body).toMatchObject({ Code: 'SignatureDoesNotMatch' });
    expect((await fetchV3(e.origin, e.root, call)).status).toBe(200);
  });

  it('returns the full RAM error body with RequestId, HostId, Code, Message and Recommend', async () => {
    const res = await fetchV3(e.origin, e.root, {
      action: 'GetUser',
      params: { UserName: 'ghost' },
      date: date(),
    });
    expect(res.status).toBe(404);
    expect(Object.keys(res.body).sort()).toEqual([
      'Code',
      'HostId',
      'Message',
      'Recommend',
      'RequestId',
    ]);
    expect(res.body).toMatchObject({
      Code: 'EntityNotExist.User',
      HostId: 'ram.aliyuncs.com',
      Message: 'The user does not exist.',
    });
    expect(res.body.Recommend).toContain('q=EntityNotExist.User');
  });

  it('checks timestamp format and the 15-minute window at both edges', async () => {
    expect(
      (await fetchV3(e.origin, e.root, { action: 'GetAccountAlias', date: '2030/05/01 12:00:00' }))
        .body,
    ).toMatchObject({ Code: 'InvalidTimeStamp.Format' });
    const at = (ms: number) =>
      new Date(clock.now().getTime() + ms).toISOString().slice(0, 19) + 'Z';
    expect(
      (await fetchV1(e.origin, e.root, { action: 'GetAccountAlias', date: at(15 * 60_000) }))
        .status,
    ).toBe(200);
    expect(
      JSON.parse(
        (
          await fetchV1(e.origin, e.root, {
            action: 'GetAccountAlias',
            date: at(15 * 60_000 + 1000),
          })
        ).text,
      ),
    ).toMatchObject({ Code: 'InvalidTimeStamp.Expired' });
    expect(
      (await fetchV3(e.origin, e.root, { action: 'GetAccountAlias', date: at(-15 * 60_000) }))
        .status,
    ).toBe(200);
    expect(
      (
        await fetchV3(e.origin, e.root, {
          action: 'GetAccountAlias',
          date: at(-15 * 60_000 - 1000),
        })
      ).body,
    ).toMatchObject({ Code: 'InvalidTimeStamp.Expired' });
  });

  it('answers V1 in XML when Format is XML or absent, in JSON for json/JSON', async () => {
    const xml = await fetchV1(e.origin, e.root, {
      action: 'GetAccountAlias',
      date: date(),
      format: 'XML',
    });
    expect(xml.contentType).toContain('text/xml');
    expect(xml.text).toMatch(
      /<GetAccountAliasResponse><RequestId>[0-9A-F-]+<\/RequestId><AccountAlias>ram-console-demo<\/AccountAlias><\/GetAccountAliasResponse>$/,
    );
    const absent = await fetchV1(e.origin, e.root, {
      action: 'GetAccountAlias',
      date: date(),
      format: '',
    });
    expect(absent.text).toContain('<GetAccountAliasResponse>');
    for (const format of ['json', 'JSON']) {
      const res = await fetchV1(e.origin, e.root, {
        action: 'GetAccountAlias',
        date: date(),
        format,
      });
      expect(JSON.parse(res.text)).toMatchObject({ AccountAlias: 'ram-console-demo' });
    }
    const err = await fetchV1(e.origin, e.root, {
      action: 'GetUser',
      params: { UserName: 'ghost' },
      date: date(),
      format: 'xml',
    });
    expect(err.status).toBe(404);
    expect(err.text).toContain('<Error><RequestId>');
    expect(err.text).toContain('<Code>EntityNotExist.User</Code>');
  });

  it('accepts V1 over GET, signed with GET', async () => {
    const res = await fetchV1(e.origin, e.root, {
      action: 'GetAccountAlias',
      date: date(),
      method: 'GET',
    });
    expect(res.status).toBe(200);
  });

  it('refuses incomplete V1 and V3 signatures', async () => {
    const noSig = await fetch(
      `${e.origin}/?Action=GetAccountAlias&Version=2015-05-01&Format=JSON&AccessKeyId=${e.root.accessKeyId}`,
      { method: 'POST' },
    );
    expect(noSig.status).toBe(400);
    expect(await noSig.json()).toMatchObject({ Code: 'MissingSignature' });
    const wrongMethod = await fetchV1(e.origin, e.root, {
      action: 'GetAccountAlias',
      date: date(),
      params: { SignatureMethod: 'HMAC-MD5' },
    });
    expect(JSON.parse(wrongMethod.text)).toMatchObject({ Code: 'InvalidSignatureMethod' });
    const badHeader = await fetch(`${e.origin}/`, {
      method: 'POST',
      headers: {
        authorization: 'ACS3-HMAC-SHA256 Credential=x',
        'x-acs-action': 'GetAccountAlias',
        'x-acs-version': '2015-05-01',
      },
    });
    expect(await badHeader.json()).toMatchObject({ Code: 'IncompleteSignature' });
  });

  it('takes a V1 action only from signed parameters, never from x-acs-action', async () => {
    const params = {
      Version: '2015-05-01',
      Format: 'JSON',
      AccessKeyId: e.root.accessKeyId,
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: 'no-action-param',
      Timestamp: date(),
    };
    const signature = v1Signature('POST', params, e.root.accessKeySecret);
    const qs = new URLSearchParams({ ...params, Signature: signature }).toString();
    const res = await fetch(`${e.origin}/?${qs}`, {
      method: 'POST',
      headers: { 'x-acs-action': 'CreateAccessKey', 'x-acs-version': '2015-05-01' },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ Code: 'MissingAction' });
  });

  it('refuses a V3 request that leaves an x-acs-* header unsigned', async () => {
    const res = await fetch(`${e.origin}/`, {
      method: 'POST',
      headers: {
        authorization: `ACS3-HMAC-SHA256 Credential=${e.root.accessKeyId},SignedHeaders=host;x-acs-action;x-acs-date;x-acs-version,Signature=00`,
        'x-acs-action': 'GetAccountAlias',
        'x-acs-version': '2015-05-01',
        'x-acs-date': date(),
        'x-acs-signature-nonce': 'unsigned',
      },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ Code: 'IncompleteSignature' });
  });

  it('answers other paths and methods in RAM shape', async () => {
    const res = await fetch(`${e.origin}/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({
      Code: 'InvalidApi.NotFound',
      RequestId: expect.any(String),
    });
  });
});
