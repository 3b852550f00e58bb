import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, TEST_DIALECT, type TestDatabase } from '../../../test/support/database.js';
import { openDatabase, type Db } from '../../db/index.js';
import { databaseStore } from './rate-limit.js';

describe(`the database rate-limit store (${TEST_DIALECT})`, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ram-console-rl-'));
  let database: TestDatabase;
  let db: Db;
  let t = Date.parse('2026-12-01T00:00:00.000Z');
  beforeAll(async () => {
    database = await freshDatabase(dataDir);
    db = await openDatabase(database.location);
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  type Store = {
    incr(
      k: string,
      cb: (e: Error | null, r?: { current: number; ttl: number }) => void,
      w: number,
    ): void;
    child(o: object): Store;
  };
  const storeFor = (method: string, url: string): Store => {
    const Ctor = databaseStore(db, () => new Date(t)) as unknown as new (o: object) => Store;
    return new Ctor({}).child({ routeInfo: { method, url } });
  };
  const incr = (store: Store, key: string, windowMs = 60_000) =>
    new Promise<{ current: number; ttl: number }>((resolve, reject) =>
      store.incr(key, (err, r) => (err ? reject(err) : resolve(r!)), windowMs),
    );

  it('counts hits in a window, then starts a new one when it has ended', async () => {
    const login = storeFor('POST', '/api/auth/login');
    expect(await incr(login, '10.0.0.1')).toEqual({ current: 1, ttl: 60_000 });
    t += 20_000;
    expect(await incr(login, '10.0.0.1')).toEqual({ current: 2, ttl: 40_000 });
    t += 40_000;
    expect(await incr(login, '10.0.0.1')).toEqual({ current: 1, ttl: 60_000 });
  });

  it('keeps clients and routes apart; a very long key is stored hashed', async () => {
    const login = storeFor('POST', '/api/auth/login');
    const confirm = storeFor('POST', '/api/verifications/:id/confirm');
    expect((await incr(login, '10.0.0.2')).current).toBe(1);
    expect((await incr(confirm, '10.0.0.2')).current).toBe(1);
    expect((await incr(login, '10.0.0.2')).current).toBe(2);
    const long = 'x'.repeat(500);
    expect((await incr(login, long)).current).toBe(1);
    expect((await incr(login, long)).current).toBe(2);
    const keys = await db.selectFrom('rate_limits').select('key').execute();
    expect(keys.every((k) => k.key.length <= 255)).toBe(true);
  });

  it('fifty hits at once count fifty (one atomic statement each)', async () => {
    const login = storeFor('POST', '/api/auth/login');
    const results = await Promise.all(Array.from({ length: 50 }, () => incr(login, '10.0.0.3')));
    expect(results.map((r) => r.current).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
  });
});
