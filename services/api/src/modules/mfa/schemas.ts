import { z } from 'zod';
import { isoDate } from '../../core/fields.js';

export const mfaCode = z
  .string()
  .trim()
  .min(6)
  .max(32)
  .describe('The 6-digit code your authenticator shows now, or one of your recovery codes (`xxxxx-xxxxx`)');

export const totpCodeBody = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, 'must be the 6 digits your authenticator shows'),
  })
  .strict();
export const codeBody = z.object({ code: mfaCode }).strict();

export const mfaStatus = z.object({
  enrolled: z.boolean().describe('An authenticator is confirmed: sign-in asks for its code'),
  pending: z.boolean().describe('An enrolment was started and not confirmed yet'),
  confirmedAt: isoDate.nullable(),
  recoveryCodesLeft: z.number().int().describe('Unused recovery codes'),
  required: z.boolean().describe("Your tenant's policy requires MFA of you (it cannot be turned off)"),
});

export const enrolment = z.object({
  secret: z.string().describe('The TOTP secret in base32, for typing into an authenticator: shown only now'),
  otpauthUri: z.string().describe('`otpauth://totp/…` (SHA-1, 6 digits, 30 s) for a QR code: shown only now'),
});

export const recoveryCodes = z.object({
  recoveryCodes: z.array(z.string()).describe('One-time recovery codes: shown only now; each signs in once instead of a code'),
});

export const mfaPolicy = z.enum(['off', 'admins', 'all']);
export const mfaPolicyBody = z.object({ required: mfaPolicy.describe('off; admins: tenant (and platform) admins; all: every user') }).strict();
export const mfaPolicyView = z.object({ required: mfaPolicy });

export const challengeBody = z.object({ challenge: z.string().min(1).max(2048).describe('The `challenge` from the login answer') }).strict();
export const verifyBody = z.object({ challenge: challengeBody.shape.challenge, code: mfaCode }).strict();
