// The tenants and users a scenario needs, made through the public API and found again on
// the next run (the seed is idempotent: a second run creates nothing), and signed-in
// sessions for them. Passwords are derived (config.ts), so nothing is stored between runs.
import { derivedPassword, type LoadConfig } from './config.js';
import type { Http } from './http.js';
import type { InviteSource } from './invites.js';

export type Role = 'platform_admin' | 'tenant_admin' | 'member';

export interface Account {
  id: string;
  email: string;
  password: string;
  role: Role;
  tenantId: string;
  slug: string;
}

export interface SeededTenant {
  id: string;
  slug: string;
  plan: 'free' | 'pro' | 'enterprise';
  domain: string;
  admin: Account;
  members: Account[];
}

export interface World {
  platformTenantId: string;
  admin: Account;
  /** `<prefix>-1` .. `<prefix>-N`, pro plan. */
  tenants: SeededTenant[];
  /** `<prefix>-noisy`, free plan: the noisy-neighbour scenario's flooder. */
  noisy: SeededTenant;
  created: { tenants: number; users: number; invitationsAccepted: number };
}

interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

/** A signed-in account; refreshes its access token before it expires. */
export class Session {
  private issuedAt = Date.now();
  private refreshing: Promise<number> | undefined;
  constructor(
    readonly http: Http,
    readonly account: Account,
    private tokens: Tokens,
  ) {}

  static async open(http: Http, account: Account, tag = 'auth.login'): Promise<Session> {
    const r = await http.request<Tokens>(tag, 'POST', '/api/v1/auth/login', {
      json: { tenant: account.slug, email: account.email, password: account.password },
    });
    if (r.status !== 200) throw new Error(`sign-in as ${account.email} (${account.slug}) answered ${r.status}: ${r.text.slice(0, 300)}`);
    return new Session(http, account, r.body);
  }

  get refreshToken(): string {
    return this.tokens.refreshToken;
  }

  /** The access token, refreshed first when less than a minute of it is left. */
  async token(): Promise<string> {
    if (Date.now() - this.issuedAt > (this.tokens.expiresIn - 60) * 1000) await this.refresh();
    return this.tokens.accessToken;
  }

  /** Rotates the refresh token; concurrent callers share one rotation (two would look like a reuse and revoke the family). */
  refresh(tag = 'auth.refresh'): Promise<number> {
    this.refreshing ??= this.rotate(tag).finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async rotate(tag: string): Promise<number> {
    const r = await this.http.request<Tokens>(tag, 'POST', '/api/v1/auth/refresh', { json: { refreshToken: this.tokens.refreshToken } });
    if (r.status === 200) {
      this.tokens = r.body;
      this.issuedAt = Date.now();
    }
    return r.status;
  }

  /** A request as this account; the answer is checked for other tenants' records unless this is a platform admin. */
  async call<T = any>(tag: string, method: string, path: string, o: Omit<import('./http.js').RequestOptions, 'token' | 'tenantId'> = {}) {
    return this.http.request<T>(tag, method, path, {
      ...o,
      token: await this.token(),
      tenantId: this.account.role === 'platform_admin' ? undefined : this.account.tenantId,
    });
  }
}

const must = <T>(what: string, r: { status: number; text: string; body: T }, ...ok: number[]): T => {
  if (!ok.includes(r.status)) throw new Error(`seed: ${what} answered ${r.status}: ${r.text.slice(0, 400)}`);
  return r.body;
};

async function inBatches<T>(items: T[], size: number, fn: (t: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

export const tenantDomain = (slug: string) => `${slug}.example.com`;

/**
 * Creates what is missing: the tenants (platform admin, POST /tenants with a first admin),
 * each admin's password (the invitation mail read from `invites`, then POST /auth/accept-invite),
 * and the members (tenant admin, POST /users with a password). Finds the rest.
 */
export async function seed(config: LoadConfig, http: Http, invites: InviteSource | undefined, log: (m: string) => void = () => {}): Promise<World> {
  const created = { tenants: 0, users: 0, invitationsAccepted: 0 };
  const platformAccount: Account = { id: '', email: config.adminEmail, password: config.adminPassword, role: 'platform_admin', tenantId: '', slug: 'platform' };
  const pa = await Session.open(http, platformAccount, 'seed');
  const me = must('GET /auth/me (platform admin)', await pa.call('seed', 'GET', '/api/v1/auth/me'), 200) as {
    user: { id: string; role: Role };
    tenant: { id: string };
  };
  if (me.user.role !== 'platform_admin') throw new Error(`seed: ${config.adminEmail} is a ${me.user.role}, not a platform admin`);
  Object.assign(platformAccount, { id: me.user.id, tenantId: me.tenant.id });

  const wanted = [
    ...Array.from({ length: config.tenants }, (_, i) => ({ slug: `${config.prefix}-${i + 1}`, plan: 'pro' as const })),
    { slug: `${config.prefix}-noisy`, plan: 'free' as const },
  ];
  const tenants: SeededTenant[] = [];
  for (const w of wanted) {
    const domain = tenantDomain(w.slug);
    const adminEmail = `admin@${domain}`;
    const adminPassword = derivedPassword(config, adminEmail);
    const page = must('GET /tenants', await pa.call('seed', 'GET', `/api/v1/tenants?slugPrefix=${encodeURIComponent(w.slug)}&limit=100`), 200) as {
      items: { id: string; slug: string; plan: SeededTenant['plan'] }[];
    };
    let tenant = page.items.find((t) => t.slug === w.slug);
    let adminSession: Session | undefined;
    const admin: Account = { id: '', email: adminEmail, password: adminPassword, role: 'tenant_admin', tenantId: '', slug: w.slug };
    let inviteSince = Date.now();
    if (!tenant) {
      tenant = must(
        `POST /tenants ${w.slug}`,
        await pa.call('seed', 'POST', '/api/v1/tenants', { json: { slug: w.slug, displayName: `Load ${w.slug}`, plan: w.plan, admin: { email: adminEmail } } }),
        201,
      ) as { id: string; slug: string; plan: SeededTenant['plan'] };
      created.tenants++;
      log(`created tenant ${w.slug} (${w.plan})`);
    } else {
      admin.tenantId = tenant.id;
      adminSession = await Session.open(http, admin, 'seed').catch(() => undefined);
      if (!adminSession) {
        // An admin without a password yet (an earlier seed stopped half-way): invite again.
        inviteSince = Date.now();
        const grant = must(
          `POST /tenants/${w.slug}/admins`,
          await pa.call('seed', 'POST', `/api/v1/tenants/${tenant.id}/admins`, { json: { email: adminEmail } }),
          200,
          201,
        ) as {
          invitation: unknown;
        };
        if (!grant.invitation)
          throw new Error(
            `seed: ${adminEmail} has a password that is not the one derived from LOAD_ADMIN_PASSWORD; use another LOAD_PREFIX or delete tenant ${w.slug}`,
          );
      }
    }
    admin.tenantId = tenant.id;
    if (!adminSession) {
      if (!invites)
        throw new Error(
          `seed: ${adminEmail} needs its password set from the invitation mail; set LOAD_INVITES (smtp://host:port with the worker's SMTP_URL pointing there, or file:<worker log>): see docs/load.md`,
        );
      const token = await invites.tokenFor(adminEmail, inviteSince);
      must(
        `POST /auth/accept-invite ${adminEmail}`,
        await http.request('seed', 'POST', '/api/v1/auth/accept-invite', { json: { token, password: adminPassword } }),
        200,
      );
      created.invitationsAccepted++;
      adminSession = await Session.open(http, admin, 'seed');
    }
    const adminMe = must('GET /auth/me', await adminSession.call('seed', 'GET', '/api/v1/auth/me'), 200) as { user: { id: string } };
    admin.id = adminMe.user.id;

    // Members: list the ones there are, create the ones missing.
    const have = new Map<string, string>();
    let cursor: string | null = null;
    do {
      const q: string = `/api/v1/users?emailPrefix=member-&limit=100${cursor ? `&cursor=${cursor}` : ''}`;
      const p = must('GET /users', await adminSession.call('seed', 'GET', q), 200) as { items: { id: string; email: string }[]; nextCursor: string | null };
      for (const u of p.items) have.set(u.email, u.id);
      cursor = p.nextCursor;
    } while (cursor);
    const emails = Array.from({ length: config.usersPerTenant }, (_, i) => `member-${i + 1}@${domain}`);
    await inBatches(
      emails.filter((e) => !have.has(e)),
      4,
      async (email) => {
        const u = must(
          `POST /users ${email}`,
          await adminSession.call('seed', 'POST', '/api/v1/users', {
            json: { email, displayName: email.split('@')[0], role: 'member', password: derivedPassword(config, email) },
          }),
          201,
        ) as { id: string };
        have.set(email, u.id);
        created.users++;
      },
    );
    tenants.push({
      id: tenant.id,
      slug: w.slug,
      plan: tenant.plan,
      domain,
      admin,
      members: emails.map((email) => ({
        id: have.get(email)!,
        email,
        password: derivedPassword(config, email),
        role: 'member' as const,
        tenantId: tenant.id,
        slug: w.slug,
      })),
    });
  }
  return { platformTenantId: platformAccount.tenantId, admin: platformAccount, tenants: tenants.slice(0, -1), noisy: tenants.at(-1)!, created };
}
