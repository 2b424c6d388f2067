import { TenantSql, type Tx } from '../db/index.js';
import type { TenantContext } from './context.js';

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | null;
  changes?: Record<string, unknown>;
}

/**
 * Appends an audit row inside the caller's transaction: if the mutation rolls back,
 * so does its audit row, and a committed mutation always has one.
 */
export async function recordAudit(tx: Tx | TenantSql, ctx: AuditActor, entry: AuditEntry): Promise<void> {
  const row = {
    tenantId: ctx.tenantId,
    ...auditActorColumns(ctx),
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    changes: (entry.changes ?? {}) as object,
  };
  if (!(tx instanceof TenantSql)) {
    await tx.auditLog.create({ data: row });
    return;
  }
  await tx.query(
    `INSERT INTO audit_logs (tenant_id, actor_id, actor_kind, action, target_type, target_id, changes, request_id, client_ip)
     VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, $7::jsonb, $8, $9)`,
    [row.tenantId, row.actorId, row.actorKind, row.action, row.targetType, row.targetId, JSON.stringify(row.changes), row.requestId, row.clientIp],
  );
}

/** Who an audit row names: a user or an API key of a request, or a system actor (no user). */
export type AuditActor = Pick<TenantContext, 'tenantId' | 'userId' | 'requestId' | 'clientIp' | 'actorKind'> | { tenantId: string; userId: null };

/** The actor's columns of an audit row, for recordAudit and for hand-written statements that write one. */
export function auditActorColumns(ctx: AuditActor) {
  return {
    actorId: ctx.userId,
    actorKind: ('actorKind' in ctx && ctx.actorKind) || 'user',
    requestId: 'requestId' in ctx ? (ctx.requestId ?? null) : null,
    clientIp: 'clientIp' in ctx ? (ctx.clientIp ?? null) : null,
  };
}

const SECRET_FIELDS = new Set(['password', 'passwordHash']);

/** `{ field: { from, to } }` for the fields that actually changed; secrets only say that they did. */
export function diff(before: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, to] of Object.entries(patch)) {
    if (to === undefined) continue;
    if (SECRET_FIELDS.has(k)) out[k] = { changed: true };
    else if (JSON.stringify(before[k]) !== JSON.stringify(to)) out[k] = { from: before[k] ?? null, to };
  }
  return out;
}
