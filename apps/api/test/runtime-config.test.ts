import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

const ACCESS_KEY_SECRET = 'CanarySecretFromTheEnvironment01';
const ADMIN_PASSWORD = 'canary-first-admin-password-9';
const OIDC_CLIENT_SECRET = 'canary-oidc-client-secret-7';
const CONSOLE_SECRET_KEY = 'canary-console-secret-key-0123456789';

/**
 * Every string reachable from `root` through properties (own and inherited, symbol-keyed and
 * non-enumerable, Map and Set entries): what a debugger, a heap dump or a careless serialiser of
 * the app would find. Getters are not called. Closures are out of reach by design.
 */
function findString(root: unknown, needle: string): string[] {
  const seen = new Set<unknown>();
  const found: string[] = [];
  const queue: [unknown, string][] = [[root, 'app']];
  const builtins = new Set<unknown>([
    Object.prototype,
    Function.prototype,
    Array.prototype,
    Map.prototype,
    Set.prototype,
    Promise.prototype,
  ]);
  while (queue.length && seen.size < 500_000) {
    const [value, path] = queue.shift()!;
    if (typeof value === 'string') {
      if (value.includes(needle)) found.push(path);
      continue;
    }
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null) continue;
    if (seen.has(value) || builtins.has(value)) continue;
    seen.add(value);
    if (value instanceof Map) {
      for (const [k, v] of value) queue.push([k, `${path}<key>`], [v, `${path}.get(…)`]);
    }
    if (value instanceof Set) for (const v of value) queue.push([v, `${path}<entry>`]);
    if (ArrayBuffer.isView(value)) continue;
    for (const key of Reflect.ownKeys(value)) {
      const d = Object.getOwnPropertyDescriptor(value, key);
      if (d && 'value' in d) queue.push([d.value, `${path}.${String(key)}`]);
    }
    queue.push([Object.getPrototypeOf(value), `${path}.__proto__`]);
  }
  return found;
}

describe('the running app keeps no credential or password from its configuration', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      env: {
        ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAICanaryKeyId000000000',
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: ACCESS_KEY_SECRET,
        CONSOLE_ADMIN_USERNAME: 'root-admin',
        CONSOLE_ADMIN_PASSWORD: ADMIN_PASSWORD,
        OIDC_ISSUER: 'https://idp.example.com/realms/corp',
        OIDC_CLIENT_ID: 'ram-console',
        OIDC_CLIENT_SECRET,
        CONSOLE_SECRET_KEY,
        OIDC_ADMIN_GROUPS: 'console-admins',
      },
    });
    // The request path is exercised too: a request may cache config-derived values.
    expect((await h.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('app.services.config holds the settings routes read, and nothing else', () => {
    expect(Object.keys(h.app.services.config).sort()).toEqual([
      'flow',
      'keyPolicy',
      'localLogin',
      'mode',
      'rotationGraceMinutes',
      'session',
      'stepUpWindowMinutes',
    ]);
  });

  it('no secret is reachable from the app instance', () => {
    expect(findString(h.app, ACCESS_KEY_SECRET)).toEqual([]);
    expect(findString(h.app, ADMIN_PASSWORD)).toEqual([]);
    expect(findString(h.app, OIDC_CLIENT_SECRET)).toEqual([]);
    // Only the key derived from it is kept (in the verification service's closure).
    expect(findString(h.app, CONSOLE_SECRET_KEY)).toEqual([]);
    // The walk does reach the services (it is not vacuous).
    expect(findString(h.app, 'ram_console_session')).not.toEqual([]);
  });
});
