// `next build` with output: 'standalone' leaves the static assets out of .next/standalone;
// copy them in so `node .next/standalone/web/server.js` serves the whole console (as the image will).
import { cpSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(web, '.next', 'standalone', 'web', '.next', 'static');
rmSync(target, { recursive: true, force: true });
cpSync(join(web, '.next', 'static'), target, { recursive: true });
