/**
 * P6: the RAM calls each screen costs, counted where they reach the emulator (a counting
 * pass-through sits between the console's SDK and the emulator: ram-call-counter.ts). Each screen
 * is the console API requests its page makes; "cold" is the first view (nothing kept), "warm" a
 * second view at once, within the last-used window.
 */
import {
  ADMIN,
  newRootPair,
  RamSdk,
  ramClient,
  seedUsers,
  signIn,
  startConsole,
  startEmulator,
  type Figure,
} from './lib.js';
import { startRamCallCounter } from './ram-call-counter.js';

const REPORT_USERS = 1000;

export interface P6Result {
  figures: Figure[];
  /** Markdown table rows: screen | requests | cold | warm. */
  table: string[];
}

export async function p6(): Promise<P6Result> {
  const root = newRootPair();
  const emulator = await startEmulator(root, REPORT_USERS + 10);
  const counter = await startRamCallCounter(emulator.url);
  const api = await startConsole({ ram: { endpoint: `http://${counter.host}`, ...root } });
  try {
    const ram = ramClient(emulator.url, root);
    // 1,000 RAM users with one key each; `bench-user` (among them) gets a second key.
    await seedUsers(ram, 'report-user-', REPORT_USERS - 1);
    await ram.createUser(
      new RamSdk.CreateUserRequest({ userName: 'bench-user', displayName: 'Bench' }),
    );
    const list = await ram.listUsers(new RamSdk.ListUsersRequest({ maxItems: 1000 }));
    const names = (list.body?.users?.user ?? []).map((u) => u.userName!);
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < names.length) {
          const userName = names[next++]!;
          await ram.createAccessKey(new RamSdk.CreateAccessKeyRequest({ userName }));
        }
      }),
    );
    await ram.createAccessKey(new RamSdk.CreateAccessKeyRequest({ userName: 'bench-user' }));
    const { cookie } = await signIn(api.url);

    const screens: Array<{ name: string; requests: string[] }> = [
      { name: 'Users page', requests: ['/api/users?maxItems=20'] },
      {
        name: "A user's Authentication tab (2 keys)",
        requests: ['/api/users/bench-user', '/api/users/bench-user/access-keys'],
      },
      { name: "The account's AccessKey page", requests: ['/api/account/access-keys'] },
      {
        name: `Credential report, ${REPORT_USERS} users`,
        requests: ['/api/reports/credentials'],
      },
      { name: 'Rotation wizard, one poll', requests: ['/api/users/bench-user/rotation'] },
    ];
    const view = async (requests: string[]) => {
      counter.reset();
      for (const path of requests) {
        const res = await fetch(new URL(path, api.url), { headers: { cookie } });
        if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
      }
      return counter.counts();
    };
    const fmt = (c: Record<string, number>) => {
      const total = Object.values(c).reduce((a, b) => a + b, 0);
      const parts = Object.entries(c)
        .sort((a, b) => b[1] - a[1])
        .map(([action, n]) => `${n} ${action}`);
      return `**${total}**${parts.length ? ` (${parts.join(', ')})` : ''}`;
    };
    const table: string[] = [];
    let warmKeys = 0;
    for (const screen of screens) {
      const cold = await view(screen.requests);
      const warm = await view(screen.requests);
      if (screen.name.startsWith("The account's")) {
        warmKeys = Object.values(warm).reduce((a, b) => a + b, 0);
      }
      table.push(
        `| ${screen.name} | ${screen.requests.map((r) => `\`${r}\``).join(' + ')} | ${fmt(cold)} | ${fmt(warm)} |`,
      );
    }
    console.log(
      [
        '| screen | console requests | RAM calls, cold | RAM calls, warm |',
        '| --- | --- | --- | --- |',
        ...table,
      ].join('\n'),
    );
    return {
      table,
      figures: [
        {
          id: 'P6.warmKeysPage',
          name: "RAM calls per warm view of the account's AccessKey page (within the last-used window)",
          value: warmKeys,
          target: 1,
          better: 'lower',
          unit: 'calls',
          note: `counted at a pass-through in front of the emulator (bench/ram-call-counter.ts), signed in as ${ADMIN.username}; the full table per screen is below the figures`,
        },
      ],
    };
  } finally {
    await api.stop();
    await counter.close();
    await emulator.stop();
  }
}
