// OpenID Connect single sign-on (issue #15): a tenant's admins configure their identity
// provider; people sign in there (authorization code + PKCE, state and nonce kept
// server-side), are linked to users by the provider's (issuer, subject) and get the same
// session as a password sign-in. See docs/security.md, "Single sign-on (OIDC)".
import { createHmac } from 'node:crypto';
import {
  AppError,
  SecretBox,
  enqueueDeliveries,
  forbidden,
  recordAudit,
  recordWebhookEvent,
  remainingUserCapacity,
  userLimitReached,
  UsersRepository,
  type AppDb,
  type Config,
  type JobProducer,
  type Logger,
  type Role,
  type Tx,
} from '@sentinel/platform';
import type { Principal, RequestMeta } from '../../core/context.js';
import type { AuthRepository } from '../auth/repository.js';
import type { TokenPair } from '../auth/service.js';
import { toUserDto } from '../users/service.js';
import { OidcProviders, ssoInvalid, type ProviderRef } from './oidc-service.js';
import { PendingSignIns, SsoRepository, type SsoRow } from './repository.js';

export interface SsoSettings {
  issuer: string;
  clientId: string;
  clientSecret?: string | undefined;
  allowedDomains: string[];
  defaultRole: 'member' | 'tenant_admin';
  enabled: boolean;
  ssoRequired: boolean;
}

export interface SsoView {
  configured: boolean;
  callbackUrl: string;
  provider: (Omit<SsoSettings, 'clientSecret'> & { updatedAt: string }) | null;
}

/** What the SSO module needs from sign-in: the same sessions, tokens and address budget as a password sign-in. */
export interface SessionIssuer {
  countAttempt(meta: RequestMeta): Promise<void>;
  startSsoSession(tx: Tx, actor: { tenantId: string; userId: string } & RequestMeta, issuer: string): Promise<{ token: string; familyId: string }>;
  tokens(user: { id: string; tenantId: string; role: Role }, session: { token: string; familyId: string }): TokenPair;
}

/**
 * The key of sealed client secrets: SSO_ENCRYPTION_KEY, or outside production one derived
 * from JWT_SECRET. In production without it there is none: configuring SSO answers 503.
 */
export function ssoKey(config: Config): string | undefined {
  if (config.SSO_ENCRYPTION_KEY) return config.SSO_ENCRYPTION_KEY;
  if (config.NODE_ENV === 'production') return undefined;
  return createHmac('sha256', config.JWT_SECRET).update('sentinel:sso-encryption-key').digest('hex');
}

const owner = (tenantId: string) => `sso:${tenantId}`;
const noSso = () => new AppError('SENTINEL_NOT_FOUND', 'This tenant has no single sign-on');
const denied = (detail: string) => new AppError('SENTINEL_AUTH_SSO_DENIED', detail);
const twice = () => ssoInvalid('You signed in twice at the same time; start again', 'body.state');
const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1);

export class SsoService {
  private readonly repo = new SsoRepository();
  private readonly users = new UsersRepository();
  private readonly box: SecretBox | undefined;
  private readonly providers: OidcProviders;
  private readonly pending: PendingSignIns;
  /** Where providers may send people back: SSO_REDIRECT_URIS, else the console's callback. */
  readonly redirectUris: readonly string[];

  constructor(
    private readonly config: Config,
    private readonly db: AppDb,
    private readonly authRepo: AuthRepository,
    private readonly sessions: SessionIssuer,
    deps: { redis: ConstructorParameters<typeof PendingSignIns>[0]; producer: JobProducer; logger: Logger },
    /** For tests: another relying party (the default reaches providers over http only outside production). */
    providers?: OidcProviders,
  ) {
    const key = ssoKey(config);
    this.box = key ? new SecretBox(key) : undefined;
    this.providers =
      providers ??
      new OidcProviders({
        allowHttp: config.NODE_ENV !== 'production',
        timeoutMs: config.SSO_HTTP_TIMEOUT_MS,
        allowHosts: config.SSO_ALLOW_HOSTS,
      });
    this.pending = new PendingSignIns(deps.redis);
    this.producer = deps.producer;
    this.log = deps.logger;
    this.redirectUris = config.SSO_REDIRECT_URIS.length ? config.SSO_REDIRECT_URIS : [new URL('/session/sso/callback', config.PUBLIC_URL).href];
  }
  private readonly producer: JobProducer;
  private readonly log: Logger;

  private needBox(): SecretBox {
    if (!this.box) throw new AppError('SENTINEL_UNAVAILABLE', 'Single sign-on is not configured on this server (SSO_ENCRYPTION_KEY)');
    return this.box;
  }

  private ref(row: SsoRow): ProviderRef {
    const secret = this.needBox().open(row.clientSecretSealed, owner(row.tenantId));
    // Sealed under another key (SSO_ENCRYPTION_KEY changed): an admin enters the secret again.
    if (!secret)
      throw new AppError('SENTINEL_UNAVAILABLE', 'The client secret cannot be read with the configured SSO_ENCRYPTION_KEY; an admin must enter it again');
    return { tenantId: row.tenantId, issuer: row.issuer, clientId: row.clientId, clientSecret: secret.toString() };
  }

  private view(row: SsoRow | null): SsoView {
    return {
      configured: !!row,
      callbackUrl: this.redirectUris[0]!,
      provider: row && {
        issuer: row.issuer,
        clientId: row.clientId,
        allowedDomains: row.allowedDomains,
        defaultRole: row.defaultRole as SsoSettings['defaultRole'],
        enabled: row.enabled,
        ssoRequired: row.ssoRequired,
        updatedAt: row.updatedAt.toISOString(),
      },
    };
  }

  async get(ctx: Principal): Promise<SsoView> {
    return this.view(await this.db.withTenant(ctx.tenantId, (tx) => this.repo.get(tx, ctx.tenantId)));
  }

  /**
   * Creates or replaces the tenant's provider (tenant admins, after step-up). The issuer must
   * answer OpenID Connect discovery; the client secret is required the first time and kept
   * when omitted later. Making SSO required ends members' password sessions. Audited.
   */
  async put(ctx: Principal, body: SsoSettings, stepUp: () => Promise<void>): Promise<SsoView> {
    if (ctx.role !== 'tenant_admin') throw forbidden("Only tenant admins configure their tenant's single sign-on");
    if (this.config.NODE_ENV === 'production' && !body.issuer.startsWith('https://'))
      throw new AppError('SENTINEL_VALIDATION_FAILED', undefined, { errors: [{ field: 'body.issuer', message: 'must be an https:// URL' }] });
    const box = this.needBox();
    await stepUp();
    const before = await this.db.withTenant(ctx.tenantId, (tx) => this.repo.get(tx, ctx.tenantId));
    if (!before && body.clientSecret === undefined)
      throw new AppError('SENTINEL_VALIDATION_FAILED', undefined, {
        errors: [{ field: 'body.clientSecret', message: 'required when SSO is first configured' }],
      });
    // The kept secret goes only to the provider it was entered for: otherwise an admin could
    // point the issuer at a server of their own and receive it at its token endpoint.
    if (before && body.clientSecret === undefined && (body.issuer !== before.issuer || body.clientId !== before.clientId))
      throw new AppError('SENTINEL_VALIDATION_FAILED', undefined, {
        errors: [{ field: 'body.clientSecret', message: 'required when the issuer or client id changes' }],
      });
    const secret = body.clientSecret ?? this.ref(before!).clientSecret;
    await this.providers.check({ tenantId: ctx.tenantId, issuer: body.issuer, clientId: body.clientId, clientSecret: secret });
    const row = await this.db.withTenant(ctx.tenantId, async (tx) => {
      const current = await this.repo.get(tx, ctx.tenantId);
      const data = {
        issuer: body.issuer,
        clientId: body.clientId,
        clientSecretSealed: body.clientSecret === undefined && current ? current.clientSecretSealed : box.seal(Buffer.from(secret), owner(ctx.tenantId)),
        allowedDomains: [...new Set(body.allowedDomains.map((d) => d.toLowerCase()))],
        defaultRole: body.defaultRole,
        enabled: body.enabled,
        ssoRequired: body.ssoRequired,
      };
      await this.repo.put(tx, ctx.tenantId, data, ctx.userId);
      const nowRequired = data.enabled && data.ssoRequired;
      const revoked = nowRequired && !(current?.enabled && current.ssoRequired) ? await this.repo.revokeMemberPasswordSessions(tx, ctx.tenantId) : 0;
      const { clientSecretSealed: _sealed, ...shown } = data;
      await recordAudit(tx, ctx, {
        action: current ? 'tenant.sso.update' : 'tenant.sso.create',
        targetType: 'tenant',
        targetId: ctx.tenantId,
        changes: { ...shown, clientSecretChanged: body.clientSecret !== undefined, revokedPasswordSessions: revoked },
      });
      return this.repo.get(tx, ctx.tenantId);
    });
    return this.view(row);
  }

  /** Removes the tenant's provider (after step-up); linked identities stay, for a provider configured again. Audited. */
  async remove(ctx: Principal, stepUp: () => Promise<void>): Promise<void> {
    if (ctx.role !== 'tenant_admin') throw forbidden("Only tenant admins configure their tenant's single sign-on");
    await stepUp();
    await this.db.withTenant(ctx.tenantId, async (tx) => {
      const row = await this.repo.get(tx, ctx.tenantId);
      if (!row || !(await this.repo.remove(tx, ctx.tenantId))) throw noSso();
      await recordAudit(tx, ctx, { action: 'tenant.sso.delete', targetType: 'tenant', targetId: ctx.tenantId, changes: { issuer: row.issuer } });
    });
  }

  /**
   * Starts a sign-in at the tenant's provider: the authorization URL (state, nonce, PKCE S256)
   * for a redirect URI this server allows. The state, nonce and verifier stay in Redis for
   * SSO_STATE_TTL_S. Unknown tenants and tenants without enabled SSO answer the same 404.
   */
  async start(
    meta: RequestMeta,
    slug: string,
    redirectUri: string = this.redirectUris[0]!,
  ): Promise<{ authorizationUrl: string; state: string; redirectUri: string; expiresIn: number }> {
    if (!this.redirectUris.includes(redirectUri))
      throw new AppError('SENTINEL_VALIDATION_FAILED', undefined, {
        errors: [{ field: 'query.redirect_uri', message: 'not a redirect URI this server allows' }],
      });
    await this.sessions.countAttempt(meta);
    const tenant = await this.authRepo.tenantBySlug(slug);
    if (!tenant || tenant.status !== 'active') throw noSso();
    const row = await this.db.withTenant(tenant.id, (tx) => this.repo.get(tx, tenant.id));
    if (!row?.enabled) throw noSso();
    const ref = this.ref(row);
    const { url, state, nonce, codeVerifier } = await this.providers.authorizationUrl(ref, redirectUri);
    const ttl = this.config.SSO_STATE_TTL_S;
    await this.pending.put(state, { tenantId: tenant.id, issuer: row.issuer, clientId: row.clientId, redirectUri, codeVerifier, nonce }, ttl);
    return { authorizationUrl: url, state, redirectUri, expiresIn: ttl };
  }

  /**
   * Finishes a sign-in: the state is taken (once) from Redis, so it binds the answer to the
   * tenant, provider, redirect URI, PKCE verifier and nonce it started with. The person is
   * the provider's (issuer, subject): a linked user signs in whatever their email now is; an
   * unknown one is linked to the tenant's user with that email only when the provider says
   * the email is verified, or else provisioned in this tenant with the default role. The
   * email's domain must be allowed every time. Tokens as at a password sign-in, without a
   * TOTP step: the provider authenticated the person.
   */
  async callback(meta: RequestMeta, body: { code: string; state: string; iss?: string | undefined }): Promise<TokenPair> {
    await this.sessions.countAttempt(meta);
    const pending = await this.pending.take(body.state);
    if (!pending) throw ssoInvalid('The sign-in is unknown, expired or already finished; start again', 'body.state');
    const row = await this.db.withTenant(pending.tenantId, (tx) => this.repo.get(tx, pending.tenantId));
    if (!row?.enabled || row.issuer !== pending.issuer || row.clientId !== pending.clientId)
      throw ssoInvalid("The tenant's single sign-on changed or was turned off during the sign-in; start again", 'body.state');
    const claims = await this.providers.finish(this.ref(row), pending, body);
    if (!claims.email) throw denied('The identity provider did not give an email address');
    if (!row.allowedDomains.includes(domainOf(claims.email))) throw denied(`Email addresses at ${domainOf(claims.email)} may not sign in to this tenant`);
    const email = claims.email;
    const outcome = await this.db.withTenant(pending.tenantId, async (tx) => {
      const tenant = await this.authRepo.tenantOf(tx, pending.tenantId);
      if (!tenant || tenant.status !== 'active') throw new AppError('SENTINEL_AUTH_TENANT_SUSPENDED');
      const actorOf = (userId: string) => ({ tenantId: pending.tenantId, userId, ...meta });
      const linked = await this.repo.identity(tx, pending.tenantId, claims.issuer, claims.subject);
      let userId: string;
      let deliveries: string[] = [];
      if (linked) {
        userId = linked.userId;
        await this.repo.touch(tx, pending.tenantId, linked.id, email);
      } else {
        const existing = await this.users.byEmail(tx, pending.tenantId, email);
        if (existing && !claims.emailVerified)
          throw denied('A user with this email exists, and the identity provider has not verified the email: ask an admin, or have the provider verify it');
        if (existing) userId = existing.id;
        else {
          if ((await remainingUserCapacity(tx, pending.tenantId)) === 0) throw userLimitReached();
          const created = await this.users
            .create(tx, pending.tenantId, {
              email,
              displayName: (claims.name ?? email.slice(0, email.indexOf('@'))).slice(0, 200) || email,
              role: row.defaultRole as Role,
              passwordHash: null,
            })
            .catch((err: unknown) => {
              // The same email provisioned meanwhile (by a concurrent first sign-in of this person).
              throw err instanceof AppError && err.code === 'SENTINEL_USER_EMAIL_TAKEN' ? twice() : err;
            });
          userId = created.id;
          await recordAudit(tx, actorOf(userId), {
            action: 'user.create',
            targetType: 'user',
            targetId: userId,
            changes: { email, role: created.role, via: 'sso', issuer: claims.issuer },
          });
          deliveries = await recordWebhookEvent(tx, pending.tenantId, 'user.created', { user: toUserDto(created) });
        }
        // Two first sign-ins of one person at once: the other one linked (and provisioned); this one writes nothing.
        if (!(await this.repo.link(tx, pending.tenantId, userId, claims.issuer, claims.subject, email))) throw twice();
        await recordAudit(tx, actorOf(userId), {
          action: 'user.identity_linked',
          targetType: 'user',
          targetId: userId,
          changes: { issuer: claims.issuer, subject: claims.subject, email, provisioned: !existing },
        });
      }
      const user = (await this.authRepo.userOf(tx, pending.tenantId, userId))!;
      const session = await this.sessions.startSsoSession(tx, actorOf(userId), claims.issuer);
      return { user, session, deliveries };
    });
    await enqueueDeliveries(this.producer, this.log, pending.tenantId, outcome.deliveries);
    return this.sessions.tokens(outcome.user, outcome.session);
  }
}
