// One catalog of stable error codes. Domain code throws AppError with a code from
// here; only the HTTP edge turns it into RFC 9457 application/problem+json.

export const errorCatalog = {
  SENTINEL_VALIDATION_FAILED: { status: 400, title: 'The request is not valid' },
  SENTINEL_MALFORMED_JSON: { status: 400, title: 'The request body is not valid JSON' },
  SENTINEL_AUTH_REQUIRED: { status: 401, title: 'Authentication is required' },
  SENTINEL_AUTH_TOKEN_INVALID: { status: 401, title: 'The access token is not valid' },
  SENTINEL_AUTH_INVALID_CREDENTIALS: { status: 401, title: 'Invalid tenant, email or password' },
  SENTINEL_AUTH_REFRESH_INVALID: { status: 401, title: 'The refresh token is not valid' },
  SENTINEL_AUTH_TENANT_SUSPENDED: { status: 401, title: 'The tenant is suspended' },
  SENTINEL_MFA_CHALLENGE_INVALID: { status: 401, title: 'The sign-in challenge is not valid, has expired or was already used; sign in again' },
  SENTINEL_AUTH_MFA_CODE_INVALID: { status: 401, title: 'The authentication code is wrong, expired or already used' },
  SENTINEL_AUTH_SSO_INVALID: { status: 400, title: 'The single sign-on answer is not valid, has expired or was already used; sign in again' },
  SENTINEL_AUTH_MFA_ENROLMENT_REQUIRED: { status: 401, title: 'Your tenant now requires multi-factor authentication: sign in again to enrol' },
  SENTINEL_FORBIDDEN: { status: 403, title: 'Not allowed' },
  SENTINEL_AUTH_SSO_DENIED: { status: 403, title: "The identity provider's account may not sign in to this tenant" },
  SENTINEL_AUTH_SSO_REQUIRED: { status: 403, title: 'Your tenant requires single sign-on: sign in with SSO' },
  SENTINEL_MFA_STEP_UP_REQUIRED: { status: 403, title: 'This action needs a fresh second factor' },
  // 403, not 401: the caller's token is fine, only the code it sent is wrong.
  SENTINEL_MFA_CODE_INVALID: { status: 403, title: 'The authentication code is wrong, expired or already used' },
  SENTINEL_MFA_ENROLMENT_REQUIRED: { status: 403, title: 'Your tenant requires multi-factor authentication; enrol an authenticator first' },
  SENTINEL_MFA_ALREADY_ENROLLED: { status: 409, title: 'Multi-factor authentication is already enrolled' },
  SENTINEL_MFA_NOT_ENROLLED: { status: 409, title: 'No authenticator is enrolled (or the enrolment was not started)' },
  SENTINEL_MFA_REQUIRED_BY_TENANT: { status: 409, title: 'Your tenant requires multi-factor authentication: it cannot be turned off' },
  SENTINEL_NOT_FOUND: { status: 404, title: 'Not found' },
  SENTINEL_ROUTE_NOT_FOUND: { status: 404, title: 'No such endpoint' },
  SENTINEL_METHOD_NOT_ALLOWED: { status: 405, title: 'The endpoint does not answer this method' },
  SENTINEL_USER_EMAIL_TAKEN: { status: 409, title: 'A user with this email already exists in the tenant' },
  SENTINEL_TENANT_SLUG_TAKEN: { status: 409, title: 'A tenant with this slug already exists' },
  SENTINEL_USER_HAS_PASSWORD: { status: 409, title: 'The user has already set a password' },
  SENTINEL_INVITATION_INVALID: { status: 400, title: 'The invitation is not valid, has expired or was already used' },
  SENTINEL_EXPORT_NOT_READY: { status: 409, title: 'The export is not finished' },
  SENTINEL_EXPORT_GONE: { status: 410, title: 'The export was already downloaded, or has expired' },
  SENTINEL_EXPORT_BUSY: { status: 409, title: 'The export is being downloaded right now' },
  SENTINEL_API_KEY_REVOKED: { status: 409, title: 'A revoked API key cannot be rotated' },
  SENTINEL_WEBHOOK_ENDPOINT_LIMIT: { status: 409, title: 'The tenant has as many webhook endpoints as allowed' },
  SENTINEL_WEBHOOK_ENDPOINT_DISABLED: { status: 409, title: 'The webhook endpoint is disabled; enable it first' },
  SENTINEL_JOB_NOT_FAILED: { status: 409, title: 'Only a failed job can be retried' },
  SENTINEL_JOB_INPUT_INVALID: { status: 422, title: "The job's input cannot be processed" },
  SENTINEL_JOB_TARGET_GONE: { status: 410, title: 'What the job was for no longer exists' },
  SENTINEL_TENANT_RESERVED: { status: 409, title: 'The platform tenant cannot be changed or deleted' },
  SENTINEL_TENANT_OWNED_ELSEWHERE: { status: 409, title: 'A live tenant with this name belongs to another Tenant resource' },
  SENTINEL_TENANTS_MANAGED_BY_KUBERNETES: { status: 409, title: 'Tenants are managed as Kubernetes Tenant resources here' },
  SENTINEL_TENANT_USER_LIMIT: { status: 409, title: "The tenant has reached its plan's user limit" },
  SENTINEL_PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  SENTINEL_UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'The request body must be application/json' },
  SENTINEL_UPLOADS_BUSY: { status: 429, title: 'Too many uploads are in progress; retry shortly' },
  SENTINEL_STREAMS_BUSY: { status: 429, title: 'Too many event streams are open for this tenant; retry shortly' },
  SENTINEL_RATE_LIMITED: { status: 429, title: "The tenant's request quota is exhausted" },
  SENTINEL_LOGIN_THROTTLED: { status: 429, title: 'Too many login attempts' },
  SENTINEL_MFA_THROTTLED: { status: 429, title: 'Too many authentication code attempts' },
  SENTINEL_INTERNAL: { status: 500, title: 'Internal error' },
  SENTINEL_SSO_PROVIDER_UNAVAILABLE: { status: 502, title: 'The identity provider could not be reached or answered unexpectedly' },
  SENTINEL_UNAVAILABLE: { status: 503, title: 'A dependency is unavailable; retry later' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof errorCatalog;

export interface FieldError {
  /** Where the problem is: `body.email`, `query.limit`, `params.id`. */
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly status: number;
  readonly title: string;
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    readonly extras: { errors?: FieldError[]; retryAfterSeconds?: number } = {},
  ) {
    super(detail ?? errorCatalog[code].title);
    this.name = 'AppError';
    this.status = errorCatalog[code].status;
    this.title = errorCatalog[code].title;
  }
}

export const notFound = (what = 'resource') => new AppError('SENTINEL_NOT_FOUND', `No such ${what}`);
export const forbidden = (detail = 'Your role does not allow this') => new AppError('SENTINEL_FORBIDDEN', detail);

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: ErrorCode;
  requestId?: string;
  errors?: FieldError[];
}

/** RFC 9457 body for an error. 5xx never carries internals. */
export function toProblem(err: AppError, instance?: string, requestId?: string): ProblemDetails {
  const p: ProblemDetails = {
    type: `urn:sentinel:problem:${err.code.slice('SENTINEL_'.length).toLowerCase().replaceAll('_', '-')}`,
    title: err.title,
    status: err.status,
    code: err.code,
  };
  if (err.detail && err.status < 500) p.detail = err.detail;
  if (instance) p.instance = instance;
  if (requestId) p.requestId = requestId;
  if (err.extras.errors?.length) p.errors = err.extras.errors;
  return p;
}
