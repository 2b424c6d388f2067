import type { Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import { z } from 'zod';
import type { AppDb, Metrics, RedisClient } from '@sentinel/platform';
import { apiRouter, defineRoute, type RouteDeps } from '../../http/route.js';
import type { OpenApiRegistry } from '../../http/openapi.js';

export const SERVICE = { name: 'sentinel-api', version: '0.1.0' };

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((res, rej) => {
    const t = setTimeout(() => rej(new Error(`timed out after ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(t), res(v)),
      (e: unknown) => (clearTimeout(t), rej(e)),
    );
  });
}

export function createSystemRouter(
  deps: RouteDeps & { registry: OpenApiRegistry },
  s: { appDb: AppDb; redis: RedisClient; metrics: Metrics; readyTimeoutMs: number; isDraining: () => boolean },
): Router {
  const r = apiRouter();
  defineRoute(r, '', deps, {
    method: 'get',
    path: '/',
    summary: 'Service information',
    tag: 'system',
    access: 'public',
    responses: {
      200: {
        description: 'Name, version and links',
        schema: z.object({ name: z.string(), version: z.string(), docs: z.string(), openapi: z.string(), health: z.string() }),
      },
    },
    handler: async () => ({ body: { ...SERVICE, docs: '/docs', openapi: '/openapi.json', health: '/api/v1/health' } }),
  });
  defineRoute(r, '/api/v1', deps, {
    method: 'get',
    path: '/health',
    summary: 'Liveness: the process is up (checks no dependency)',
    tag: 'system',
    access: 'public',
    responses: { 200: { description: 'Alive', schema: z.object({ status: z.literal('ok') }) } },
    handler: async () => ({ body: { status: 'ok' as const } }),
  });
  const check = z.object({ status: z.enum(['ok', 'fail']), ms: z.number(), error: z.string().optional() });
  const readiness = z.object({
    status: z
      .enum(['ok', 'degraded', 'fail'])
      .describe('degraded: Redis does not answer, or the read replica is down or lagging; the API serves without them (docs/operations.md, docs/scaling.md)'),
    checks: z.object({
      postgres: check,
      redis: check,
      replica: check
        .extend({ lagSeconds: z.number().nullable().describe('From its last probe; null when unknown') })
        .optional()
        .describe('Only with DATABASE_READ_URL: fail means reads fall back to the primary'),
    }),
  });
  defineRoute(r, '/api/v1', deps, {
    method: 'get',
    path: '/ready',
    summary:
      'Readiness for traffic: PostgreSQL answers within the timeout and the API is not draining. Redis and the read replica are reported; without them the API serves, degraded (200, status degraded)',
    tag: 'system',
    access: 'public',
    responses: {
      200: { description: 'Ready (status ok, or degraded without Redis)', schema: readiness },
      503: { description: 'PostgreSQL does not answer, or draining (same body)', schema: readiness },
    },
    handler: async () => {
      const probe = async (f: () => Promise<unknown>) => {
        const t0 = performance.now();
        try {
          await withTimeout(f(), s.readyTimeoutMs);
          return { status: 'ok' as const, ms: Math.round(performance.now() - t0) };
        } catch (err) {
          return { status: 'fail' as const, ms: Math.round(performance.now() - t0), error: (err as Error).message || 'failed' };
        }
      };
      const replica = s.appDb.replica;
      const [postgres, redis, replicaCheck] = await Promise.all([
        probe(() => s.appDb.ping()),
        probe(() => s.redis.ping()),
        replica ? probe(() => replica.check().then(() => replica.status())) : undefined,
      ]);
      // Redis is not a reason to take the pod out of its Service: the API is built to serve
      // without it (cache bypassed, throttles in memory), and every replica shares it, so a
      // Redis outage would otherwise leave the Service with no endpoint at all.
      const ok = postgres.status === 'ok' && !s.isDraining();
      // Nor is the replica: reads fall back to the primary while it is down.
      const r = replica?.status();
      const replicaOk = !r || (replicaCheck?.status === 'ok' && r.status === 'ok');
      const status = !ok ? 'fail' : redis.status === 'ok' && replicaOk ? 'ok' : 'degraded';
      const checks = {
        postgres,
        redis,
        ...(r && replicaCheck
          ? {
              replica: {
                status: replicaOk ? ('ok' as const) : ('fail' as const),
                ms: replicaCheck.ms,
                lagSeconds: r.lagSeconds,
                ...(replicaOk ? {} : { error: replicaCheck.error ?? r.error ?? 'down' }),
              },
            }
          : {}),
      };
      return { status: ok ? 200 : 503, body: { status, checks } };
    },
  });
  deps.methods.add('/metrics', 'get');
  deps.methods.add('/openapi.json', 'get');
  r.get('/metrics', async (_req, res) => {
    res.type(s.metrics.registry.contentType).send(await s.metrics.registry.metrics());
  });
  r.get('/openapi.json', (_req, res) => {
    res.json(deps.registry.document({ title: 'Sentinel API', version: SERVICE.version }));
  });
  const ui = { swaggerOptions: { url: '/openapi.json' }, customSiteTitle: 'Sentinel API' };
  r.use('/docs', swaggerUi.serveFiles(undefined, ui), swaggerUi.setup(undefined, ui));
  return r;
}
