import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseContents, freshDatabase, type TestDatabase } from '../support/database.js';
import { Client, startRealServer } from './real-server.js';

// After real flows on the real server process (most verbose logging), no created secret may be
// anywhere but the one create answer: not in what the process printed, not in any console file
// under DATA_DIR, not in the audit trail or its CSV, not in any other answer, and the create
// answer must not be cacheable. The emulator's own database is RAM's store: it holds the secrets
// (it must, to check signatures), which also proves the byte scan below can find them.

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('secret scan after real flows', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ram-console-secrets-'));
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase(dataDir);
  });
  afterAll(async () => {
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // Real processes, several sign-ins and operator creations (scrypt at N=2^17 each) and phone
  // verifications: well over the default 30 s on a busy 2-core machine.
  it(
    'the secrets exist only in the create answers (no-store) and in RAM',
    { timeout: 120_000 },
    async () => {
      const s = await startRealServer(dataDir, { LOG_LEVEL: 'trace', ...database.env });
      try {
        const admin = new Client(s.url);
        await admin.signIn();
        const secrets: string[] = [];
        const otherAnswers: string[] = [];
        const track = async (p: ReturnType<Client['request']>) => {
          const res = await p;
          otherAnswers.push(res.text);
          return res;
        };

        const create = async (userName?: string) => {
          const v = await admin.startVerification(s.emulatorUrl, 'CreateAccessKey', userName);
          const ticket = await admin.confirm(v);
          const path = userName ? `/api/users/${userName}/access-keys` : '/api/account/access-keys';
          const res = await admin.request('POST', path, { body: { description: 'scan' }, ticket });
          expect(res.status).toBe(201);
          expect(res.headers.get('cache-control')).toContain('no-store');
          const secret = res.body.accessKey.accessKeySecret as string;
          expect(secret).toMatch(/^[A-Za-z0-9]{30}$/);
          secrets.push(secret);
          return res.body.accessKey.accessKeyId as string;
        };
        // Each send must wait out the 60 s resend rule per operator: use one operator per key.
        const helpers = ['scan-one', 'scan-two', 'scan-three'];
        for (const username of helpers) {
          const ticket = await admin.confirm(
            await admin.startVerificationFor(s.emulatorUrl, {
              action: 'CreateOperator',
              operator: username,
            }),
          );
          await track(
            admin.request('POST', '/api/operators', {
              ticket,
              body: {
                username,
                password: `${username}-password-1`,
                role: 'admin',
                phone: '+8613800138000',
                mustChangePassword: false,
              },
            }),
          );
        }
        await track(
          admin.request('POST', '/api/users', {
            body: { userName: 'scan-user', displayName: 'Scan' },
          }),
        );
        const ids: string[] = [];
        ids.push(await create());
        for (const [i, username] of helpers.entries()) {
          const helper = new Client(s.url);
          await helper.signIn(username, `${username}-password-1`);
          Object.assign(admin, { cookie: helper.cookie, csrf: helper.csrf });
          ids.push(await create(i === 0 ? 'alice' : 'scan-user'));
        }
        // Disable one; read everything an operator can read.
        const disabled = await track(
          admin.request('PATCH', `/api/users/alice/access-keys/${ids[1]}`, {
            body: { status: 'Inactive' },
          }),
        );
        expect(disabled.status).toBe(204);
        for (const path of [
          '/api/account/access-keys',
          '/api/users/alice/access-keys',
          '/api/users/scan-user/access-keys',
          '/api/users?maxItems=100',
          '/api/audit-events?limit=500',
          '/api/audit-events.csv',
          '/api/auth/me',
          '/api/operators',
        ]) {
          const res = await track(admin.request('GET', path));
          expect(res.status, path).toBe(200);
          expect(res.headers.get('cache-control'), path).toContain('no-store');
          if (path.endsWith('.csv')) expect(res.headers.get('content-type')).toMatch(/text\/csv/);
        }
        expect(otherAnswers.join('\n')).toContain(ids[1]!); // the scan sees key ids, just not secrets
        for (const secret of secrets) {
          expect(otherAnswers.join('\n')).not.toContain(secret);
        }

        s.child.kill('SIGTERM');
        expect((await s.exited).code).toBe(0);

        const output = s.output();
        expect(output).toContain('request completed'); // the request log lines were written
        const ramFiles = filesUnder(dataDir).filter((f) => /[/\\]ram\.db/.test(f));
        const consoleFiles = filesUnder(dataDir).filter((f) => !ramFiles.includes(f));
        if (database.dialect === 'sqlite') {
          expect(consoleFiles.some((f) => f.endsWith('console.db'))).toBe(true);
        }
        const consoleRows = await databaseContents(database);
        expect(consoleRows.includes(ids[1]!), 'the scan sees the audit rows').toBe(true);
        const ramBytes = Buffer.concat(ramFiles.map((f) => readFileSync(f)));
        for (const secret of secrets) {
          expect(output).not.toContain(secret);
          for (const f of consoleFiles) {
            expect(readFileSync(f).includes(secret), f).toBe(false);
          }
          expect(consoleRows.includes(secret), 'console database').toBe(false);
          expect(ramBytes.includes(secret), 'RAM keeps the secret (the scan works)').toBe(true);
        }
      } finally {
        if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
      }
    },
  );
});

describe('secret scan of the documentation', () => {
  const root = fileURLToPath(new URL('../../../../', import.meta.url));
  const docs = [
    join(root, 'README.md'),
    ...filesUnder(join(root, 'docs')).filter((f) => f.endsWith('.md')),
  ];

  it('no screenshot alt text or caption in README.md and docs/ carries an AccessKey ID or secret', () => {
    expect(docs.length).toBeGreaterThan(1);
    const leaks: string[] = [];
    for (const file of docs) {
      const text = readFileSync(file, 'utf8');
      // Image alt texts, and the table cell text that captions each screenshot.
      for (const m of text.matchAll(/!\[([^\]]*)\]\(([^)]*)\)([^|\n]*)/g)) {
        const words = `${m[1]} ${m[3]}`;
        if (
          /\bLTAI[A-Za-z0-9]{12,}\b/.test(words) ||
          /\b(?=[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[A-Z])[A-Za-z0-9]{30}\b/.test(words)
        ) {
          leaks.push(`${file}: ${m[0].slice(0, 120)}`);
        }
      }
    }
    expect(leaks).toEqual([]);
  });
});
