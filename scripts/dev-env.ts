import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { serviceEnv, type ServiceName } from '@sentinel/platform';
import type { DatabaseUrls, StackSecrets } from './local-stack.js';
import { REPO_ROOT } from './repo-root.js';

/** Written by `npm run dev`: how to reach the running local stack. */
export const DEV_ENV_FILE = join(REPO_ROOT, '.sentinel', 'dev', 'stack.env');

/**
 * Lets db:migrate and admin:create run against the stack `npm run dev` started
 * without exporting anything. Variables already set always win.
 */
export function useDevStackEnv(): boolean {
  if (!existsSync(DEV_ENV_FILE)) return false;
  for (const [k, v] of Object.entries(parseEnv(readFileSync(DEV_ENV_FILE, 'utf8')))) if (process.env[k] === undefined) process.env[k] = v;
  return true;
}

export interface DevStack {
  urls: DatabaseUrls;
  redisUrl: string;
  secrets: Pick<StackSecrets, 'jwtSecret' | 'invitationSecret'>;
}

/**
 * What `npm run dev` hands each process it starts: the stack's coordinates and secrets
 * over the caller's environment, cut down to the variables that service reads
 * (serviceEnv). So the schema owner's URL reaches only the Tenant controller, and the
 * JWT secret only the API, as in a deployment. `all` is the whole set, for stack.env
 * (what db:migrate and admin:create read).
 */
export function devServiceEnvs(stack: DevStack, env: NodeJS.ProcessEnv): { all: Record<string, string> } & Record<ServiceName, Record<string, string>> {
  const all: Record<string, string> = {
    NODE_ENV: 'development',
    DATABASE_URL: stack.urls.ownerUrl,
    DATABASE_APP_URL: stack.urls.appUrl,
    DATABASE_PLATFORM_URL: stack.urls.platformUrl,
    REDIS_URL: stack.redisUrl,
    JWT_SECRET: env.JWT_SECRET ?? stack.secrets.jwtSecret,
    INVITATION_SECRET: env.INVITATION_SECRET ?? stack.secrets.invitationSecret,
    PORT: env.PORT ?? '8000',
    TENANT_SOURCE: env.KUBECONFIG ? 'kubernetes' : 'api',
  };
  const merged = { ...env, ...all };
  return {
    all,
    api: serviceEnv('api', merged),
    worker: serviceEnv('worker', merged),
    scheduler: serviceEnv('scheduler', merged),
    controller: serviceEnv('controller', merged),
  };
}
