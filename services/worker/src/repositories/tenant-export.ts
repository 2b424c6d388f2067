// What a full tenant export reads (docs/data-export.md), under RLS as that tenant. Each file
// is one table's rows as NDJSON lines that PostgreSQL renders itself (json_build_object), from
// an allow-list of columns: a secret column (a password hash, an MFA secret, a token or key
// hash, a webhook signing secret) is never selected, so a column added later stays out until
// it is named here. Rows come in keyset pages, so memory stays flat whatever the table's size.
import type { AppDb } from '@sentinel/platform';

/** An ISO 8601 UTC timestamp with milliseconds, as the API writes them. */
const ts = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

interface Table {
  /** The file's name in the archive. */
  file: string;
  table: string;
  /** The keyset: columns of an index that starts with tenant_id, and their types. */
  key: readonly (readonly [column: string, type: string])[];
  /** Each field of a line: its name and the SQL expression (on alias `t`) that gives it. */
  fields: Record<string, string>;
}

const byCreation = [
  ['created_at', 'timestamptz'],
  ['id', 'uuid'],
] as const;

/** The files of an export, in archive order. The tenant's own row is `tenant.ndjson`, read apart. */
export const EXPORT_TABLES: readonly Table[] = [
  {
    file: 'users.ndjson',
    table: 'users',
    key: byCreation,
    fields: {
      id: 't.id',
      email: 't.email',
      displayName: 't.display_name',
      role: 't.role',
      hasPassword: 't.password_hash IS NOT NULL',
      mfaEnabled: 'EXISTS (SELECT 1 FROM user_mfa m WHERE m.tenant_id = t.tenant_id AND m.user_id = t.id AND m.confirmed_at IS NOT NULL)',
      createdAt: ts('t.created_at'),
      updatedAt: ts('t.updated_at'),
    },
  },
  {
    file: 'invitations.ndjson',
    table: 'invitations',
    key: [['id', 'uuid']],
    fields: {
      id: 't.id',
      userId: 't.user_id',
      expiresAt: ts('t.expires_at'),
      sentAt: ts('t.sent_at'),
      acceptedAt: ts('t.accepted_at'),
      createdAt: ts('t.created_at'),
    },
  },
  {
    file: 'audit-log.ndjson',
    table: 'audit_logs',
    key: byCreation,
    fields: {
      id: 't.id',
      createdAt: ts('t.created_at'),
      actorId: 't.actor_id',
      actorKind: 't.actor_kind',
      action: 't.action',
      targetType: 't.target_type',
      targetId: 't.target_id',
      changes: 't.changes',
      requestId: 't.request_id',
      clientIp: 't.client_ip',
    },
  },
  {
    file: 'jobs.ndjson',
    table: 'jobs',
    key: byCreation,
    fields: {
      id: 't.id',
      name: 't.name',
      state: 't.state',
      payload: 't.payload',
      progress: 't.progress',
      attempts: 't.attempts',
      failureCode: 't.failure_code',
      failureReason: 't.failure_reason',
      result: 't.result',
      createdBy: 't.created_by',
      createdAt: ts('t.created_at'),
      updatedAt: ts('t.updated_at'),
      finishedAt: ts('t.finished_at'),
    },
  },
  {
    file: 'usage-daily.ndjson',
    table: 'tenant_usage_daily',
    key: [['day', 'date']],
    fields: {
      day: "to_char(t.day, 'YYYY-MM-DD')",
      users: 't.users',
      activeUsers: 't.active_users',
      apiRequests: 't.api_requests',
      computedAt: ts('t.computed_at'),
    },
  },
  {
    file: 'api-keys.ndjson',
    table: 'api_keys',
    key: byCreation,
    fields: {
      id: 't.id',
      name: 't.name',
      scopes: 't.scopes',
      createdBy: 't.created_by',
      expiresAt: ts('t.expires_at'),
      lastUsedAt: ts('t.last_used_at'),
      revokedAt: ts('t.revoked_at'),
      rotatedAt: ts('t.rotated_at'),
      createdAt: ts('t.created_at'),
    },
  },
  {
    file: 'webhook-endpoints.ndjson',
    table: 'webhook_endpoints',
    key: byCreation,
    fields: {
      id: 't.id',
      url: 't.url',
      description: 't.description',
      eventTypes: 't.event_types',
      enabled: 't.enabled',
      createdBy: 't.created_by',
      rotatedAt: ts('t.rotated_at'),
      failingSince: ts('t.failing_since'),
      disabledReason: 't.disabled_reason',
      createdAt: ts('t.created_at'),
      updatedAt: ts('t.updated_at'),
    },
  },
];

const TENANT_FIELDS: Record<string, string> = {
  id: 't.id',
  slug: 't.slug',
  displayName: 't.display_name',
  plan: 't.plan',
  status: 't.status',
  auditRetentionDays: 't.audit_retention_days',
  maxUsers: 't.max_users',
  mfaRequired: 't.mfa_required',
  createdAt: ts('t.created_at'),
  updatedAt: ts('t.updated_at'),
};

const line = (fields: Record<string, string>) =>
  `json_build_object(${Object.entries(fields)
    .map(([k, e]) => `'${k}', ${e}`)
    .join(', ')})::text AS line`;

/** A page's statements: the first page, and the next one after a cursor ($2... the keyset's values as text). */
function pageStatements(t: Table): { first: string; next: string } {
  const cols = t.key.map(([c]) => `t.${c}`).join(', ');
  const cursor = t.key.map(([c], i) => `t.${c}::text AS k${i}`).join(', ');
  const after = t.key.map(([, type], i) => `$${i + 3}::${type}`).join(', ');
  const head = `SELECT ${cursor}, ${line(t.fields)} FROM ${t.table} t WHERE t.tenant_id = $1::uuid`;
  const tail = `ORDER BY ${cols} LIMIT $2`;
  return { first: `${head} ${tail}`, next: `${head} AND (${cols}) > (${after}) ${tail}` };
}

const statements = new Map(EXPORT_TABLES.map((t) => [t.file, pageStatements(t)]));

export type Cursor = string[];

export class TenantExportRepository {
  constructor(private readonly db: AppDb) {}

  /** The tenant's own row as a line, with its slug; undefined when the tenant is gone. */
  async tenant(tenantId: string): Promise<{ slug: string; line: string } | undefined> {
    const rows = await this.db.read<{ slug: string; line: string }>(tenantId, {
      text: `SELECT t.slug, ${line(TENANT_FIELDS)} FROM tenants t WHERE t.id = $1::uuid`,
      values: [tenantId],
    });
    return rows[0];
  }

  /** Rows per file, for progress. */
  async counts(tenantId: string): Promise<number> {
    const text = `SELECT ${EXPORT_TABLES.map((t) => `(SELECT count(*) FROM ${t.table} WHERE tenant_id = $1::uuid)`).join(' + ')} AS n`;
    const [row] = await this.db.read<{ n: string }>(tenantId, { text, values: [tenantId] });
    return Number(row?.n ?? 0);
  }

  /** One page of `t`'s lines after `after` (undefined: from the start) and the cursor of its last row. */
  async page(tenantId: string, t: Table, after: Cursor | undefined, take: number): Promise<{ lines: string[]; cursor: Cursor | undefined }> {
    const s = statements.get(t.file)!;
    const rows = await this.db.read<Record<string, string>>(
      tenantId,
      after ? { text: s.next, values: [tenantId, take, ...after] } : { text: s.first, values: [tenantId, take] },
    );
    const last = rows[rows.length - 1];
    return { lines: rows.map((r) => r.line!), cursor: last ? t.key.map((_, i) => last[`k${i}`]!) : undefined };
  }
}

export type ExportTable = Table;

/** Every line of `t` for one tenant in one statement, in export order: the benchmark's floor (bench/tenant-export.ts). */
export function allLinesStatement(file: string): string {
  const t = EXPORT_TABLES.find((x) => x.file === file);
  if (!t) throw new Error(`no export file ${file}`);
  return `SELECT ${line(t.fields)} FROM ${t.table} t WHERE t.tenant_id = $1::uuid ORDER BY ${t.key.map(([c]) => `t.${c}`).join(', ')}`;
}
