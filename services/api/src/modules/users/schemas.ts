import { z } from 'zod';
import { cursorParam, displayName, email, filterText, isoDate, limitParam, pageOf, password, role } from '../../core/fields.js';

export const user = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  role,
  hasPassword: z.boolean(),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export const userPage = pageOf(user);

export const createUserBody = z
  .object({ email, displayName, role: role.default('member'), password: password.optional().describe('Omit to email the user an invitation instead') })
  .strict();

export const invitation = z.object({
  invitationId: z.uuid(),
  jobId: z.uuid().describe('Follow the mail job at GET /api/v1/jobs/{jobId}'),
  userId: z.uuid(),
  expiresAt: isoDate,
  queued: z.boolean().describe('false if the mail job could not be queued; retry with POST /users/{id}/invite'),
});

export const replaceUserBody = z.object({ email, displayName, role }).strict();

export const patchUserBody = z
  .object({
    email: email.optional(),
    displayName: displayName.optional(),
    role: role.optional(),
    password: password.optional(),
    currentPassword: z.string().min(1).max(1024).optional().describe('Required when changing your own password'),
  })
  .strict()
  .refine((b) => Object.keys(b).some((k) => k !== 'currentPassword'), { message: 'send at least one field to change', path: [] })
  .meta({
    description: 'Send at least one field to change besides `currentPassword`.',
    anyOf: (['email', 'displayName', 'role', 'password'] as const).map((k) => ({ required: [k] })),
  });

export const userSorts = ['createdAt', '-createdAt', 'email', '-email'] as const;

export const listUsersQuery = z
  .object({
    limit: limitParam,
    cursor: cursorParam,
    sort: z.enum(userSorts).default('createdAt'),
    role: role.optional(),
    emailPrefix: filterText(254)
      .optional()
      .transform((s) => s?.toLowerCase()),
  })
  .strict();

export const importAccepted = z.object({
  id: z.uuid().describe('The import job: GET /api/v1/jobs/{id} shows progress and, when done, counts and per-row errors'),
  state: z.literal('queued'),
  bytes: z.number().int(),
});

/** The header row an import must start with: email and displayName, optionally role, in any order (an optional BOM first). */
const HEADERS = [
  'email,displayName',
  'displayName,email',
  'email,displayName,role',
  'displayName,email,role',
  'role,email,displayName',
  'role,displayName,email',
  'email,role,displayName',
  'displayName,role,email',
];
const IMPORT_HEADER = `^\\uFEFF?(?:${HEADERS.join('|')})\\r?(?:\\n|$)`;
/** Tests only the first line (without its line break): see users/routes.ts. */
export const importHeader = new RegExp(`^\\uFEFF?(?:${HEADERS.join('|')})$`);
export const IMPORT_HEADER_MAX_BYTES = 1024;

export const importCsv = z
  .string()
  .regex(new RegExp(IMPORT_HEADER), 'must start with the header row')
  .describe(
    'UTF-8 CSV whose first line is the header `email,displayName` (optionally with `role`, columns in any order); then one user per line. ' +
      'role is one your tenant can hold (default member). Invalid rows are reported per row in the job result; the rest are imported.',
  );
