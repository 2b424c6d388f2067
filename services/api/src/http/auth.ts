// Bearer authentication (passport + passport-jwt, algorithm pinned, issuer and
// audience checked, exp and iat required and bounded) followed by the checks a
// signature cannot make: the tenant still exists and is active, the user still
// exists, and the role is the user's current one, not the one in the token. Those
// reads are cached and the cache is dropped on every write that changes them, so a
// suspension or a deletion takes effect at once.
import { createHmac } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import passport from 'passport';
import { ExtractJwt, Strategy as JwtStrategy } from 'passport-jwt';
import { z } from 'zod';
import {
  API_KEY_LIKE,
  API_KEY_PREFIX,
  API_KEY_SCOPES,
  AppError,
  PLATFORM_KEY_SCOPES,
  PLATFORM_TENANT_ID,
  accessTokenTimeProblem,
  apiKeySecretMatches,
  parseApiKey,
  accessTokenVerifyOptions,
  type Config,
  type Metrics,
  type UsageCounter,
  type WindowLimiter,
  type WindowState,
} from '@sentinel/platform';
import type { IdentityLookup, Principal, TenantSummary, UserSummary } from '../core/context.js';

const claimsSchema = z.object({
  sub: z.uuid(),
  tid: z.uuid(),
  role: z.enum(['platform_admin', 'tenant_admin', 'member']),
  typ: z.literal('access'),
  fid: z.uuid().optional(),
  mfa_at: z.number().int().nonnegative().optional(),
});

declare module 'express-serve-static-core' {
  interface Locals {
    principal?: Principal;
    /** The tenant and user rows the principal was checked against (for /auth/me). */
    identity?: { tenant: TenantSummary; user: UserSummary };
    /** The tenant quota hit started during authentication. */
    quotaHit?: Promise<WindowState>;
    /** The quota was counted and checked once for this request (a request may pass two routes' guards). */
    quotaChecked?: boolean;
  }
}

const quotaKey = (tenantId: string) => `sentinel:quota:${tenantId}`;

export function clientIp(req: Request): string | undefined {
  return req.ip;
}

export function createAuthenticate(config: Config, repo: IdentityLookup, limiter: WindowLimiter, usage: UsageCounter): RequestHandler {
  const quotaHit = (tenantId: string) => limiter.hit(quotaKey(tenantId), config.RATE_LIMIT_WINDOW_S * 1000);
  // A private Passport instance: nothing global is mutated, several apps can coexist.
  const pp = new passport.Passport();
  const opts = accessTokenVerifyOptions(config);
  pp.use(
    new JwtStrategy(
      {
        jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
        // jsonwebtoken takes a KeyObject; passport-jwt's types predate that.
        secretOrKey: opts.secret as unknown as string,
        algorithms: [...opts.algorithms],
        issuer: opts.issuer,
        audience: opts.audience,
        ignoreExpiration: false,
        passReqToCallback: true,
      },
      (req: Request, payload: unknown, done: (err: unknown, user?: Principal | false) => void) => {
        // Runs inside pp.authenticate below, which stores the identity on res.locals.
        const claims = claimsSchema.safeParse(payload);
        if (!claims.success) return done(new AppError('SENTINEL_AUTH_TOKEN_INVALID', 'The token is missing required claims'));
        const timeProblem = accessTokenTimeProblem(config, payload as { iat?: unknown; exp?: unknown });
        if (timeProblem) return done(new AppError('SENTINEL_AUTH_TOKEN_INVALID', timeProblem));
        const { sub, tid, fid, mfa_at: mfaAt } = claims.data;
        // Start the tenant's quota hit now, beside the principal lookup: with ioredis
        // auto-pipelining both go to Redis in one round trip. createQuota awaits it.
        if (req.res) req.res.locals.quotaHit = quotaHit(tid);
        usage.count(tid);
        repo
          .principal(tid, sub)
          .then(({ tenant, user }) => {
            if (!tenant || !user) return done(new AppError('SENTINEL_AUTH_TOKEN_INVALID', 'The account no longer exists'));
            if (tenant.status !== 'active') return done(new AppError('SENTINEL_AUTH_TENANT_SUSPENDED'));
            if (req.res) req.res.locals.identity = { tenant, user };
            done(null, {
              tenantId: tid,
              userId: sub,
              role: user.role,
              plan: tenant.plan,
              familyId: fid,
              mfaAt,
              requestId: req.res?.locals.requestId,
              clientIp: clientIp(req),
            });
          })
          .catch(done);
      },
    ),
  );
  const pepper = apiKeyPepper(config);
  const authenticateKey = async (req: Request, res: Parameters<RequestHandler>[1], presented: string): Promise<Principal> => {
    // A malformed key or a wrong checksum is refused here, before any lookup.
    const parsed = parseApiKey(presented);
    if (!parsed || !pepper) throw new AppError('SENTINEL_AUTH_TOKEN_INVALID', 'The API key is not valid');
    const { tenantId, keyId, secret } = parsed;
    const { tenant, key } = await repo.apiKey(tenantId, keyId);
    // One answer for every failure, so a caller learns nothing about which part was wrong.
    if (!tenant || !key || key.revokedAt || (key.expiresAt && Date.parse(key.expiresAt) <= Date.now()) || !apiKeySecretMatches(pepper, secret, key.secretHash))
      throw new AppError('SENTINEL_AUTH_TOKEN_INVALID', 'The API key is not valid, has expired or was revoked');
    if (tenant.status !== 'active') throw new AppError('SENTINEL_AUTH_TENANT_SUSPENDED');
    // Counted only once the key is proven: anyone can build a key with a valid checksum
    // naming a tenant's id, and must not spend that tenant's quota with it.
    res.locals.quotaHit = quotaHit(tenantId);
    usage.count(tenantId);
    repo.apiKeyUsed(tenantId, keyId);
    // A platform key (the platform tenant's) is a service principal of the platform: the
    // platform-admin routes admit it within its scopes. Only the scopes of its own kind
    // count, whatever the row says, so a tenant's key can never carry a platform scope.
    const platform = tenantId === PLATFORM_TENANT_ID;
    const kind: readonly string[] = platform ? PLATFORM_KEY_SCOPES : API_KEY_SCOPES;
    return {
      tenantId,
      userId: keyId,
      // A service principal: the route layer admits it only where a scope it holds allows (route.ts).
      role: platform ? 'platform_admin' : 'tenant_admin',
      actorKind: 'api_key',
      scopes: key.scopes.filter((s) => kind.includes(s)),
      plan: tenant.plan,
      requestId: res.locals.requestId,
      clientIp: clientIp(req),
    };
  };
  return (req, res, next) => {
    // Already authenticated by a platform-admin route this request passed through (route.ts `othersPassOn`).
    if (res.locals.principal) return next();
    // A key in a URL ends up in proxies' logs and browser histories: refused, whatever else the request says.
    if (API_KEY_LIKE.test(req.url))
      return next(new AppError('SENTINEL_VALIDATION_FAILED', 'API keys are refused in the URL; send the key as `Authorization: Bearer <key>`'));
    const header = req.headers.authorization;
    if (header?.startsWith(`Bearer ${API_KEY_PREFIX}`)) {
      authenticateKey(req, res, header.slice('Bearer '.length).trim()).then((p) => {
        res.locals.principal = p;
        next();
      }, next);
      return;
    }
    if (!req.headers.authorization) return next(new AppError('SENTINEL_AUTH_REQUIRED', 'Send an access token as `Authorization: Bearer <token>`'));
    pp.authenticate('jwt', { session: false }, (err: unknown, user: Principal | false, info: unknown) => {
      if (err) return next(err);
      if (!user) {
        const why = info instanceof Error ? info.message : 'invalid token';
        return next(new AppError('SENTINEL_AUTH_TOKEN_INVALID', why === 'jwt expired' ? 'The access token has expired' : 'The access token is not valid'));
      }
      res.locals.principal = user;
      next();
    })(req, res, next);
  };
}

/**
 * The pepper of API key hashes: API_KEY_PEPPER, or outside production a value derived
 * from JWT_SECRET. In production without API_KEY_PEPPER there is none: keys are refused
 * and none can be created (no default secret in production).
 */
export function apiKeyPepper(config: Config): string | undefined {
  if (config.API_KEY_PEPPER) return config.API_KEY_PEPPER;
  if (config.NODE_ENV === 'production') return undefined;
  return createHmac('sha256', config.JWT_SECRET).update('sentinel:api-key-pepper').digest('hex');
}

/**
 * Per-tenant request quota by plan, counted in Redis across all API instances.
 * A tenant over its quota is refused here, before any database work, so its flood
 * costs other tenants next to nothing.
 */
export function createQuota(config: Config, limiter: WindowLimiter, metrics: Metrics): RequestHandler {
  const limits = { free: config.RATE_LIMIT_FREE, pro: config.RATE_LIMIT_PRO, enterprise: config.RATE_LIMIT_ENTERPRISE };
  const windowMs = config.RATE_LIMIT_WINDOW_S * 1000;
  return async (_req, res, next) => {
    const p = res.locals.principal;
    if (!p || res.locals.quotaChecked) return next();
    res.locals.quotaChecked = true;
    const limit = limits[p.plan];
    const { count, resetMs } = await (res.locals.quotaHit ?? limiter.hit(quotaKey(p.tenantId), windowMs));
    const reset = Math.max(1, Math.ceil(resetMs / 1000));
    res.setHeader('RateLimit-Policy', `${limit};w=${config.RATE_LIMIT_WINDOW_S}`);
    res.setHeader('RateLimit-Limit', String(limit));
    res.setHeader('RateLimit-Remaining', String(Math.max(0, limit - count)));
    res.setHeader('RateLimit-Reset', String(reset));
    if (count > limit) {
      metrics.rateLimited.inc({ limit: 'tenant_quota' });
      return next(
        new AppError('SENTINEL_RATE_LIMITED', `The ${p.plan} plan allows ${limit} requests per ${config.RATE_LIMIT_WINDOW_S}s`, { retryAfterSeconds: reset }),
      );
    }
    next();
  };
}
