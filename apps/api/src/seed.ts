import type { Db } from './db/index.js';
import type { RamGateway } from './plugins/app/ram-gateway.js';
import { ApiHttpError } from './errors.js';

export const DEMO_USERS = [
  { userName: 'alice', displayName: 'Alice Zhang', comments: 'Backend developer' },
  { userName: 'bob', displayName: 'Bob Li', comments: 'Data analyst' },
  { userName: 'ci-deployer', displayName: 'CI deployer', comments: 'Used by the CI pipeline' },
];

/** Embedded mode, first start only: a few RAM users so the console has something to show. */
export async function seedDemoUsers(db: Db, ram: RamGateway): Promise<boolean> {
  const done = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', 'demo_seeded')
    .executeTakeFirst();
  if (done) return false;
  for (const u of DEMO_USERS) {
    try {
      await ram.createUser(u);
    } catch (err) {
      if (!(err instanceof ApiHttpError && err.code === 'EntityAlreadyExists.User')) throw err;
    }
  }
  await db
    .insertInto('settings')
    .values({ key: 'demo_seeded', value: new Date().toISOString() })
    .execute();
  return true;
}
