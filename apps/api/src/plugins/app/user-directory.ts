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
  /** One page of those matches, and whether more follow it. */
  searchPage(
    needle: string,
    offset: number,
    limit: number,
  ): Promise<{ users: RamUserRecord[]; more: boolean }>;
  /** Every user, in RAM's order (the same copy `search` answers from). */
  all(): Promise<RamUserRecord[]>;
  added(user: RamUserRecord): void;
  removed(userName: string): void;
  /**
   * Read every user again now, in the background (searches keep answering from the copy until
   * it arrives): another instance's changes may have been missed (its change feed was cut).
   */
  reload(): void;
}

/**
 * The search index of one copy of the list: every user's lower-cased name and display name in one
 * string, and where each user's part starts. A search is then the engine's native substring
 * search over that string, jumping to the next user after each hit, and stops as soon as the page
 * asked for is full: at 100,000 users a page of 20 is well within 50 ms (issue 12, P4), where
 * lower-casing and testing every record on every search was not.
 */
interface SearchIndex {
  list: RamUserRecord[];
  text: string;
  /** starts[i]: where user i's part begins in `text`; starts[list.length] = text.length. */
  starts: Int32Array;
}

/** Between a user's name and display name, and after each user: never in a needle. */
const FIELD = '\u0001';
const RECORD = '\u0000';

function buildIndex(list: RamUserRecord[]): SearchIndex {
  const parts: string[] = new Array<string>(list.length);
  const starts = new Int32Array(list.length + 1);
  let at = 0;
  for (let i = 0; i < list.length; i++) {
    const u = list[i]!;
    const part = `${u.userName.toLowerCase()}${FIELD}${u.displayName.toLowerCase()}${RECORD}`;
    starts[i] = at;
    parts[i] = part;
    at += part.length;
  }
  starts[list.length] = at;
  return { list, text: parts.join(''), starts };
}

/** The user whose part holds position `pos` (binary search over `starts`). */
function userAt(index: SearchIndex, pos: number): number {
  let lo = 0;
  let hi = index.list.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (index.starts[mid]! <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Users whose name or display name contains `lower`, in list order; at most `max`. */
function matches(index: SearchIndex, lower: string, max: number): RamUserRecord[] {
  if (lower === '') return index.list.slice(0, max);
  if (lower.includes(FIELD) || lower.includes(RECORD)) return [];
  const out: RamUserRecord[] = [];
  let pos = index.text.indexOf(lower);
  while (pos !== -1 && out.length < max) {
    const i = userAt(index, pos);
    out.push(index.list[i]!);
    // One hit per user: go on from the next user's part.
    pos = index.text.indexOf(lower, index.starts[i + 1]!);
  }
  return out;
}

export function createUserDirectory(opts: UserDirectoryOptions): UserDirectory {
  const maxAgeMs = opts.maxAgeMs ?? 15_000;
  const maxPages = opts.maxPages ?? 100;
  let users: RamUserRecord[] | null = null;
  let loadedAt = 0;
  let loading: Promise<RamUserRecord[]> | null = null;
  let index: SearchIndex | null = null;
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
        // Indexed here, as the copy arrives, rather than by the next search that meets it.
        index = buildIndex(users);
        return users;
      })
      .finally(() => {
        loading = null;
      });
    return loading;
  }

  /** The current copy, loading it on first use and refreshing it in the background when stale. */
  async function current(): Promise<RamUserRecord[]> {
    if (users === null) return refresh();
    if (opts.now().getTime() - loadedAt > maxAgeMs) {
      // Answer from the copy we have; a failed background refresh is retried by the next search.
      refresh().catch(() => undefined);
    }
    return users;
  }

  async function find(needle: string, max: number): Promise<RamUserRecord[]> {
    const list = await current();
    // Every change replaces the list: a new list, a new index (built on the first search).
    if (index?.list !== list) index = buildIndex(list);
    return matches(index, needle.toLowerCase(), max);
  }

  return {
    all: current,
    async search(needle) {
      return find(needle, Number.POSITIVE_INFINITY);
    },
    async searchPage(needle, offset, limit) {
      const found = await find(needle, offset + limit + 1);
      return { users: found.slice(offset, offset + limit), more: found.length > offset + limit };
    },
    added(user) {
      record(add(user));
    },
    removed(userName) {
      record(remove(userName));
    },
    reload() {
      if (users === null) return; // never read: the first search reads everything anyway
      const again = () => void refresh().catch(() => undefined);
      // A refresh already under way may have read its pages before the missed change.
      if (loading) void loading.then(again, again);
      else again();
    },
  };
}
