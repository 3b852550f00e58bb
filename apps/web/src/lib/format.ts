import { formatDateTimeIn } from './date-time';
import i18n from './i18n';

/** A timestamp in the operator's language, to the second, with its time zone. */
export const formatDateTime = (iso: string | null | undefined): string =>
  formatDateTimeIn(i18n.language, iso);
