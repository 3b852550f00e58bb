import { EntityNotExistCredentialReport, InvalidValue } from '../errors.js';
import { isoSeconds } from '../ids.js';
import type { AccessKeyRow } from '../state/store.js';
import type { ActionContext, ActionDef } from './context.js';
import { userPrincipalName } from './principals.js';

/**
 * IMS GenerateCredentialReport / GetCredentialReport (reference/ims-api.md §6). Generation is
 * instantaneous here: the first call answers STARTED and the report is ready at once; a call within
 * 4 hours of the last report answers COMPLETED and keeps it.
 */

export const CREDENTIAL_REPORT_HEADER =
  'user,user_creation_time,user_last_logon,password_exist,password_active,password_last_changed,' +
  'password_next_rotation,mfa_active,access_key_1_exist,access_key_1_active,' +
  'access_key_1_last_rotated,access_key_1_last_used,access_key_2_exist,access_key_2_active,' +
  'access_key_2_last_rotated,access_key_2_last_used';
const FRESH_MS = 4 * 3_600_000;
const MAX_ROWS = 3501;

const flag = (b: boolean) => (b ? 'TRUE' : 'FALSE');

function keyColumns(key: AccessKeyRow | undefined): string[] {
  if (!key) return ['FALSE', 'N/A', 'N/A', 'N/A'];
  return ['TRUE', flag(key.status === 'Active'), key.create_date, key.last_used_date ?? '-'];
}

function buildRows(ctx: ActionContext): string[] {
  const { store, settings } = ctx;
  const rootKeys = store.listKeys(null);
  // The account itself: no console logon or MFA state is emulated for it.
  const rows = [
    [
      '<root>',
      'N/A',
      '-',
      'TRUE',
      'TRUE',
      'N/A',
      'N/A',
      'FALSE',
      ...keyColumns(rootKeys[0]),
      ...keyColumns(rootKeys[1]),
    ],
  ];
  for (const user of store.allUsers()) {
    const profile = store.extras.getLoginProfile(user.seq);
    const keys = store.listKeys(user.seq);
    rows.push([
      userPrincipalName(settings, user.user_name),
      user.create_date,
      '-',
      flag(profile !== undefined),
      profile ? 'TRUE' : 'N/A',
      profile?.create_date ?? 'N/A',
      'N/A',
      flag(store.extras.mfaDeviceOf(user.seq) !== undefined),
      ...keyColumns(keys[0]),
      ...keyColumns(keys[1]),
    ]);
  }
  return rows.map((r) => r.join(','));
}

const GenerateCredentialReport: ActionDef = {
  permission: 'write',
  handler(ctx) {
    const now = ctx.settings.now();
    const last = ctx.account.credentialReport;
    if (last && now.getTime() - Date.parse(last.generatedTime) < FRESH_MS)
      return { State: 'COMPLETED' };
    ctx.account.setCredentialReport({ generatedTime: isoSeconds(now), rows: buildRows(ctx) });
    return { State: 'STARTED' };
  },
};

const encodeToken = (offset: number) => Buffer.from(`r${offset}`).toString('base64url');
function decodeToken(token: string | undefined): number {
  if (token === undefined) return 0;
  const m = /^r(\d{1,6})$/.exec(Buffer.from(token, 'base64url').toString());
  if (!m) throw new InvalidValue('NextToken', 'not a token returned by GetCredentialReport');
  return Number(m[1]);
}

/** Each page is a CSV of its own (header included), Base64-encoded. */
const GetCredentialReport: ActionDef = {
  permission: 'read',
  handler(ctx) {
    const report = ctx.account.credentialReport;
    if (!report) throw new EntityNotExistCredentialReport();
    const raw = ctx.param('MaxItems');
    const limit = raw === undefined ? MAX_ROWS : /^\d{1,4}$/.test(raw) ? Number(raw) : NaN;
    if (!(limit >= 1 && limit <= MAX_ROWS))
      throw new InvalidValue('MaxItems', `must be an integer from 1 to ${MAX_ROWS}`);
    const offset = decodeToken(ctx.param('NextToken'));
    const page = report.rows.slice(offset, offset + limit);
    const truncated = offset + limit < report.rows.length;
    const csv = [CREDENTIAL_REPORT_HEADER, ...page].join('\n') + '\n';
    return {
      Content: Buffer.from(csv, 'utf8').toString('base64'),
      GeneratedTime: report.generatedTime,
      IsTruncated: truncated ? 'true' : 'false',
      ...(truncated ? { NextToken: encodeToken(offset + limit) } : {}),
    };
  },
};

export const credentialReportActions = { GenerateCredentialReport, GetCredentialReport };
