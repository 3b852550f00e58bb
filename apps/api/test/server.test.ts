import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The compiled server, as `npm start` runs it (`tsc -b` runs before the unit tests in `npm test`).
const serverJs = fileURLToPath(new URL('../dist/server.js', import.meta.url));

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
}

function startServer(dataDir: string, env: Record<string, string> = {}): Promise<Started> {
  const child = spawn(process.execPath, [serverJs], {
    env: { PATH: process.env.PATH, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 20_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /ram-console listening on (http:\/\/\S+)/.exec(out);
      // Wait for the lines printed after the URL too.
      if (m && /RAM: /.test(out)) {
        setTimeout(() => {
          clearTimeout(timer);
          resolve({ child, url: m[1]!, output: () => out });
        }, 200);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited ${code}:\n${out}`)));
  });
}

function stop(s: Started): Promise<number | null> {
  return new Promise((resolve) => {
    s.child.removeAllListeners('exit');
    s.child.once('exit', (code) => resolve(code));
    s.child.kill('SIGTERM');
  });
}

async function signIn(url: string, username: string, password: string) {
  const res = await fetch(new URL('/api/auth/login', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return { status: res.status, cookie: res.headers.get('set-cookie')?.split(';')[0] ?? '' };
}

describe.skipIf(!existsSync(serverJs))('npm start: the embedded default', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ram-console-server-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts the emulator in-process, seeds demo users, prints the URL and a one-time password; a restart keeps everything', async () => {
    const first = await startServer(dataDir);
    const password = /One-time password \(shown only now\): (\S+)/.exec(first.output())?.[1];
    expect(password).toBeDefined();
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const health = await fetch(new URL('/api/health', first.url));
    expect(await health.json()).toEqual({ status: 'ok', ram: 'emulator' });
    const signedIn = await signIn(first.url, 'admin', password!);
    expect(signedIn.status).toBe(200);
    // The one-time password opens nothing but its own replacement.
    const refused = await fetch(new URL('/api/users', first.url), {
      headers: { cookie: signedIn.cookie },
    });
    expect(((await refused.json()) as { code: string }).code).toBe('PasswordChangeRequired');
    const me0 = await fetch(new URL('/api/auth/me', first.url), {
      headers: { cookie: signedIn.cookie },
    });
    const { csrfToken } = (await me0.json()) as { csrfToken: string };
    const changed = await fetch(new URL('/api/auth/password', first.url), {
      method: 'POST',
      headers: {
        cookie: signedIn.cookie,
        'x-csrf-token': csrfToken,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ currentPassword: password, newPassword: 'my-own-password-123' }),
    });
    expect(changed.status).toBe(200);
    // The change gave this client a new session id.
    const login = { cookie: changed.headers.get('set-cookie')?.split(';')[0] ?? '' };
    expect(login.cookie).not.toBe(signedIn.cookie);
    const users = await fetch(new URL('/api/users', first.url), {
      headers: { cookie: login.cookie },
    });
    const names = ((await users.json()) as { users: { userName: string }[] }).users.map(
      (u) => u.userName,
    );
    expect(names).toEqual(expect.arrayContaining(['alice', 'bob', 'ci-deployer']));
    expect(await stop(first)).toBe(0);

    const second = await startServer(dataDir);
    expect(second.output()).not.toContain('One-time password');
    // Same session, same operator, same RAM users.
    const me = await fetch(new URL('/api/auth/me', second.url), {
      headers: { cookie: login.cookie },
    });
    expect(me.status).toBe(200);
    const again = await fetch(new URL('/api/users', second.url), {
      headers: { cookie: login.cookie },
    });
    const names2 = ((await again.json()) as { users: { userName: string }[] }).users.map(
      (u) => u.userName,
    );
    expect(names2.sort()).toEqual(names.sort());
    expect(await stop(second)).toBe(0);
  });

  it('keeps DATA_DIR private: the folder 0700, the databases (with the secrets the emulator issued) 0600', async () => {
    // An existing folder others could read is tightened; the files are created private.
    const loose = mkdtempSync(join(tmpdir(), 'ram-console-perms-'));
    chmodSync(loose, 0o755);
    try {
      const started = await startServer(loose);
      expect(await stop(started)).toBe(0);
      const mode = (p: string) => (statSync(join(loose, p)).mode & 0o777).toString(8);
      expect(mode('.')).toBe('700');
      for (const file of ['console.db', 'ram.db']) expect(mode(file), file).toBe('600');
      for (const file of readdirSync(loose)) expect(mode(file), file).toBe('600');
    } finally {
      rmSync(loose, { recursive: true, force: true });
    }
  });

  it('stops with a readable list when the configuration is wrong', async () => {
    const child = spawn(process.execPath, [serverJs], {
      env: { PATH: process.env.PATH, DATA_DIR: dataDir, PORT: 'x', SMS_PROVIDER: 'pigeon' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const code = await new Promise((r) => child.on('exit', r));
    expect(code).toBe(1);
    expect(err).toContain('Invalid configuration');
    expect(err).toContain('PORT');
    expect(err).toContain('SMS_PROVIDER');
  });

  it('with CONSOLE_TEST_HOOKS, the test channel moves the embedded emulator’s dates with the API’s clock', async () => {
    const testDir = mkdtempSync(join(tmpdir(), 'ram-console-server-hooks-'));
    const server = await startServer(testDir, {
      CONSOLE_TEST_HOOKS: 'true',
      CONSOLE_ADMIN_USERNAME: 'admin',
      CONSOLE_ADMIN_PASSWORD: 'hooks-admin-password-1',
    });
    try {
      expect(server.output()).toContain('Test hooks on');
      const twoDays = 2 * 24 * 3_600_000;
      const moved = await fetch(new URL('/api/__test/clock', server.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ advanceMs: twoDays }),
      });
      expect(moved.status).toBe(200);
      const { now } = (await moved.json()) as { now: string };
      expect(Date.parse(now) - Date.now()).toBeGreaterThan(twoDays - 60_000);

      // A RAM user created now is dated by the emulator two days on too, not today.
      const login = await fetch(new URL('/api/auth/login', server.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'hooks-admin-password-1' }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      const created = await fetch(new URL('/api/users', server.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
        body: JSON.stringify({ userName: 'later', displayName: 'Later' }),
      });
      expect(created.status).toBe(201);
      const { user } = (await created.json()) as { user: { createDate: string } };
      expect(Math.abs(Date.parse(user.createDate) - Date.parse(now))).toBeLessThan(60_000);
      expect(await stop(server)).toBe(0);
    } finally {
      server.child.kill('SIGKILL');
      rmSync(testDir, { recursive: true, force: true });
    }
  });
});
