/**
 * The AccessKey CSV exactly as DESIGN.md says: UTF-8 with BOM, CRLF, RFC 4180 quoting.
 * Pure so the browser builds it (the secret never makes a second trip) and tests can pin bytes.
 */
const quote = (field: string): string =>
  /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;

const rows = (lines: string[][]): string =>
  '\uFEFF' + lines.map((l) => l.map(quote).join(',')).join('\r\n') + '\r\n';

export const ACCESS_KEY_CSV_FILE_NAME = 'AccessKey.csv';

export function accountAccessKeyCsv(key: { accessKeyId: string; accessKeySecret: string }): string {
  return rows([
    ['AccessKey ID', 'AccessKey Secret'],
    [key.accessKeyId, key.accessKeySecret],
  ]);
}

export function userAccessKeyCsv(
  userPrincipalName: string,
  key: { accessKeyId: string; accessKeySecret: string },
): string {
  return rows([
    ['UserPrincipalName', 'AccessKeyId', 'AccessKeySecret'],
    [userPrincipalName, key.accessKeyId, key.accessKeySecret],
  ]);
}

/** The credential report (GET /api/reports/credentials.csv): same BOM/CRLF/quoting rules. */
export function credentialReportCsv(
  header: readonly string[],
  lines: readonly (readonly (string | number | null)[])[],
): string {
  return rows([[...header], ...lines.map((l) => l.map((f) => (f === null ? '' : String(f))))]);
}
