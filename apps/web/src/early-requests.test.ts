import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { paths } from './config/paths';
import { accessKeysPath } from './features/access-keys/api/keys-path';

// public/early-requests.js runs before the app's chunks arrive and imports nothing: its paths are
// written out, and held here to the ones the app itself uses, by running it as the browser does.
const script = readFileSync(new URL('../public/early-requests.js', import.meta.url), 'utf8');

type Window = { location: { pathname: string }; __ramConsoleEarlyGets?: unknown };

function openPage(pathname: string, window: Window = { location: { pathname } }) {
  const asked: string[] = [];
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

  // The app's module, loaded fresh after the early script has run (as in the browser).
  const loadApp = async (gets: unknown) => {
    vi.resetModules();
    (globalThis as { __ramConsoleEarlyGets?: unknown }).__ramConsoleEarlyGets = gets;
    return import('./lib/api-client');
  };
  const answering = (what: string) => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ url: what })));
    vi.stubGlobal('fetch', fetchMock);
    return fetchMock;
  };
  const body = { parse: (v: unknown) => v };

  it('the app’s first GET of that URL takes the early answer; the next one asks again', async () => {
    const { api } = await loadApp(openPage(paths.accountAccessKeys).gets);
    const fetchMock = answering('again');
    expect(await api(accessKeysPath({}), { schema: body })).toEqual({ url: accessKeysPath({}) });
    expect(fetchMock).not.toHaveBeenCalled();
    expect(await api(accessKeysPath({}), { schema: body })).toEqual({ url: 'again' });
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('a request that changes something drops the answers not yet taken', async () => {
    const { api } = await loadApp(openPage(paths.accountAccessKeys).gets);
    const fetchMock = answering('fresh');
    await api('/api/auth/login', { method: 'POST', body: {} });
    expect(await api('/api/auth/me', { schema: body })).toEqual({ url: 'fresh' });
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it('an early script that runs after the app has loaded asks for nothing', async () => {
    await loadApp(undefined);
    const late = openPage(paths.accountAccessKeys, {
      location: { pathname: paths.accountAccessKeys },
      __ramConsoleEarlyGets: (globalThis as { __ramConsoleEarlyGets?: unknown })
        .__ramConsoleEarlyGets,
    });
    expect(late.asked).toEqual([]);
  });
});
