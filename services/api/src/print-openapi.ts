// Prints the API's OpenAPI document (the one GET /openapi.json serves) to stdout, without
// PostgreSQL or Redis: the document comes from the routes' declarations alone, so the app is
// built over stand-ins that refuse any use and is asked for it on a loopback port.
// The web console generates its typed client from this output (web/scripts/generate-api.mjs).
import type { AddressInfo } from 'node:net';
import { createLogger, createMetrics, loadConfig } from '@sentinel/platform';
import { buildApp } from './app.js';
import type { ApiDeps } from './deps.js';

const unused = (name: string) =>
  new Proxy(
    {},
    {
      get(_t, prop) {
        throw new Error(`print-openapi: ${name}.${String(prop)} was used; the document must not need it`);
      },
    },
  );

const config = loadConfig({
  NODE_ENV: 'development',
  DATABASE_APP_URL: 'postgres://unused@127.0.0.1:1/unused',
  DATABASE_PLATFORM_URL: 'postgres://unused@127.0.0.1:1/unused',
  REDIS_URL: 'redis://127.0.0.1:1',
  JWT_SECRET: 'print-openapi-never-signs-anything',
  INVITATION_SECRET: 'print-openapi-never-signs-anything',
});
const deps = {
  config,
  logger: createLogger({ level: 'silent', service: 'print-openapi' }),
  metrics: createMetrics('api'),
  appDb: unused('appDb'),
  platformDb: unused('platformDb'),
  redis: unused('redis'),
  redisHealth: unused('redisHealth'),
  cache: unused('cache'),
  limiter: unused('limiter'),
  usage: unused('usage'),
  producer: unused('producer'),
  close: async () => {},
} as unknown as ApiDeps;

const { app } = buildApp(deps);
const server = app.listen(0, '127.0.0.1');
await new Promise((res) => server.once('listening', res));
const { port } = server.address() as AddressInfo;
const r = await fetch(`http://127.0.0.1:${port}/openapi.json`);
server.close();
if (r.status !== 200) throw new Error(`GET /openapi.json answered ${r.status}`);
process.stdout.write(JSON.stringify(await r.json(), null, 2) + '\n');
