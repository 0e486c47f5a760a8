/**
 * One error type for every refusal the platform gives. The code says what went wrong; http/errors.ts maps each
 * code to exactly one HTTP status (API.md), so a rule never decides its own status code.
 */
export const ERROR_STATUS = {
  BAD_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID_STATE: 409,
  CONFLICT: 409,
  LIMIT_PASSED: 422,
  TOO_MANY_REPRESENTATIVES: 422,
  ID_INVALID: 422,
  PHONE_INVALID: 422,
  RULE_VIOLATION: 422,
  ACCUSED_UNIT: 422,
  ALREADY_EXTENDED: 422,
  EXTENSION_TOO_LONG: 422,
  ALREADY_EVALUATED: 422,
  SCHEDULE_UNKNOWN: 422,
  RATE_LIMITED: 429,
  // the citizen portal (docs/PORTAL.md)
  CHALLENGE_REQUIRED: 429,
  CHALLENGE_INVALID: 400,
  SMS_CODE_INVALID: 422,
  UNSUPPORTED_TYPE: 422,
  ATTACHMENT_INVALID: 422,
  TOO_LARGE: 413,
  WINDOW_CLOSED: 409,
  /** a gateway the request depends on (SMS) failed: not the caller's fault, and no details */
  UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what = '记录') => new DomainError('NOT_FOUND', `${what}不存在或无权查看`);
