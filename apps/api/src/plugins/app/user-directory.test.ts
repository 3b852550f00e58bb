import { describe, expect, it } from 'vitest';
import type { RamUserRecord } from './ram-gateway.js';
import { createUserDirectory } from './user-directory.js';

const user = (userName: string, displayName = userName): RamUserRecord =>
  ({
    userId: userName,
    userName,
    displayName,
    comments: '',
    createDate: '2026-01-01T00:00:00Z',
    updateDate: null,
  }) as RamUserRecord;

/** A paged ListUsers over `all`, counting its calls, that can be held mid-read. */
function fakeRam(all: RamUserRecord[]) {
  const state = { calls: 0, users: all, hold: null as Promise<void> | null };
  return {
    state,
    listUsers: async (marker: string | undefined, maxItems: number) => {
      state.calls++;
      const start = marker ? Number(marker) : 0;
      const snapshot = state.users;
      if (state.hold) await state.hold;
      const users = snapshot.slice(start, start + maxItems);
      const next = start + maxItems;
      return {
        users,
        isTruncated: next < snapshot.length,
        marker: next < snapshot.length ? String(next) : null,
      };
    },
  };
}

describe('user directory', () => {
  it('reads every page once (past 5,000 users) and answers later searches from memory', async () => {
    const many = Array.from({ length: 10_500 }, (_, i) => user(`load-user-${i}`));
    const ram = fakeRam(many);
    const t = 0;
    const dir = createUserDirectory({ listUsers: ram.listUsers, now: () => new Date(t) });
    expect((await dir.search('load-user-10499')).map((u) => u.userName)).toEqual([
      'load-user-10499',
    ]);
    expect(ram.state.calls).toBe(11);
    expect(await dir.search('LOAD-USER-9999')).toHaveLength(1);
    expect(ram.state.calls).toBe(11);
  });

  it('matches display names too, case-insensitively', async () => {
    const ram = fakeRam([user('alice', 'Alice Liddell'), user('bob', 'Builder')]);
    const dir = createUserDirectory({ listUsers: ram.listUsers, now: () => new Date(0) });
    expect((await dir.search('liddell')).map((u) => u.userName)).toEqual(['alice']);
  });

  it('answers from a stale copy while it refreshes in the background', async () => {
    const ram = fakeRam([user('alice')]);
    let t = 0;
    const dir = createUserDirectory({
      listUsers: ram.listUsers,
      now: () => new Date(t),
      maxAgeMs: 1000,
    });
    await dir.search('a');
    ram.state.users = [user('alice'), user('amy')];
    t = 5000;
    // Stale: the old answer at once, a refresh starts behind it.
    expect((await dir.search('a')).map((u) => u.userName)).toEqual(['alice']);
    await new Promise((r) => setImmediate(r));
    expect((await dir.search('a')).map((u) => u.userName)).toEqual(['alice', 'amy']);
  });

  it("keeps the console's own create and delete through a refresh that began before them", async () => {
    const ram = fakeRam([user('alice'), user('bob')]);
    let t = 0;
    const dir = createUserDirectory({
      listUsers: ram.listUsers,
      now: () => new Date(t),
      maxAgeMs: 1000,
    });
    await dir.search('');
    // A refresh reads RAM before the console's changes land…
    let release!: () => void;
    ram.state.hold = new Promise((r) => (release = r));
    t = 5000;
    await dir.search('');
    t = 6000;
    dir.added(user('carol'));
    dir.removed('bob');
    release();
    ram.state.hold = null;
    await new Promise((r) => setImmediate(r));
    // …and still they show.
    expect((await dir.search('')).map((u) => u.userName)).toEqual(['alice', 'carol']);
  });

  it('pages through the matches in RAM order, one hit per user, and says whether more follow', async () => {
    const list = [
      user('ann', 'Ann Annan'), // matches twice: listed once
      user('bob', 'Bob'),
      user('joanna', 'Jo'),
      user('zed', 'Hannah'),
      user('Annette', 'A.'),
    ];
    const dir = createUserDirectory({ listUsers: fakeRam(list).listUsers, now: () => new Date(0) });
    const all = (await dir.search('ANN')).map((u) => u.userName);
    expect(all).toEqual(['ann', 'joanna', 'zed', 'Annette']);
    const first = await dir.searchPage('ann', 0, 2);
    expect(first.users.map((u) => u.userName)).toEqual(['ann', 'joanna']);
    expect(first.more).toBe(true);
    const last = await dir.searchPage('ann', 2, 2);
    expect(last.users.map((u) => u.userName)).toEqual(['zed', 'Annette']);
    expect(last.more).toBe(false);
    // A needle cannot reach across from one user's name into the next user's.
    expect(await dir.search('annan\u0000bob')).toEqual([]);
    expect(await dir.search('annanbob')).toEqual([]);
    expect((await dir.search('')).length).toBe(5);
  });

  it('finds a user the console itself just created or deleted (the index follows the list)', async () => {
    const dir = createUserDirectory({
      listUsers: fakeRam([user('alice')]).listUsers,
      now: () => new Date(0),
    });
    expect(await dir.search('carol')).toEqual([]);
    dir.added(user('carol', 'Carol'));
    expect((await dir.search('carol')).map((u) => u.userName)).toEqual(['carol']);
    dir.removed('alice');
    expect(await dir.search('alice')).toEqual([]);
  });

  it('pages through 100,000 users and finds the last ones too', async () => {
    const many = Array.from({ length: 100_000 }, (_, i) =>
      user(`load-user-${String(i).padStart(5, '0')}`),
    );
    const dir = createUserDirectory({ listUsers: fakeRam(many).listUsers, now: () => new Date(0) });
    const page = await dir.searchPage('LOAD-USER-09', 20, 20);
    expect(page.users.map((u) => u.userName)).toEqual(
      Array.from({ length: 20 }, (_, i) => `load-user-090${20 + i}`),
    );
    expect(page.more).toBe(true);
    const last = await dir.searchPage('load-user-999', 80, 20);
    expect(last.users.map((u) => u.userName)).toEqual(
      Array.from({ length: 20 }, (_, i) => `load-user-999${80 + i}`),
    );
    expect(last.more).toBe(false);
    expect((await dir.search('load-user-999')).length).toBe(100);
  });
});
