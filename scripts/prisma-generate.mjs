// Runs `prisma generate` offline. The Prisma CLI downloads its schema engine at the
// start of every command unless PRISMA_SCHEMA_ENGINE_BINARY points at a file; the
// `prisma-client` generator does not need that engine, so any existing file will do
// (see docs/operations.md, "Prisma offline").
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url);
const cli = fileURLToPath(new URL('../node_modules/prisma/build/index.js', import.meta.url));
const r = spawnSync(process.execPath, [cli, 'generate'], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
