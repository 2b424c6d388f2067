// Erasing a user (issue #16, docs/data-rights.md): the account and everything that exists
// only for it are deleted; every other row that names the person is rewritten so that it
// names a pseudonym instead. The pseudonym is a pair made for this erasure, the same
// everywhere for that user: `erased-user-<32 hex>` where an email or a display name stood,
// a fresh uuid where the user id stood. Audit rows are rewritten, never deleted: the log
// keeps every event and its order, only the person is gone.
//
// Everything runs in the caller's tenant transaction (RLS): a failure anywhere rolls the
// whole erasure back, and nothing is ever half-erased.
import { createHash, randomUUID } from 'node:crypto';
import type { Tx } from '../db/index.js';
import { createdAtSorts, keyset, toPage } from '../pagination.js';
import { escapeLike } from './users.js';

/** More than the longest email in UTF-8 (254 characters of at most 4 bytes): what a chunk is searched with of the next. */
const SPLIT_OVERLAP_BYTES = 1024;

/**
 * A string's UTF-8 bytes as PostgreSQL's `encode(bytes, 'escape')` writes them: a zero byte
 * and every byte from 0x80 as a backslash and three octal digits, a backslash doubled.
 */
function escapeEncoded(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) out += b === 0 || b >= 0x80 ? `\\${b.toString(8).padStart(3, '0')}` : b === 0x5c ? '\\\\' : String.fromCharCode(b);
  return out;
}

/** The person as the erasure finds them (a locked users row). */
export interface ErasureSubject {
  id: string;
  email: string;
  displayName: string;
}

export interface Pseudonym {
  /** Replaces the email and display name. */
  pseudonym: string;
  /** Replaces the user id. */
  pseudonymId: string;
}

export function newPseudonym(): Pseudonym {
  const pseudonymId = randomUUID();
  return { pseudonymId, pseudonym: `erased-user-${pseudonymId.replaceAll('-', '')}` };
}

/** What the tombstone keeps of the old id: whoever still knows it can check it was erased; nobody can read it back. */
export const subjectHash = (userId: string) => createHash('sha256').update(userId.toLowerCase()).digest('hex');

/** Rows rewritten or deleted, per table (the tombstone's `counts`). */
export type ErasureCounts = Record<
  | 'audit_logs'
  | 'webhook_events'
  | 'webhook_deliveries'
  | 'jobs'
  | 'job_chunks'
  | 'api_keys'
  | 'webhook_endpoints'
  | 'refresh_tokens'
  | 'invitations'
  | 'user_mfa',
  number
>;

/**
 * Names shorter than this are replaced only where they are a whole value: "Al" must not
 * turn "Alice" or "role" into a pseudonym. Emails and ids are always long enough.
 */
const MIN_NAME_SUBSTRING = 5;

/** A regular expression source matching `s` literally. */
const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** How a string appears inside jsonb's text form: quotes, backslashes and control characters escaped. */
const inJsonText = (s: string) => JSON.stringify(s).slice(1, -1);

/**
 * Replaces, case-insensitively, every identity of the person in a string or a JSON value
 * (keys included): the id, each email and each display name they had.
 */
class Rewriter {
  private readonly substrings: RegExp;
  private readonly to: Map<string, string>;
  private readonly wholeNames: Set<string>;
  /** Ids and emails only: what may stand as a key (a map by user id or email). */
  private readonly keySubstrings: RegExp;

  constructor(
    subject: { id: string; emails: string[]; names: string[] },
    private readonly p: Pseudonym,
  ) {
    const pairs: [string, string][] = [[subject.id, p.pseudonymId], ...subject.emails.map((e): [string, string] => [e, p.pseudonym])];
    for (const n of subject.names) if (n.length >= MIN_NAME_SUBSTRING) pairs.push([n, p.pseudonym]);
    // Longest first: an email holding a name is replaced whole.
    pairs.sort((a, b) => b[0].length - a[0].length);
    this.to = new Map(pairs.map(([from, repl]) => [from.toLowerCase(), repl]));
    this.substrings = new RegExp(pairs.map(([from]) => literal(from)).join('|'), 'giu');
    this.wholeNames = new Set(subject.names.map((n) => n.trim().toLowerCase()).filter(Boolean));
    const keyPairs = [subject.id, ...subject.emails].sort((a, b) => b.length - a.length);
    this.keySubstrings = new RegExp(keyPairs.map(literal).join('|'), 'giu');
  }

  /** What a matched id, email or name becomes. */
  private readonly replacement = (m: string): string => this.to.get(m.toLowerCase()) ?? this.p.pseudonym;

  text(s: string): string {
    if (this.wholeNames.has(s.trim().toLowerCase())) return this.p.pseudonym;
    return s.replace(this.substrings, this.replacement);
  }

  /**
   * A key is rewritten where it holds the person's id or an email, never for a name: a display
   * name that happens to be `email` or `from` must not rename the fields of every change.
   */
  key(k: string): string {
    return k.replace(this.keySubstrings, this.replacement);
  }

  json(v: unknown): unknown {
    if (typeof v === 'string') return this.text(v);
    if (Array.isArray(v)) return v.map((x) => this.json(x));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [this.key(k), this.json(x)]));
    return v;
  }
}

const sorts = createdAtSorts;

export interface ErasureRow {
  tenantId: string;
  id: string;
  pseudonym: string;
  pseudonymId: string;
  subjectHash: string;
  requestedBy: string | null;
  requestedByKind: string;
  counts: unknown;
  createdAt: Date;
}

export interface ErasureListQuery {
  limit: number;
  cursor?: string | undefined;
  sort: keyof typeof sorts;
}

/** Erasures: the rewrite itself and the tombstones. Every method runs in the caller's transaction. */
export class ErasureRepository {
  /**
   * Rewrites and deletes everything of `subject` in its tenant, then writes the tombstone.
   * The caller locked the users row, records the audit row of the erasure after this (so
   * that row names the pseudonym, not the person) and drops the user's cache entries.
   */
  async erase(
    tx: Tx,
    tenantId: string,
    subject: ErasureSubject,
    requestedBy: { id: string | null; kind: 'user' | 'api_key' },
    p: Pseudonym = newPseudonym(),
  ): Promise<ErasureRow> {
    const { id } = subject;
    const known = await this.identities(tx, tenantId, subject);
    const rw = new Rewriter(known, p);
    // A row is about the person when it holds their id or one of their emails. Names are not
    // matched across the tenant (two people may share one); they are replaced in those rows.
    const linked = [id, ...known.emails];
    const jsonLike = linked.map((s) => `%${escapeLike(inJsonText(s))}%`);
    const textLike = linked.map((s) => `%${escapeLike(s)}%`);
    const counts = {} as ErasureCounts;

    const audit = await tx.$queryRawUnsafe<{ id: string; actor_id: string | null; target_id: string | null; changes: unknown }[]>(
      `SELECT id, actor_id, target_id, changes FROM audit_logs
       WHERE tenant_id = $1::uuid AND (actor_id = $2::uuid OR target_id = $2::text OR changes::text ILIKE ANY($3::text[]))`,
      tenantId,
      id,
      jsonLike,
    );
    if (audit.length)
      await tx.$executeRawUnsafe(
        `UPDATE audit_logs a SET actor_id = r.actor_id, target_id = r.target_id, changes = r.changes,
                client_ip = CASE WHEN a.actor_id = $2::uuid THEN NULL ELSE a.client_ip END
         FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::jsonb[]) AS r(id, actor_id, target_id, changes)
         WHERE a.tenant_id = $1::uuid AND a.id = r.id`,
        tenantId,
        id,
        audit.map((a) => a.id),
        audit.map((a) => (a.actor_id === id ? p.pseudonymId : a.actor_id)),
        audit.map((a) => (a.target_id === null ? null : rw.text(a.target_id))),
        audit.map((a) => JSON.stringify(rw.json(a.changes))),
      );
    counts.audit_logs = audit.length;

    const events = await tx.$queryRawUnsafe<{ id: string; payload: unknown }[]>(
      `SELECT id, payload FROM webhook_events WHERE tenant_id = $1::uuid AND payload::text ILIKE ANY($2::text[])`,
      tenantId,
      jsonLike,
    );
    if (events.length)
      await tx.$executeRawUnsafe(
        `UPDATE webhook_events e SET payload = r.payload FROM unnest($2::uuid[], $3::jsonb[]) AS r(id, payload) WHERE e.tenant_id = $1::uuid AND e.id = r.id`,
        tenantId,
        events.map((e) => e.id),
        events.map((e) => JSON.stringify(rw.json(e.payload))),
      );
    counts.webhook_events = events.length;

    // A receiver's error answer may echo what it was sent.
    const deliveries = await tx.$queryRawUnsafe<{ id: string; last_error: string }[]>(
      `SELECT id, last_error FROM webhook_deliveries WHERE tenant_id = $1::uuid AND last_error ILIKE ANY($2::text[])`,
      tenantId,
      textLike,
    );
    if (deliveries.length)
      await tx.$executeRawUnsafe(
        `UPDATE webhook_deliveries d SET last_error = r.last_error FROM unnest($2::uuid[], $3::text[]) AS r(id, last_error) WHERE d.tenant_id = $1::uuid AND d.id = r.id`,
        tenantId,
        deliveries.map((d) => d.id),
        deliveries.map((d) => rw.text(d.last_error)),
      );
    counts.webhook_deliveries = deliveries.length;

    // Job records: who started them, and payloads, progress and results that echo the person
    // (an import's row errors, an export's filter).
    const jobs = await tx.$queryRawUnsafe<
      { id: string; created_by: string | null; payload: unknown; progress: unknown; result: unknown; failure_reason: string | null }[]
    >(
      `SELECT id, created_by, payload, progress, result, failure_reason FROM jobs
       WHERE tenant_id = $1::uuid AND (created_by = $2::uuid OR payload::text ILIKE ANY($3::text[]) OR progress::text ILIKE ANY($3::text[])
          OR result::text ILIKE ANY($3::text[]) OR failure_reason ILIKE ANY($4::text[]))`,
      tenantId,
      id,
      jsonLike,
      textLike,
    );
    if (jobs.length)
      await tx.$executeRawUnsafe(
        `UPDATE jobs j SET created_by = r.created_by, payload = r.payload, progress = r.progress, result = r.result, failure_reason = r.failure_reason
         FROM unnest($2::uuid[], $3::uuid[], $4::jsonb[], $5::jsonb[], $6::jsonb[], $7::text[]) AS r(id, created_by, payload, progress, result, failure_reason)
         WHERE j.tenant_id = $1::uuid AND j.id = r.id`,
        tenantId,
        jobs.map((j) => j.id),
        jobs.map((j) => (j.created_by === id ? p.pseudonymId : j.created_by)),
        jobs.map((j) => JSON.stringify(rw.json(j.payload))),
        jobs.map((j) => JSON.stringify(rw.json(j.progress))),
        jobs.map((j) => (j.result === null ? null : JSON.stringify(rw.json(j.result)))),
        jobs.map((j) => (j.failure_reason === null ? null : rw.text(j.failure_reason))),
      );
    counts.jobs = jobs.length;

    // Files (an import's CSV, an audit export) are bytes, not rewritten: a finished job's file
    // that holds one of the emails is deleted whole, and so is every finished tenant export
    // (a compressed archive of every table: it holds the person and cannot be searched). A
    // running job's file is left to it. A file is stored in chunks cut at any byte, so each
    // chunk is searched together with the first bytes of the next (an email split by a cut is
    // found), and as PostgreSQL's escape encoding of its bytes, ASCII letters lowercased; the
    // needles are the emails in that same encoding, so an email with letters beyond ASCII
    // matches too, as written (in lower case, as stored; a file with such a letter capitalised
    // by its author is not found).
    counts.job_chunks = await tx.$executeRawUnsafe(
      `DELETE FROM job_chunks c WHERE c.tenant_id = $1::uuid AND c.job_id IN (
         SELECT j.id FROM jobs j WHERE j.tenant_id = $1::uuid AND j.state IN ('completed', 'failed') AND j.name = 'tenant.export'
         UNION
         SELECT k.job_id FROM (
           SELECT c2.job_id,
                  c2.data || coalesce(substring(lead(c2.data) OVER (PARTITION BY c2.job_id, c2.kind ORDER BY c2.seq) FROM 1 FOR ${SPLIT_OVERLAP_BYTES}), ''::bytea) AS seen
           FROM job_chunks c2 JOIN jobs j ON j.tenant_id = c2.tenant_id AND j.id = c2.job_id
           WHERE c2.tenant_id = $1::uuid AND j.state IN ('completed', 'failed') AND j.name <> 'tenant.export'
         ) k
         WHERE lower(encode(k.seen, 'escape')) LIKE ANY($2::text[]))`,
      tenantId,
      known.emails.map((e) => `%${escapeLike(escapeEncoded(e).toLowerCase())}%`),
    );

    // Every tenant export expires now, so its download answers 410 Gone rather than breaking
    // off: a finished one (its file deleted above) and a queued or running one, which may
    // already have read the person and would otherwise finish with them in its archive
    // (maintenance deletes the file of an expired export).
    await tx.$executeRawUnsafe(
      `UPDATE jobs SET payload = jsonb_set(payload, '{expiresAt}', to_jsonb(to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
       WHERE tenant_id = $1::uuid AND name = 'tenant.export' AND state <> 'failed' AND (payload ->> 'expiresAt')::timestamptz > now()`,
      tenantId,
    );

    // API keys and webhook endpoints belong to the tenant (service principals, receivers): kept,
    // with their creator pseudonymised.
    counts.api_keys = await tx.$executeRawUnsafe(
      `UPDATE api_keys SET created_by = $3::uuid WHERE tenant_id = $1::uuid AND created_by = $2::uuid`,
      tenantId,
      id,
      p.pseudonymId,
    );
    counts.webhook_endpoints = await tx.$executeRawUnsafe(
      `UPDATE webhook_endpoints SET created_by = $3::uuid WHERE tenant_id = $1::uuid AND created_by = $2::uuid`,
      tenantId,
      id,
      p.pseudonymId,
    );

    // What exists only for the account goes with it (ON DELETE CASCADE): sessions, invitations, MFA.
    const [own] = await tx.$queryRawUnsafe<{ refresh_tokens: number; invitations: number; user_mfa: number }[]>(
      `SELECT (SELECT count(*)::int FROM refresh_tokens WHERE tenant_id = $1::uuid AND user_id = $2::uuid) AS refresh_tokens,
              (SELECT count(*)::int FROM invitations WHERE tenant_id = $1::uuid AND user_id = $2::uuid) AS invitations,
              (SELECT count(*)::int FROM user_mfa WHERE tenant_id = $1::uuid AND user_id = $2::uuid) AS user_mfa`,
      tenantId,
      id,
    );
    Object.assign(counts, own);
    await tx.$executeRawUnsafe(`DELETE FROM users WHERE tenant_id = $1::uuid AND id = $2::uuid`, tenantId, id);

    return tx.erasure.create({
      data: {
        tenantId,
        pseudonym: p.pseudonym,
        pseudonymId: p.pseudonymId,
        subjectHash: subjectHash(id),
        requestedBy: requestedBy.id,
        requestedByKind: requestedBy.kind,
        counts,
      },
    });
  }

  /** The addresses the person signed in and acted from (their audit rows): Redis keeps sign-in counters per address. */
  async clientAddresses(tx: Tx, tenantId: string, userId: string): Promise<string[]> {
    const rows = await tx.$queryRawUnsafe<{ ip: string }[]>(
      `SELECT DISTINCT client_ip AS ip FROM audit_logs WHERE tenant_id = $1::uuid AND actor_id = $2::uuid AND client_ip IS NOT NULL`,
      tenantId,
      userId,
    );
    return rows.map((r) => r.ip);
  }

  /** Every email the person has had in this tenant, lower-cased: what their sign-in counters are keyed by. */
  async emailsOf(tx: Tx, tenantId: string, subject: ErasureSubject): Promise<string[]> {
    return (await this.identities(tx, tenantId, subject)).emails;
  }

  /**
   * Every email and display name the person has had in this tenant: the current ones and
   * those their audit trail records (user.create, user.update's from/to).
   */
  private async identities(tx: Tx, tenantId: string, subject: ErasureSubject) {
    const emails = new Set([subject.email.toLowerCase()]);
    const names = new Set([subject.displayName]);
    const rows = await tx.$queryRawUnsafe<{ changes: Record<string, unknown> }[]>(
      `SELECT changes FROM audit_logs WHERE tenant_id = $1::uuid AND target_type = 'user' AND target_id = $2::text AND (changes -> 'email' IS NOT NULL OR changes -> 'displayName' IS NOT NULL)`,
      tenantId,
      subject.id,
    );
    const values = (v: unknown): string[] =>
      typeof v === 'string'
        ? [v]
        : v && typeof v === 'object'
          ? [(v as { from?: unknown }).from, (v as { to?: unknown }).to].filter((x): x is string => typeof x === 'string')
          : [];
    for (const { changes } of rows) {
      for (const e of values(changes.email)) emails.add(e.toLowerCase());
      for (const n of values(changes.displayName)) names.add(n);
    }
    return { id: subject.id, emails: [...emails], names: [...names] };
  }

  /** One page of tombstones, newest first by default; `tenantId` narrows it to one tenant (always given under RLS). */
  page(tx: Tx, q: ErasureListQuery, tenantId: string | undefined) {
    const spec = sorts[q.sort];
    const ks = keyset(q.sort, spec, q.cursor);
    return tx.erasure
      .findMany({ where: { ...(tenantId ? { tenantId } : {}), ...ks.where }, orderBy: ks.orderBy, take: q.limit + 1 })
      .then((rows) => toPage(rows, q.limit, q.sort, spec));
  }
}
