// Regenerates src/api/schema.d.ts from the API's OpenAPI document, or with --check fails
// when the checked-in file differs from what the current API would generate (npm run lint).
// The document comes from services/api/dist/print-openapi.js (no database or Redis needed),
// so the API must be built first: `npm run build` or `tsc -b services/api`.
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const target = join(here, '..', 'src', 'api', 'schema.d.ts');

const doc = JSON.parse(execFileSync(process.execPath, [join(root, 'services/api/dist/print-openapi.js')], { encoding: 'utf8', maxBuffer: 64 << 20 }));
const header =
  "// Generated from the API's OpenAPI document by web/scripts/generate-api.mjs: do not edit.\n" +
  '// Regenerate with `npm run api:generate -w web` after changing an API schema.\n\n';
const generated = header + astToString(await openapiTS(doc, { alphabetize: true }));

if (process.argv.includes('--check')) {
  const current = await readFile(target, 'utf8').catch(() => '');
  if (current !== generated) {
    console.error('web/src/api/schema.d.ts is out of date with the API: run `npm run api:generate -w web` and commit the result.');
    process.exit(1);
  }
  console.log('web/src/api/schema.d.ts matches the API');
} else {
  await writeFile(target, generated);
  console.log(`wrote ${target}`);
}
