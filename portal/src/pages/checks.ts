/** Checks and messages more than one page uses. */
import { ApiError } from '../api.ts';
import type { MsgKey } from '../i18n.tsx';

type T = (key: MsgKey, vars?: Record<string, string | number>) => string;

export function normalizeMobile(input: string): string {
  let s = input.replace(/[\s-]/g, '');
  if (s.startsWith('+86')) s = s.slice(3);
  else if (s.startsWith('0086')) s = s.slice(4);
  return s;
}

export function isMobile(input: string): boolean {
  return /^1[3-9]\d{9}$/.test(normalizeMobile(input));
}

/** A server or network error in the reader's language where the code is known, else the server's own message. */
export function errorText(t: T, err: unknown): string {
  if (!(err instanceof ApiError)) return t('error.unknown');
  switch (err.code) {
    case 'NETWORK': return t('error.network');
    case 'RATE_LIMITED': return t('error.rateLimited');
    case 'CHALLENGE_REQUIRED': case 'CHALLENGE_INVALID': return t('error.challenge');
    case 'SMS_CODE_INVALID': return t('petition.err.smsInvalid');
    default: return err.status >= 500 ? t('error.server') : err.message;
  }
}
