import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { paths } from './config/paths';
import { accessKeysPath } from './features/access-keys/api/keys-path';
import { api } from './lib/api-client';

// public/early-requests.js runs before the app's chunks arrive and imports nothing: its paths are
// written out, and held here to the ones the app itself uses, by running it as the browser does.
const script = readFileSync(new URL('../public/early-requests.js', import.meta.url), 'utf8');

function openPage(pathname: string) {
  const asked: string[] = [];
  const window: { location: { pathname: string }; __ramConsoleEarlyGets?: Map<string, unknown> } = {
    location: { pathname },
  };
  const fetch = (url: string) => {
    asked.push(url);
    return Promise.resolve(new Response(JSON.stringify({ url }), { status: 200 }));
  };
  runInNewContext(script, { window, fetch, Map, Date });
  return { asked, gets: window.__ramConsoleEarlyGets };
}

describe('the early requests (public/early-requests.js)', () => {
  afterEach(() => {
    delete (globalThis as { __ramConsoleEarlyGets?: unknown }).__ramConsoleEarlyGets;
    vi.unstubAllGlobals();
  });

  it('ask for the operator and exactly what the AccessKey page asks for', () => {
    expect(openPage(paths.accountAccessKeys).asked).toEqual(['/api/auth/me', accessKeysPath({})]);
    expect(openPage(`${paths.accountAccessKeys}/`).asked).toHaveLength(2);
    expect(openPage(paths.users).asked).toEqual(['/api/auth/me']);
    expect(openPage(paths.myAccount).asked).toEqual(['/api/auth/me']);
  });

  it('leave the pages outside the console alone', () => {
    for (const p of [paths.signIn, paths.ssoProblem, paths.changePassword]) {
      expect(openPage(p).asked, p).toEqual([]);
    }
    expect(openPage('/sign-inx').asked).toEqual(['/api/auth/me']);
  });

  it('the app’s first GET of that URL takes the early answer; the next one asks again', async () => {
    const { gets } = openPage(paths.accountAccessKeys);
    (globalThis as { __ramConsoleEarlyGets?: unknown }).__ramConsoleEarlyGets = gets;
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ url: 'again' })));
    vi.stubGlobal('fetch', fetchMock);
    const body = { parse: (v: unknown) => v };
    expect(await api(accessKeysPath({}), { schema: body })).toEqual({ url: accessKeysPath({}) });
    expect(fetchMock).not.toHaveBeenCalled();
    expect(await api(accessKeysPath({}), { schema: body })).toEqual({ url: 'again' });
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });
});
