// Schema pieces more than one module declares its routes with: the user and tenant
// fields, ids, pagination and dates. Below the routes and services, beside the request
// context, so users, tenants and auth all import them from one place.
import { z } from 'zod';
import { MAX_PAGE_SIZE, filterText, userDisplayName, userEmail } from '@sentinel/platform';

/** The user fields, one definition for the API, the CSV import and the Tenant controller. */
export const email = userEmail;

export const slug = z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'lowercase letters, digits and inner hyphens, 1 to 63 characters');

/** Slugs nobody may create: the platform tenant's. */
export const RESERVED_SLUGS = ['platform'] as const;

/**
 * A new password. Every character counts (the hash is pre-hashed, not truncated at
 * bcrypt's 72 bytes); its strength is judged by the service, which knows the account
 * (assertStrongPassword), and refused with the estimator's reasons.
 */
export const password = z
  .string()
  .min(12, 'must be at least 12 characters')
  .max(1024, 'must be at most 1024 characters')
  .refine((s) => s.isWellFormed() && !s.includes('\u0000'), 'must be well-formed text')
  .describe('12 to 1024 characters; refused when too easy to guess (zxcvbn score below 3, or built on the email or tenant slug)');

export const role = z.enum(['platform_admin', 'tenant_admin', 'member']);

export const displayName = userDisplayName;

/** A tenant slug a client may create: not one of the reserved ones. */
export const newSlug = slug
  .refine((s) => !(RESERVED_SLUGS as readonly string[]).includes(s), 'is reserved')
  .meta({ not: { enum: [...RESERVED_SLUGS] }, description: `Tenant slug; reserved: ${RESERVED_SLUGS.join(', ')}` });

export { filterText };

export const uuidParam = z.object({ id: z.uuid({ message: 'must be a UUID' }) }).strict();

export const limitParam = z.coerce
  .number({ message: 'must be a number' })
  .int('must be an integer')
  .min(1)
  .max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`)
  .default(25);

/** The opaque cursor the API issues (checked part by part: packages/platform pagination): only a `nextCursor` the same endpoint returned is valid. */
export const cursorParam = z
  .string()
  .max(512, 'must be at most 512 characters')
  .regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor returned by this endpoint')
  .optional()
  .describe(
    'Opaque page token: pass the `nextCursor` of the previous page of the same list, unchanged. ' +
      'Any other value (forged, altered, from another list) answers 400 naming `query.cursor`.',
  );

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/)
      .max(512)
      .nullable()
      .describe('Pass as `cursor` for the next page; null on the last page'),
  });

/** A timestamp the API answers with (always UTC, `Z`). */
export const isoDate = z.iso.datetime();

/** Inputs are bounded to what PostgreSQL's timestamptz holds and the product means. */
export const MIN_DATE = '1970-01-01T00:00:00.000Z';
export const MAX_DATE = '9999-12-31T23:59:59.999Z';
const LEAP_DAY = '(?:\\d\\d(?:[2468][048]|[13579][26]|0[48])|(?:[2468][048]|[13579][26])00)-02-29';
const OTHER_DAYS = '\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|1\\d|2[0-8]))';
/** RFC 3339 in UTC, years 1970 to 9999, real calendar days, up to microseconds (PostgreSQL's precision). */
const DATE_PATTERN = new RegExp(`^(?=19[7-9]\\d|[2-9]\\d{3})(?:${LEAP_DAY}|${OTHER_DAYS})T(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d{1,6})?Z$`);

const DAY_PATTERN = new RegExp(`^(?=19[7-9]\\d|[2-9]\\d{3})(?:${LEAP_DAY}|${OTHER_DAYS})$`);

/** A calendar day a client sends (UTC), 1970 to 9999. */
export const dayInput = z
  .string()
  .regex(DAY_PATTERN, 'must be a calendar day YYYY-MM-DD between 1970-01-01 and 9999-12-31')
  .meta({ format: 'date', description: 'A calendar day in UTC, YYYY-MM-DD, from 1970-01-01 to 9999-12-31.' });

/** A date-time a client sends (filters, export ranges). */
export const dateInput = z
  .string()
  .regex(DATE_PATTERN, `must be an RFC 3339 UTC date-time (YYYY-MM-DDThh:mm:ss[.ffffff]Z) between ${MIN_DATE} and ${MAX_DATE}`)
  .meta({ format: 'date-time', description: `RFC 3339 in UTC (\`Z\`), from ${MIN_DATE} to ${MAX_DATE}, at most microsecond precision.` });
