// buildApp(deps) assembles the Express app; it never listens. main.ts listens, tests
// call buildApp with their own dependencies and listen on a free port.
import express from 'express';
import cors from 'cors';
import helmet from 'helmet';
import { Provisioning, UsageCounter } from '@sentinel/platform';
import type { ApiDeps } from './deps.js';
import { createAuthenticate, createQuota } from './http/auth.js';
import { errorHandler, notFoundHandler, requestContext } from './http/middleware.js';
import { OpenApiRegistry } from './http/openapi.js';
import type { RouteDeps } from './http/route.js';
import { AuthRepository } from './modules/auth/repository.js';
import { createAuthRouter } from './modules/auth/routes.js';
import { AuthService } from './modules/auth/service.js';
import { PlatformAuditRepository, TenantAuditRepository } from './modules/audit/repository.js';
import { AuditExportsService } from './modules/audit/exports.js';
import { createAuditRouter } from './modules/audit/routes.js';
import { AuditService } from './modules/audit/service.js';
import { PlatformJobsRepository, TenantJobsRepository } from './modules/jobs/repository.js';
import { createJobsRouter } from './modules/jobs/routes.js';
import { JobsService } from './modules/jobs/service.js';
import { createSystemRouter } from './modules/system/routes.js';
import { createTenantsRouter } from './modules/tenants/routes.js';
import { TenantsService } from './modules/tenants/service.js';
import { createUsersRouter } from './modules/users/routes.js';
import { UsersService } from './modules/users/service.js';

export interface BuiltApp {
  app: express.Express;
  /** Flip readiness to 503 while draining. */
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
  app.use(express.json({ limit: config.BODY_LIMIT_BYTES, strict: true }));
  // Only bulk imports take CSV, with their own, larger limit.
  app.use(express.text({ type: 'text/csv', limit: config.IMPORT_MAX_BYTES }));

  const authRepo = new AuthRepository(appDb, cache);
  const registry = new OpenApiRegistry();
  const routeDeps: RouteDeps = {
    registry,
    authenticate: createAuthenticate(config, authRepo, limiter, new UsageCounter(redis, deps.redisHealth)),
    quota: createQuota(config, limiter, metrics),
  };

  // Tenant-scoped modules get the app pool only. The platform pool goes to the
  // platform-admin paths alone: tenant provisioning and the cross-tenant audit and jobs views.
  app.use(createSystemRouter(routeDeps, { appDb, redis, metrics, readyTimeoutMs: config.READY_TIMEOUT_MS, isDraining: () => draining }));
  app.use(createAuthRouter(routeDeps, new AuthService(config, appDb, authRepo, limiter, metrics)));
  app.use(createUsersRouter(routeDeps, new UsersService(config, appDb, cache, producer, logger)));
  app.use(createTenantsRouter(routeDeps, new TenantsService(config, new Provisioning(platformDb, cache), appDb, producer, logger)));
  app.use(createJobsRouter(routeDeps, new JobsService(new TenantJobsRepository(appDb), new PlatformJobsRepository(platformDb), platformDb, producer)));
  app.use(
    createAuditRouter(
      routeDeps,
      new AuditService(new TenantAuditRepository(appDb), new PlatformAuditRepository(platformDb)),
      new AuditExportsService(appDb, producer, logger),
    ),
  );

  app.use(notFoundHandler);
  app.use(errorHandler);
  return { app, setDraining: (v) => void (draining = v) };
}
