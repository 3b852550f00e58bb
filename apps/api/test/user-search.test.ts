import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Agent, type Harness } from './harness.js';
import { TEST_DIALECT } from './support/database.js';

const names = (res: { body: { users: { userName: string }[] } }) =>
  res.body.users.map((u) => u.userName);

describe(`search paging markers (${TEST_DIALECT})`, () => {
  let h: Harness;
  let admin: Agent;
  beforeAll(async () => {
    h = await startHarness();
    admin = await h.signedIn('admin');
    for (let i = 1; i <= 7; i++) {
      const res = await admin.request('POST', '/api/users', {
        body: { userName: `page-0${i}`, displayName: `Paged ${i}` },
      });
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => {
    await h?.close();
  });

  const search = (marker?: string) =>
    admin.request(
      'GET',
      `/api/users?q=page&maxItems=3${marker ? `&marker=${encodeURIComponent(marker)}` : ''}`,
    );

  it('pages through a search with markers that name the last user shown', async () => {
    const first = await search();
    expect(names(first)).toEqual(['page-01', 'page-02', 'page-03']);
    expect(first.body).toMatchObject({ isTruncated: true, marker: 'q:3:page-03' });
    const second = await search(first.body.marker);
    expect(names(second)).toEqual(['page-04', 'page-05', 'page-06']);
    expect(second.body.marker).toBe('q:6:page-06');
    const third = await search(second.body.marker);
    expect(names(third)).toEqual(['page-07']);
    expect(third.body).toMatchObject({ isTruncated: false, marker: null });
  });

  it('a user deleted before the marker shifts nothing: the next page starts after the last user shown', async () => {
    const first = await search();
    const ticket = await admin.verify('DeleteUser', 'page-02');
    expect((await admin.request('DELETE', '/api/users/page-02', { ticket })).status).toBe(204);
    // By offset alone the next page would start at page-05 and page-04 would never be shown.
    const next = await search(first.body.marker);
    expect(names(next)).toEqual(['page-04', 'page-05', 'page-06']);
    expect(next.body.marker).toBe('q:5:page-06');
    expect(names(await search(next.body.marker))).toEqual(['page-07']);
  });

  it('an offset-only marker (earlier releases) and a marker naming an unknown user continue at the offset', async () => {
    expect(names(await search('q:3'))).toEqual(['page-05', 'page-06', 'page-07']);
    expect(names(await search('q:3:nobody'))).toEqual(['page-05', 'page-06', 'page-07']);
  });
});
