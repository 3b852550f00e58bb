import type { Clock } from '../../lib/clock.js';
import type { RamUserRecord } from './ram-gateway.js';

/**
 * The RAM users list, held in memory for search. RAM has no server-side filter, so a search has to
 * read every user; doing that on each keystroke costs one ListUsers call per 1,000 users. The
 * directory reads them all once, answers searches from memory, and refreshes in the background
 * when its copy is older than `maxAgeMs` (stale-while-revalidate): a search never waits for RAM
 * except the very first one. Users the console itself creates or deletes are applied at once;
 * changes made elsewhere (another console, RAM's own console) show up within `maxAgeMs`.
 *
 * It holds user records only (names, display names, comments, dates): nothing secret.
 */
export interface UserDirectoryOptions {
  listUsers: (
    marker: string | undefined,
    maxItems: number,
  ) => Promise<{ users: RamUserRecord[]; isTruncated: boolean; marker: string | null }>;
  now: Clock;
  maxAgeMs?: number;
  /** At most this many ListUsers pages of 1,000 per refresh (RAM's quota is far below). */
  maxPages?: number;
}

export interface UserDirectory {
  /** Case-insensitive substring match on user name or display name, in RAM's order. */
  search(needle: string): Promise<RamUserRecord[]>;
  added(user: RamUserRecord): void;
  removed(userName: string): void;
}

/**
 * Lower-cased names, made once per record rather than twice per record on every search: at
 * 100,000 users that is the difference between a search well within 50 ms and one that is not
 * (issue 12, P4). Held weakly, so a record dropped by a refresh takes its keys with it.
 */
const keys = new WeakMap<RamUserRecord, { userName: string; displayName: string }>();
function searchKeys(u: RamUserRecord): { userName: string; displayName: string } {
  let k = keys.get(u);
  if (!k) {
    k = { userName: u.userName.toLowerCase(), displayName: u.displayName.toLowerCase() };
    keys.set(u, k);
  }
  return k;
}

export function createUserDirectory(opts: UserDirectoryOptions): UserDirectory {
  const maxAgeMs = opts.maxAgeMs ?? 15_000;
  const maxPages = opts.maxPages ?? 100;
  let users: RamUserRecord[] | null = null;
  let loadedAt = 0;
  let loading: Promise<RamUserRecord[]> | null = null;
  // The console's own creates and deletes, replayed over a refresh that began before them (its
  // pages may have been read before the change reached RAM).
  let changes: { at: number; apply: (list: RamUserRecord[]) => RamUserRecord[] }[] = [];

  const add = (user: RamUserRecord) => (list: RamUserRecord[]) =>
    list.some((u) => u.userName === user.userName) ? list : [...list, user];
  const remove = (userName: string) => (list: RamUserRecord[]) =>
    list.filter((u) => u.userName !== userName);

  function record(apply: (list: RamUserRecord[]) => RamUserRecord[]): void {
    changes.push({ at: opts.now().getTime(), apply });
    if (users) users = apply(users);
  }

  async function readAll(): Promise<RamUserRecord[]> {
    const all: RamUserRecord[] = [];
    let marker: string | undefined;
    for (let i = 0; i < maxPages; i++) {
      const page = await opts.listUsers(marker, 1000);
      all.push(...page.users);
      if (!page.isTruncated || !page.marker) break;
      marker = page.marker;
    }
    return all;
  }

  function refresh(): Promise<RamUserRecord[]> {
    if (loading) return loading;
    const startedAt = opts.now().getTime();
    loading = readAll()
      .then((all) => {
        changes = changes.filter((c) => c.at >= startedAt);
        users = changes.reduce((list, c) => c.apply(list), all);
        loadedAt = startedAt;
        return users;
      })
      .finally(() => {
        loading = null;
      });
    return loading;
  }

  return {
    async search(needle) {
      const lower = needle.toLowerCase();
      let current = users;
      if (current === null) {
        current = await refresh();
      } else if (opts.now().getTime() - loadedAt > maxAgeMs) {
        // Answer from the copy we have; a failed background refresh is retried by the next search.
        refresh().catch(() => undefined);
      }
      return current.filter((u) => {
        const k = searchKeys(u);
        return k.userName.includes(lower) || k.displayName.includes(lower);
      });
    },
    added(user) {
      record(add(user));
    },
    removed(userName) {
      record(remove(userName));
    },
  };
}
