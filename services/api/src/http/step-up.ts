// Step-up on a sensitive route (creating or rotating an API key, changing single sign-on): how
// the route says so in the OpenAPI document, and where the code comes from (MfaService.stepUp).
import type { Request } from 'express';

export const STEP_UP =
  'A user with MFA must have proven it within MFA_STEP_UP_MAX_AGE_S (at sign-in) or send a current code in the `X-MFA-Code` header (403 SENTINEL_MFA_STEP_UP_REQUIRED otherwise; 403 SENTINEL_MFA_CODE_INVALID for a wrong one)';

/** The step-up code of a request, from its `X-MFA-Code` header. */
export const mfaCodeHeader = (req: Request): string | undefined => req.get('x-mfa-code')?.trim() || undefined;
