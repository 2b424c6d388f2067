// Drops from a production node_modules the files Node never loads, and proves it did no harm:
//   node prune-node-modules.mjs <app dir> [<generated Prisma client file>...]
// (docker/install-prod-deps.sh runs it in each deps-* stage of docker/Dockerfile.)
//
// Every rule reads the package's own package.json first and is skipped when its premise does not
// hold, so a dependency upgrade that changes a layout makes the image bigger, never broken:
//   - `module`/`esnext` builds of packages without an `exports` map: Node resolves only `main`
//     there (bullmq's dist/esm; @zxcvbn-ts's dist/*.mjs next to the dist/*.cjs it loads);
//   - Prisma's query compilers the generated client does not import (it imports exactly one:
//     the `fast` build for PostgreSQL, as ES module), and its edge-runtime compiler;
//   - swagger-ui-dist's bundles that swagger-ui-express's page does not reference (it serves
//     swagger-ui-bundle.js, swagger-ui-standalone-preset.js and swagger-ui.css);
//   - native prebuilds (node-gyp-build's prebuilds/<platform>-<arch>) of other platforms;
//   - test, example and benchmark folders at a package's root, and Markdown other than licences.
// Then it loads every package (require and import) and fails when one that loaded before the
// pruning no longer does.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const [appDir = '.', ...generatedClients] = process.argv.slice(2);
const root = resolve(appDir, 'node_modules');
let freed = 0;

function size(p) {
  const s = statSync(p, { throwIfNoEntry: false });
  if (!s) return 0;
  if (!s.isDirectory()) return s.size;
  return readdirSync(p).reduce((n, f) => n + size(join(p, f)), 0);
}
function remove(p, why) {
  if (!existsSync(p)) return;
  const n = size(p);
  rmSync(p, { recursive: true, force: true });
  freed += n;
  if (n > 100_000) console.log(`prune: -${(n / 1e6).toFixed(1)} MB ${relative(root, p)} (${why})`);
}
function files(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) files(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}
/** Every package folder under node_modules, nested ones included (symlinked workspaces excluded). */
function packages(dir = root, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory() || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.name.startsWith('@')) {
      packages(p, out);
      continue;
    }
    if (existsSync(join(p, 'package.json'))) out.push(p);
    if (existsSync(join(p, 'node_modules'))) packages(join(p, 'node_modules'), out);
  }
  return out;
}
const manifest = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
const norm = (p) => (p ?? '').replace(/^\.\//, '');

/** require() and import() of every top-level package, in a fresh Node: the names that load. */
function loadable() {
  const names = readdirSync(root).flatMap((n) => (n.startsWith('@') ? readdirSync(join(root, n)).map((s) => `${n}/${s}`) : n.startsWith('.') ? [] : [n]));
  const script = `
    import { createRequire } from 'node:module';
    const require = createRequire(${JSON.stringify(join(root, '..') + '/')});
    const ok = [];
    for (const n of ${JSON.stringify(names)}) {
      try { require(n); ok.push('require ' + n); } catch {}
      try { await import(n); ok.push('import ' + n); } catch {}
    }
    process.stdout.write(JSON.stringify(ok));
    process.exit(0);`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: join(root, '..'),
    encoding: 'utf8',
    timeout: 300_000,
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`loading the packages failed: ${r.stderr}`);
  return new Set(JSON.parse(r.stdout.slice(r.stdout.indexOf('['))));
}

const before = loadable();

for (const dir of packages()) {
  const pkg = manifest(dir);
  const name = pkg.name ?? relative(root, dir);
  const main = norm(pkg.main || 'index.js');

  // 1. builds only bundlers read
  if (!pkg.exports) {
    for (const field of ['module', 'esnext', 'es2015']) {
      const entry = norm(typeof pkg[field] === 'string' ? pkg[field] : '');
      if (!entry) continue;
      // the folder of the entry just below the one it shares with main (dist/esm beside dist/cjs)
      const e = dirname(entry)
        .split('/')
        .filter((x) => x !== '.');
      const m = dirname(main)
        .split('/')
        .filter((x) => x !== '.');
      let i = 0;
      while (i < e.length && e[i] === m[i]) i++;
      if (i < e.length) remove(join(dir, ...e.slice(0, i + 1)), `${name}: "${field}" build, Node loads "main" ${main}`);
      else if (entry.endsWith('.mjs') && /\.c?js$/.test(main) && pkg.type !== 'module') {
        // ES module twins of CommonJS files in the same folder: removable when nothing left mentions .mjs
        const all = files(dir);
        const rest = all.filter((f) => /\.(c?js)$/.test(f));
        if (!rest.some((f) => readFileSync(f, 'utf8').includes('.mjs')))
          for (const f of all.filter((x) => x.endsWith('.mjs'))) remove(f, `${name}: "${field}" twin of a CommonJS file`);
      }
    }
  }

  // 2. Prisma: the query compilers the generated client imports, and no other
  if (name === '@prisma/client' && generatedClients.length) {
    const wanted = new Set(generatedClients.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/@prisma\/client\/runtime\/([\w.-]+)/g)].map((m) => m[1])));
    const rt = join(dir, 'runtime');
    for (const w of wanted)
      if (/^(query_compiler|wasm-compiler)/.test(w) && !existsSync(join(rt, w)))
        throw new Error(`the generated Prisma client imports runtime/${w}, which @prisma/client lacks`);
    if ([...wanted].some((w) => w.startsWith('query_compiler_')))
      for (const f of readdirSync(rt))
        if (/^(query_compiler_|wasm-compiler-edge)/.test(f) && !wanted.has(f)) remove(join(rt, f), `${name}: not imported by the generated client`);
  }

  // 3. swagger-ui-dist: what swagger-ui-express's page and index.js do not reference
  if (name === 'swagger-ui-dist') {
    const index = readFileSync(join(dir, 'index.js'), 'utf8');
    for (const f of ['swagger-ui-es-bundle.js', 'swagger-ui-es-bundle-core.js', 'swagger-ui.js'])
      if (!index.includes(f)) remove(join(dir, f), `${name}: a bundler build the page does not load`);
    for (const f of readdirSync(dir)) if (/^log\..*\.txt$/.test(f)) remove(join(dir, f), `${name}: build log`);
  }

  // 4. native prebuilds of other platforms
  const prebuilds = join(dir, 'prebuilds');
  if (existsSync(prebuilds))
    for (const p of readdirSync(prebuilds))
      if (/^(darwin|linux|win32|freebsd|openbsd|android|sunos|aix)-/.test(p) && p !== `${process.platform}-${process.arch}`)
        remove(join(prebuilds, p), `${name}: prebuild for another platform`);

  // 5. tests, examples, benchmarks at the package root; Markdown other than licences
  const entries = JSON.stringify([pkg.main, pkg.exports, pkg.bin, pkg.browser, pkg.imports]);
  for (const d of ['test', 'tests', '__tests__', 'example', 'examples', 'benchmark', 'benchmarks', 'bench', '.github'])
    if (existsSync(join(dir, d)) && !entries.includes(d)) remove(join(dir, d), `${name}: ${d}`);
}
for (const f of files(root))
  if (/\.(md|markdown)$/i.test(f) && !/(^|\/)(licen[cs]e|notice|copying|third[-_]party|authors)[^/]*$/i.test(f)) remove(f, 'documentation');

const after = loadable();
const lost = [...before].filter((x) => !after.has(x));
if (lost.length) throw new Error(`pruning broke: ${lost.join(', ')}`);
console.log(`prune: ${(freed / 1e6).toFixed(1)} MB removed; ${after.size} require/import entry points load as before`);
