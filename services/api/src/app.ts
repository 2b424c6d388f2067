// buildApp(deps) assembles the Express app; it never listens. main.ts listens, tests
// call buildApp with their own dependencies and listen on a free port.
import express from 'express';
import cors from 'cors';
import helmet from 'helmet';
import { AuditLogRepository, ErasureRepository, JobsRepository, Provisioning, TenantsRepository, UsageDailyRepository, webhookKey } from '@sentinel/platform';
import type { ApiDeps } from './deps.js';
import { apiKeyPepper, createAuthenticate, createQuota } from './http/auth.js';
import { errorHandler, methodNotAllowed, notFoundHandler, requestContext, seedTrailingSlash } from './http/middleware.js';
import { OpenApiRegistry } from './http/openapi.js';
import { MethodTable, type RouteDeps } from './http/route.js';
import { DEFAULT_STREAM_TIMING, EventStreams } from './http/sse.js';
import { UploadReceiver } from './http/upload.js';
import { createApiKeysRouter } from './modules/api-keys/routes.js';
import { ApiKeysService } from './modules/api-keys/service.js';
import { createWebhooksRouter } from './modules/webhooks/routes.js';
import { WebhooksService } from './modules/webhooks/service.js';
import { AuthRepository } from './modules/auth/repository.js';
import { createAuthRouter } from './modules/auth/routes.js';
import { AuthService } from './modules/auth/service.js';
import { AuditExportsService } from './modules/audit/exports-service.js';
import { createAuditRouter } from './modules/audit/routes.js';
import { AuditService } from './modules/audit/service.js';
import { createJobsRouter } from './modules/jobs/routes.js';
import { JobsService } from './modules/jobs/service.js';
import { AuditAdminService } from './modules/platform-admin/audit-service.js';
import { JobsAdminService } from './modules/platform-admin/jobs-service.js';
import { createPlatformAdminRouter } from './modules/platform-admin/routes.js';
import { TenantsAdminService } from './modules/platform-admin/tenants-service.js';
import { UsageAdminService } from './modules/platform-admin/usage-service.js';
import { createMfaRouter } from './modules/mfa/routes.js';
import { MfaService } from './modules/mfa/service.js';
import { createSsoRouter } from './modules/sso/routes.js';
import { SsoService } from './modules/sso/service.js';
import { createSystemRouter } from './modules/system/routes.js';
import { createTenantExportsRouter } from './modules/tenant-exports/routes.js';
import { TenantExportsService } from './modules/tenant-exports/service.js';
import { createTenantsRouter } from './modules/tenants/routes.js';
import { TenantsService } from './modules/tenants/service.js';
import { createUsersRouter } from './modules/users/routes.js';
import { createErasuresRouter } from './modules/erasures/routes.js';
import { ErasuresService } from './modules/erasures/service.js';
import { ErasuresAdminService } from './modules/platform-admin/erasures-service.js';
import { UsersService } from './modules/users/service.js';
import { createUsageRouter } from './modules/usage/routes.js';
import { UsageService } from './modules/usage/service.js';

export interface BuiltApp {
  app: express.Express;
  /** While draining: readiness 503, every response closes its connection, and event streams end. */
  setDraining(v: boolean): void;
}

export function buildApp(deps: ApiDeps): BuiltApp {
  const { config, logger, metrics, appDb, platformDb, cache, limiter, redis, producer } = deps;
  let draining = false;

  const app = express();
  app.disable('x-powered-by');
  // ETags would hash every JSON body (measured: a visible share of a list request's CPU);
  // authenticated API responses are not cached by intermediaries anyway.
  app.set('etag', false);
  app.set('trust proxy', config.TRUST_PROXY);
  app.set('query parser', 'simple');
  app.use(requestContext(logger, metrics));
  // While draining, every answer ends its connection: a keep-alive client reconnects elsewhere
  // instead of reusing a socket this process is about to close.
  app.use((_req, res, next) => {
    if (draining) res.setHeader('Connection', 'close');
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: { directives: { 'script-src': ["'self'"], 'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'] } },
    }),
  );
  app.use(
    cors({
      origin: [...config.CORS_ORIGINS],
      credentials: false,
      exposedHeaders: ['X-Request-Id', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'RateLimit-Policy', 'Retry-After'],
    }),
  );
  // No body parser runs app-wide: each route reads the body it declares, after
  // authentication and authorization (route.ts); uploads stream to disk (upload.ts).
  const methods = new MethodTable();
  app.use(seedTrailingSlash(methods));
  // Before the routers: a method the resource does not answer is 405 whatever else
  // matches (PUT /users/imports must not reach PUT /users/:id).
  app.use(methodNotAllowed(methods));

  const authRepo = new AuthRepository(appDb, cache);
  const registry = new OpenApiRegistry();
  const routeDeps: RouteDeps = {
    registry,
    methods,
    authenticate: createAuthenticate(config, authRepo, limiter, deps.usage),
    quota: createQuota(config, limiter, metrics),
    // Identity encoding only: a compressed body is refused before this (route.ts).
    jsonBody: express.json({ limit: config.BODY_LIMIT_BYTES, strict: true, inflate: false, type: 'application/json' }),
  };

  // Tenant-scoped modules get the app pool only. The platform pool goes to the
  // platform-admin module alone (tenant provisioning, the cross-tenant jobs and audit
  // views); eslint.config.js refuses PlatformDb anywhere else in modules/.
  app.use(createSystemRouter(routeDeps, { appDb, redis, metrics, readyTimeoutMs: config.READY_TIMEOUT_MS, isDraining: () => draining }));
  const mfa = new MfaService(config, appDb, limiter, metrics, () => (deps.clock ?? Date.now)());
  const auth = new AuthService(config, appDb, authRepo, limiter, metrics, mfa);
  app.use(createAuthRouter(routeDeps, auth));
  app.use(createSsoRouter(routeDeps, new SsoService(config, appDb, authRepo, auth, { redis, producer, logger }), mfa));
  app.use(createMfaRouter(routeDeps, mfa));
  const uploads = new UploadReceiver(config.IMPORT_MAX_BYTES, config.UPLOADS_MAX_CONCURRENT);
  app.use(createUsersRouter(routeDeps, new UsersService(config, appDb, cache, producer, logger), uploads));
  const jobsRepo = new JobsRepository();
  const streams = new EventStreams({ perTenant: config.JOB_STREAMS_PER_TENANT, ...DEFAULT_STREAM_TIMING }, logger);
  const auditRepo = new AuditLogRepository();
  const usageRepo = new UsageDailyRepository();
  const tenantScoped = [
    createTenantsRouter(routeDeps, new TenantsService(config, appDb, new TenantsRepository(), cache)),
    createJobsRouter(routeDeps, new JobsService(appDb, jobsRepo), streams),
    createAuditRouter(routeDeps, new AuditService(appDb, auditRepo), new AuditExportsService(appDb, producer, logger)),
    createTenantExportsRouter(routeDeps, new TenantExportsService(appDb, producer, logger, config.TENANT_EXPORT_TTL_HOURS)),
    createUsageRouter(routeDeps, new UsageService(appDb, usageRepo)),
    createErasuresRouter(routeDeps, new ErasuresService(appDb, cache, limiter, producer, logger)),
    createApiKeysRouter(routeDeps, new ApiKeysService(appDb, cache, apiKeyPepper(config), (ctx, code) => mfa.stepUp(ctx, code))),
    createWebhooksRouter(
      routeDeps,
      new WebhooksService(appDb, producer, logger, {
        key: webhookKey(config),
        httpsOnly: config.NODE_ENV === 'production',
        overlapS: config.WEBHOOK_SECRET_OVERLAP_S,
        allow: new Set(config.WEBHOOK_ALLOW_HOSTS.map((h) => h.toLowerCase())),
      }),
    ),
  ];
  // Before the tenant-scoped routers: it answers platform admins on the paths both declare.
  app.use(
    createPlatformAdminRouter(
      routeDeps,
      {
        tenants: new TenantsAdminService(config, new Provisioning(platformDb, cache), producer, logger),
        jobs: new JobsAdminService(platformDb, jobsRepo, producer),
        audit: new AuditAdminService(platformDb, auditRepo),
        usage: new UsageAdminService(platformDb, usageRepo),
        erasures: new ErasuresAdminService(platformDb, new ErasureRepository()),
      },
      streams,
    ),
  );
  for (const router of tenantScoped) app.use(router);

  app.use(notFoundHandler);
  app.use(errorHandler);
  return {
    app,
    setDraining: (v) => {
      draining = v;
      // Open event streams end now: shutdown must not wait for them (sse.ts).
      streams.setDraining(v);
    },
  };
}
