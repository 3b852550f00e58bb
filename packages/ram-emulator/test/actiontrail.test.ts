import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ACTIONTRAIL,
  MODES,
  RamSdk,
  advanceClock,
  callApi,
  ims,
  ram,
  sdkError,
  startEmulator,
  sts,
  type Credentials,
  type Mode,
  type Running,
} from './helpers.js';

describe.each(MODES)(
  'ActionTrail 2020-07-06 answers from the last-use record (%s)',
  (mode: Mode) => {
    let e: Running;
    let key: Credentials;
    let userId: string;

    beforeAll(async () => {
      e = await startEmulator();
    });
    afterAll(() => e.close());
    beforeEach(async () => {
      await e.app.inject({ method: 'POST', url: '/__emulator/reset' });
      const root = ram(e.port, e.root, mode);
      userId = (await root.createUser(new RamSdk.CreateUserRequest({ userName: 'alice' }))).body!
        .user!.userId!;
      await root.attachPolicyToUser(
        new RamSdk.AttachPolicyToUserRequest({
          userName: 'alice',
          policyName: 'AdministratorAccess',
          policyType: 'System',
        }),
      );
      const k = (
        await root.createAccessKey(new RamSdk.CreateAccessKeyRequest({ userName: 'alice' }))
      ).body!.accessKey!;
      key = { accessKeyId: k.accessKeyId!, accessKeySecret: k.accessKeySecret! };
    });

    const trail = (action: string, query: Record<string, string>) =>
      callApi(e.port, e.root, mode, ACTIONTRAIL, action, query);
    /** A use from another address and service, as the hook records it. */
    const usedFrom = (serviceName: string, ip: string, at?: string) =>
      e.app.inject({
        method: 'POST',
        url: '/__emulator/access-key-usage',
        payload: { accessKeyId: key.accessKeyId, serviceName, ip, ...(at ? { at } : {}) },
      });

    it('lists the services and source IPs a key was used from, newest first', async () => {
      const never = await trail('GetAccessKeyLastUsedInfo', { AccessKey: key.accessKeyId });
      expect(never).toMatchObject({
        AccessKeyId: key.accessKeyId,
        AccountType: 'ram-user',
        UserName: 'alice',
        OwnerId: userId,
      });
      expect(never.ServiceName).toBeUndefined();

      await ram(e.port, key, mode).getAccountAlias();
      await advanceClock(e.app, 1 / 1440);
      await sts(e.port, key, mode).getCallerIdentity();
      await advanceClock(e.app, 1 / 1440);
      expect((await usedFrom('Ecs', '203.0.113.9')).statusCode).toBe(204);
      await advanceClock(e.app, 1 / 1440);
      await ims(e.port, key, mode).getAccountSummary();

      const info = await trail('GetAccessKeyLastUsedInfo', { AccessKey: key.accessKeyId });
      expect(info).toMatchObject({ ServiceName: 'Ims', Source: 'ManagementEvent' });
      expect(JSON.parse(info.Detail as string)).toMatchObject({
        sourceIpAddress: '127.0.0.1',
        serviceName: 'Ims',
        userIdentity: { type: 'ram-user', userName: 'alice', accessKeyId: key.accessKeyId },
      });

      const products = (await trail('GetAccessKeyLastUsedProducts', { AccessKey: key.accessKeyId }))
        .Products as { ServiceName: string; UsedTimestamp: number }[];
      expect(products.map((p) => p.ServiceName)).toEqual(['Ims', 'Ecs', 'Sts', 'Ram']);
      expect(products[0]!.UsedTimestamp).toBeGreaterThan(products[1]!.UsedTimestamp);

      const ecs = await trail('GetAccessKeyLastUsedIps', {
        AccessKey: key.accessKeyId,
        ServiceName: 'Ecs',
      });
      expect((ecs.Ips as { Ip: string }[]).map((i) => i.Ip)).toEqual(['203.0.113.9']);
      const ramIps = await trail('GetAccessKeyLastUsedIps', {
        AccessKey: key.accessKeyId,
        ServiceName: 'Ram',
      });
      expect(ramIps.Ips).toEqual([
        expect.objectContaining({ Ip: '127.0.0.1', Source: 'ManagementEvent' }),
      ]);
    });

    it('pages IPs with PageSize/NextToken and validates them', async () => {
      for (const ip of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) await usedFrom('Oss', ip);
      const page1 = await trail('GetAccessKeyLastUsedIps', {
        AccessKey: key.accessKeyId,
        ServiceName: 'Oss',
        PageSize: '2',
      });
      expect(page1.Ips).toHaveLength(2);
      const page2 = await trail('GetAccessKeyLastUsedIps', {
        AccessKey: key.accessKeyId,
        ServiceName: 'Oss',
        PageSize: '2',
        NextToken: page1.NextToken as string,
      });
      expect(page2.Ips).toHaveLength(1);
      expect(page2.NextToken).toBeUndefined();
      expect(
        await sdkError(
          trail('GetAccessKeyLastUsedIps', {
            AccessKey: key.accessKeyId,
            ServiceName: 'Oss',
            PageSize: '101',
          }),
        ),
      ).toMatchObject({ code: 'InvalidParameter.PageSize', statusCode: 400 });
      expect(
        await sdkError(trail('GetAccessKeyLastUsedIps', { AccessKey: key.accessKeyId })),
      ).toMatchObject({ code: 'MissingParameter' });
    });

    it('forgets uses older than 400 days, knows nothing of foreign keys, and needs ActionTrail rights', async () => {
      await usedFrom('Ecs', '203.0.113.1');
      await advanceClock(e.app, 401);
      expect(
        (await trail('GetAccessKeyLastUsedProducts', { AccessKey: key.accessKeyId })).Products,
      ).toEqual([]);
      expect(
        await trail('GetAccessKeyLastUsedInfo', { AccessKey: 'LTAI5tNotAKeyOfThisAccount' }),
      ).toEqual({ RequestId: expect.any(String), AccessKeyId: 'LTAI5tNotAKeyOfThisAccount' });

      const root = ram(e.port, e.root, mode);
      await root.createUser(new RamSdk.CreateUserRequest({ userName: 'bob' }));
      await root.attachPolicyToUser(
        new RamSdk.AttachPolicyToUserRequest({
          userName: 'bob',
          policyName: 'AliyunRAMFullAccess',
          policyType: 'System',
        }),
      );
      const k = (await root.createAccessKey(new RamSdk.CreateAccessKeyRequest({ userName: 'bob' })))
        .body!.accessKey!;
      const bob = { accessKeyId: k.accessKeyId!, accessKeySecret: k.accessKeySecret! };
      const err = await sdkError(
        callApi(e.port, bob, mode, ACTIONTRAIL, 'GetAccessKeyLastUsedInfo', {
          AccessKey: key.accessKeyId,
        }),
      );
      expect(err).toMatchObject({ code: 'NoPermission', statusCode: 403 });
      expect(err.message).toMatch(
        /Resource: acs:actiontrail:\*:\d{16}:\* Action: actiontrail:GetAccessKeyLastUsedInfo/,
      );
    });

    it('validates the usage hook', async () => {
      const post = (payload: object) =>
        e.app.inject({ method: 'POST', url: '/__emulator/access-key-usage', payload });
      expect(
        (await post({ accessKeyId: key.accessKeyId, serviceName: 'Ecs', ip: 'x' })).statusCode,
      ).toBe(400);
      expect(
        (await post({ accessKeyId: key.accessKeyId, serviceName: 'ecs!', ip: '1.2.3.4' }))
          .statusCode,
      ).toBe(400);
      expect(
        (await post({ accessKeyId: 'LTAI5tNope', serviceName: 'Ecs', ip: '1.2.3.4' })).statusCode,
      ).toBe(404);
      // An older use does not move LastUsedDate back.
      await ram(e.port, key, mode).getAccountAlias();
      expect(
        (
          await post({
            accessKeyId: key.accessKeyId,
            serviceName: 'Ecs',
            ip: '1.2.3.4',
            at: '2020-01-01T00:00:00Z',
          })
        ).statusCode,
      ).toBe(204);
      const last = await ram(e.port, e.root, mode).getAccessKeyLastUsed(
        new RamSdk.GetAccessKeyLastUsedRequest({
          userName: 'alice',
          userAccessKeyId: key.accessKeyId,
        }),
      );
      expect(last.body!.accessKeyLastUsed!.lastUsedDate!.startsWith('2020')).toBe(false);
    });
  },
);
