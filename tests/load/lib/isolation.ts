// Isolation under load: every answer a tenant's user receives is searched for records of
// another tenant. Ids (id, tenantId, userId, actorId, createdBy, targetId) are attributed to
// the tenant they were first seen with (the seed registers every tenant and user up front);
// emails must be at the caller's tenant's domain. One foreign value is a failed
// `isolation` check, which every scenario's thresholds make fatal.
// The platform tenant's ids and emails are exempt: platform admins act on tenants, so their
// user id appears, legitimately, as the actor of a tenant's audit rows. An erased user's
// pseudonym stands where their email stood (docs/data-rights.md): it is nobody's address.
const PSEUDONYM = /^erased-user-[0-9a-f]{32}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ID_KEYS = new Set(['id', 'tenantId', 'userId', 'actorId', 'createdBy', 'targetId', 'invitationId', 'jobId']);
const PLATFORM = 'platform';

export class Ownership {
  private owner = new Map<string, string>();
  private domains = new Map<string, string>();
  private platformEmails = new Set<string>();

  /** A tenant of the run and the domain of its users' emails. */
  tenant(tenantId: string, emailDomain: string): void {
    this.owner.set(tenantId, tenantId);
    this.domains.set(tenantId, emailDomain.toLowerCase());
  }

  /** Ids known to belong to `tenantId` before anything is read. */
  own(tenantId: string, ...ids: string[]): void {
    for (const id of ids) this.owner.set(id, tenantId);
  }

  platform(ids: string[], emails: string[]): void {
    for (const id of ids) this.owner.set(id, PLATFORM);
    for (const e of emails) this.platformEmails.add(e.toLowerCase());
  }

  /** The foreign values in `body` (a parsed JSON answer, or an array of NDJSON records) as the caller of `tenantId` received it. */
  foreign(tenantId: string, body: unknown): string[] {
    const found: string[] = [];
    const domain = this.domains.get(tenantId);
    const visit = (v: unknown, key: string | undefined, path: string) => {
      if (Array.isArray(v)) v.forEach((x, i) => visit(x, key, `${path}[${i}]`));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, k, path ? `${path}.${k}` : k);
      else if (typeof v === 'string' && key) {
        if (ID_KEYS.has(key) && UUID.test(v)) {
          const owner = this.owner.get(v);
          if (key === 'tenantId' && v !== tenantId) found.push(`${path}=${v} (tenant ${owner ?? 'unknown'})`);
          else if (owner === undefined) this.owner.set(v, tenantId);
          else if (owner !== tenantId && owner !== PLATFORM) found.push(`${path}=${v} belongs to tenant ${owner}`);
        } else if (key === 'email' && domain && !v.toLowerCase().endsWith(`@${domain}`) && !this.platformEmails.has(v.toLowerCase()) && !PSEUDONYM.test(v))
          found.push(`${path}=${v} is not at @${domain}`);
      }
    };
    visit(body, undefined, '');
    return found;
  }
}
