import { InvalidChars, InvalidFormat, InvalidLength } from '../errors.js';

// Rules per reference §1.6 and §7: UserName 1–64 of letters, digits, `. - _` (`@` is no longer
// allowed: it separates the name from the domain in a UserPrincipalName); DisplayName 1–128
// (letters incl. CJK, digits, space and `. @ - _`); Comments 1–128; MobilePhone `<cc>-<number>`.
const USER_NAME = /^[A-Za-z0-9.\-_]+$/;
const DISPLAY_NAME = /^[\p{L}\p{N} .@\-_]+$/u;
const MOBILE_PHONE = /^[0-9]{1,4}-[0-9]{4,20}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export function userName(value: string, name = 'UserName'): string {
  if (value.length > 64) throw new InvalidLength(name);
  if (!USER_NAME.test(value)) throw new InvalidChars(name);
  return value;
}

export function displayName(value: string | undefined, name = 'DisplayName'): string | undefined {
  if (value === undefined) return undefined;
  if (value.length > 128) throw new InvalidLength(name);
  if (!DISPLAY_NAME.test(value)) throw new InvalidChars(name);
  return value;
}

export function comments(value: string | undefined, name = 'Comments'): string | undefined {
  if (value !== undefined && value.length > 128) throw new InvalidLength(name);
  return value;
}

export function mobilePhone(value: string | undefined, name = 'MobilePhone'): string | undefined {
  if (value !== undefined && !MOBILE_PHONE.test(value)) throw new InvalidFormat(name);
  return value;
}

export function email(value: string | undefined, name = 'Email'): string | undefined {
  if (value !== undefined && (value.length > 128 || !EMAIL.test(value)))
    throw new InvalidFormat(name);
  return value;
}
