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
});
