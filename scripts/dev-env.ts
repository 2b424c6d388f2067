import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
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
