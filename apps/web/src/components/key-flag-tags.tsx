import Space from 'antd/es/space';
import Tag from 'antd/es/tag';
import { useTranslation } from 'react-i18next';
import type { KeyFlag, KeyPolicy } from '@ram-console/contracts';
import { formatDateTime } from '../lib/format';

// antd's preset tag colours fall short of WCAG AA contrast; these dark-on-light pairs pass.
// A long tag wraps inside its column (between words only) rather than spilling over the next one.
const WRAP = { whiteSpace: 'normal', maxWidth: '100%' } as const;
const WARNING = { ...WRAP, color: '#873800', background: '#fff7e6', borderColor: '#ffd591' };
const CAUTION = { ...WRAP, color: '#614700', background: '#fffbe6', borderColor: '#ffe58f' };
const INFO = { ...WRAP, color: '#003eb3', background: '#e6f4ff', borderColor: '#91caff' };
const DANGER = { ...WRAP, color: '#a8071a', background: '#fff1f0', borderColor: '#ffa39e' };

/** A translated sentence that may wrap, with its date and time kept on one line. */
function WithUnbrokenDate({ text, date }: { text: (date: string) => string; date: string }) {
  const MARK = '\u0000';
  const [before, after] = text(MARK).split(MARK);
  return (
    <>
      {before}
      <span style={{ whiteSpace: 'nowrap' }}>{date}</span>
      {after}
    </>
  );
}

/** Whether KeyFlagTags shows anything for these flags (an empty tag row still takes a line). */
export function hasVisibleFlags(flags: readonly KeyFlag[], showNeverUsed = true): boolean {
  const never = flags.includes('never-used');
  return flags.some((f) => (f === 'never-used' ? showNeverUsed : f !== 'unused' || !never));
}

/**
 * A key's hygiene as tags: "Never used", "Unused for N days" (a key that was used), "Older than
 * N days", and red "Expired" past KEY_MAX_AGE_DAYS. Shared by the key tables and the report.
 */
export function KeyFlagTags({
  flags,
  unusedDays,
  policy,
  idleDisableDate,
  showNeverUsed = true,
}: {
  flags: readonly KeyFlag[];
  unusedDays: number | null;
  policy: KeyPolicy;
  /** When RAM disables the key for being idle (MaxIdleDaysForAccessKeys). */
  idleDisableDate?: string | null | undefined;
  /** Off where a "Last used" column already says "Never used". */
  showNeverUsed?: boolean;
}) {
  const { t } = useTranslation();
  const has = (f: KeyFlag) => flags.includes(f);
  return (
    <Space size={[0, 4]} wrap>
      {has('never-used') && showNeverUsed ? (
        <Tag style={WARNING}>{t('hygiene.neverUsed')}</Tag>
      ) : null}
      {has('unused') && !has('never-used') ? (
        <Tag style={WARNING}>{t('hygiene.unusedFor', { count: unusedDays ?? 0 })}</Tag>
      ) : null}
      {has('old') ? (
        <Tag style={CAUTION}>{t('hygiene.olderThan', { count: policy.olderThanDays })}</Tag>
      ) : null}
      {has('idle-disable-soon') ? (
        <Tag style={DANGER}>
          {idleDisableDate ? (
            <WithUnbrokenDate
              text={(date) => t('hygiene.idleDisableSoon', { date })}
              date={formatDateTime(idleDisableDate)}
            />
          ) : (
            t('hygiene.idleDisableSoonNoDate')
          )}
        </Tag>
      ) : null}
      {has('expired') ? (
        <Tag style={DANGER}>{t('hygiene.expired', { count: policy.maxAgeDays ?? 0 })}</Tag>
      ) : null}
    </Space>
  );
}

/** A key the console itself signs with (DESIGN.md: "Used by this console"). */
export function ConsoleKeyTag() {
  const { t } = useTranslation();
  return <Tag style={INFO}>{t('accessKeys.usedByConsole')}</Tag>;
}

/**
 * The key filters, in the order shown. `expired` only with a maximum age; `idle-disable-soon` only
 * where RAM's idle rule applies (RAM users' keys under a MaxIdleDaysForAccessKeys setting).
 */
export const FLAG_FILTERS = [
  'never-used',
  'unused',
  'old',
  'expired',
  'idle-disable-soon',
] as const;
