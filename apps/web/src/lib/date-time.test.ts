import { describe, expect, it } from 'vitest';
import { formatDateTimeIn } from './date-time';

describe('formatDateTimeIn', () => {
  it('shows every time to the second with its time zone, one shape in both languages', () => {
    for (const lang of ['en', 'zh-CN']) {
      const s = formatDateTimeIn(lang, '2026-11-30T01:25:01Z');
      expect(s).toMatch(/^2026-11-30 \d{2}:25:01 \S+$/);
      // The zone is named (UTC, GMT+8…), never left out.
      expect(s.split(' ')[2]).toMatch(/^(UTC|GMT)/);
    }
    expect(formatDateTimeIn('en', null)).toBe('');
    expect(formatDateTimeIn('en', 'not a date')).toBe('not a date');
  });
});
