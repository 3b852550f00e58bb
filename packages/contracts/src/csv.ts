/**
 * The one CSV builder: every export (credential report, audit trail, the AccessKey CSV) goes
 * through it. UTF-8 with BOM, CRLF, RFC 4180 quoting, and OWASP's rule against formula
 * injection: a text cell that starts with `=`, `+`, `-`, `@`, tab or carriage return (or with
 * `=`, `+`, `-`, `@` full-width or after spaces) gets a leading `'`, so a spreadsheet shows it as text instead of running it. Pure, so the browser
 * builds the AccessKey CSV (the secret never makes a second trip) and tests pin bytes.
 */
export type CsvCell = string | number | null | undefined;

// OWASP's characters, their full-width forms (some spreadsheets fold them to ASCII when a cell is
// entered), and any of them after leading spaces or line breaks (an import that trims spaces would
// otherwise run ` =1+1`).
const FORMULA_START = /^[\s\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r]/;

/** Whether a spreadsheet could read this text as a formula. */
export const startsLikeFormula = (text: string): boolean => FORMULA_START.test(text);

/** OWASP's neutralisation. Numbers are written as they are: `-3` is a number, not a formula. */
export function neutraliseCell(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return String(cell);
  return startsLikeFormula(cell) ? `'${cell}` : cell;
}

const quote = (field: string): string =>
  /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;

/** A whole CSV document: header, then rows, every cell neutralised and quoted. */
export function toCsv(header: readonly string[], lines: readonly (readonly CsvCell[])[]): string {
  const all = [header, ...lines].map((l) => l.map((c) => quote(neutraliseCell(c))).join(','));
  return '\uFEFF' + all.join('\r\n') + '\r\n';
}

export class CsvCellRefused extends Error {
  constructor(what: string) {
    super(
      `The ${what} starts with a character a spreadsheet runs as a formula; it is not written altered into a CSV (copy it instead)`,
    );
    this.name = 'CsvCellRefused';
  }
}

/**
 * A credential is written exactly or not at all: neutralising it would hand out a wrong secret.
 * RAM's IDs and secrets are letters and digits, so this refuses only what RAM never issues.
 */
function exactly(value: string, what: string): string {
  if (startsLikeFormula(value)) throw new CsvCellRefused(what);
  return value;
}

export const ACCESS_KEY_CSV_FILE_NAME = 'AccessKey.csv';

export function accountAccessKeyCsv(key: { accessKeyId: string; accessKeySecret: string }): string {
  return toCsv(
    ['AccessKey ID', 'AccessKey Secret'],
    [[exactly(key.accessKeyId, 'AccessKey ID'), exactly(key.accessKeySecret, 'AccessKey Secret')]],
  );
}

export function userAccessKeyCsv(
  userPrincipalName: string,
  key: { accessKeyId: string; accessKeySecret: string },
): string {
  return toCsv(
    ['UserPrincipalName', 'AccessKeyId', 'AccessKeySecret'],
    [
      [
        userPrincipalName,
        exactly(key.accessKeyId, 'AccessKey ID'),
        exactly(key.accessKeySecret, 'AccessKey Secret'),
      ],
    ],
  );
}

/** The credential report (GET /api/reports/credentials.csv). */
export function credentialReportCsv(
  header: readonly string[],
  lines: readonly (readonly CsvCell[])[],
): string {
  return toCsv(header, lines);
}
