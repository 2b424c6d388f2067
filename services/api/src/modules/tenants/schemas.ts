import { z } from 'zod';
import { cursorParam, displayName, email, filterText, isoDate, limitParam, newSlug, pageOf } from '../../core/fields.js';

export const plan = z.enum(['free', 'pro', 'enterprise']);
export const status = z.enum(['active', 'suspended']);
export const auditRetentionDays = z.number().int().min(1).max(3650).describe('Audit rows older than this are deleted (default 365)');

export const tenant = z.object({
  id: z.uuid(),
  slug: z.string(),
  displayName: z.string(),
  plan,
  status,
  auditRetentionDays,
  maxUsers: z.number().int().nullable().describe('Most users the tenant may have (Tenant spec.limits.maxUsers); null: no limit'),
  managedBy: z.enum(['api', 'kubernetes']).describe('kubernetes: owned by a Tenant resource; change it with kubectl, not this API'),
  resource: z
    .object({
      phase: z.string().describe('Pending, Ready, Suspended, Failed or Deleting'),
      conditions: z
        .array(z.object({ type: z.string(), status: z.string(), reason: z.string(), message: z.string(), lastTransitionTime: z.string() }))
        .describe('As on the resource: Ready, Paused, Suspended, WithinLimits, DatabaseReady, PoliciesReady, DirectAccessReady'),
      observedGeneration: z.number().int().describe('The spec generation the controller last acted on'),
      generation: z.number().int().describe("The resource's generation when the controller reported; ahead of observedGeneration while a change is applied"),
      reportedAt: isoDate,
    })
    .nullable()
    .describe("The Tenant controller's last report on the resource that owns this tenant (its status subresource); null for tenants the API owns"),
  deletedAt: isoDate.nullable().describe('Set when its Tenant resource was deleted with deletionPolicy Retain: data kept, access gone'),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export const tenantPage = pageOf(tenant);

/** The API's counterpart of a Tenant resource's spec.admin. */
export const adminBody = z
  .object({
    email: email.describe('Who becomes a tenant admin; a new user is invited by email to set a password'),
    displayName: displayName.optional().describe('For a new user (default: the part of the email before @)'),
  })
  .strict();

export const adminGrant = z.object({
  userId: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  role: z.literal('tenant_admin'),
  created: z.boolean().describe('false: an existing user of the tenant, now a tenant admin'),
  invitation: z
    .object({
      invitationId: z.uuid(),
      jobId: z.uuid().describe('The mail job: GET /api/v1/jobs/{id} (as a platform admin)'),
      expiresAt: isoDate,
      queued: z.boolean().describe('false: Redis was unavailable; the job is recorded and a platform admin can retry it'),
    })
    .nullable()
    .describe('null: the user already has a password and signs in as before'),
});

export const createTenantBody = z
  .object({
    slug: newSlug,
    displayName,
    plan: plan.default('free'),
    status: status.default('active'),
    auditRetentionDays: auditRetentionDays.optional(),
    admin: adminBody.optional().describe("The tenant's first admin, invited by email in the same transaction as the tenant"),
  })
  .strict();

export const createdTenant = tenant.extend({ admin: adminGrant.optional().describe('Present when the request named an admin') });

export const replaceTenantBody = z.object({ displayName, plan, status, auditRetentionDays: auditRetentionDays.default(365) }).strict();

export const patchTenantBody = z
  .object({ displayName: displayName.optional(), plan: plan.optional(), status: status.optional(), auditRetentionDays: auditRetentionDays.optional() })
  .strict()
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'send at least one field to change', path: [] })
  .meta({ minProperties: 1, description: 'Send at least one field to change.' });

export const listTenantsQuery = z
  .object({
    limit: limitParam,
    cursor: cursorParam,
    sort: z.enum(['createdAt', '-createdAt', 'slug', '-slug']).default('createdAt'),
    status: status.optional(),
    plan: plan.optional(),
    slugPrefix: filterText(63).optional(),
  })
  .strict();

/** A tenant's deletion names what it deletes: the slug, typed (docs/data-rights.md). */
export const deleteTenantQuery = z
  .object({
    confirm: z
      .string({ message: "required: the tenant's slug, to confirm the deletion" })
      .max(63, 'must be at most 63 characters')
      .describe("The tenant's slug, typed by whoever deletes it: the deletion cannot be undone (export first: docs/data-rights.md)"),
  })
  .strict();
