// The layering rules a type checker cannot see, checked on every `npm run lint`
// (docs/architecture.md states them):
//   1. no import cycles between files of a package (type-only imports count: a cycle of
//      types is still two files that cannot be understood apart);
//   2. inside each service, imports point down the layers only (services/api:
//      composition → routes → services → repositories → core), and routes never reach
//      a repository except through a service;
//   3. nothing below the routes imports HTTP types (express, passport, ...);
//   4. a package's files import other packages only by their package name, never by a
//      relative path into another package's internals;
//   5. the web console (web/src) imports no server code: no @sentinel/* package and nothing
//      outside web/ (it knows the API only through its OpenAPI contract, src/api/schema.d.ts).
// Plain Node, no dependencies: imports are read with a regular expression, which is
// enough for this code base (one import per statement, no dynamic specifiers).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Per package: its source folder and, where it has layers, the rank of each file (higher imports lower). */
const PACKAGES = [
  { src: 'packages/platform/src', ignore: ['internal/generated/'] },
  {
    src: 'services/api/src',
    layers: [
      ['composition', 5, /^(app|deps|main|print-openapi)\.ts$/],
      ['routes', 4, /^(http\/.*|modules\/[^/]+\/routes)\.ts$/],
      ['services', 3, /^modules\/[^/]+\/([a-z-]+-)?service\.ts$/],
      ['repositories', 2, /^modules\/[^/]+\/([a-z-]+-)?repository\.ts$/],
      ['core', 1, /^(core\/.*|modules\/[^/]+\/schemas)\.ts$/],
    ],
    belowHttp: 4,
    // Routes reach data only through a service; the auth middleware through core's IdentityLookup.
    skips: [['routes', 'repositories']],
  },
  {
    src: 'services/worker/src',
    layers: [
      ['composition', 4, /^(main|pipeline)\.ts$/],
      ['runtime', 3, /^worker\.ts$/],
      ['processors', 2, /^processors\/.*\.ts$/],
      ['repositories', 1, /^(repositories\/.*|job-run|csv|tar|failure|mailer)\.ts$/],
    ],
  },
  {
    src: 'services/scheduler/src',
    layers: [
      ['composition', 3, /^main\.ts$/],
      ['runtime', 2, /^(relay|schedules)\.ts$/],
      ['repositories', 1, /^relay-repository\.ts$/],
    ],
  },
  { src: 'controllers/tenant/src' },
];

/** Modules that are HTTP: nothing below the routes may import them. */
const HTTP_MODULES = /^(express|express-serve-static-core|passport|passport-jwt|swagger-ui-express|helmet|cors|node:http|http)$/;

const IMPORT = /^\s*(?:import|export)\b[^;]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gms;

function files(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts') && !name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

function resolveRelative(from, spec) {
  const base = resolve(dirname(from), spec.replace(/\.js$/, '.ts'));
  try {
    if (statSync(base).isDirectory()) return join(base, 'index.ts');
  } catch {
    /* a file */
  }
  return base.endsWith('.ts') ? base : `${base}.ts`;
}

const problems = [];

for (const pkg of PACKAGES) {
  const srcDir = join(ROOT, pkg.src);
  const all = files(srcDir).filter((f) => !(pkg.ignore ?? []).some((i) => relative(srcDir, f).split(sep).join('/').startsWith(i)));
  const rel = (f) => relative(srcDir, f).split(sep).join('/');
  const layerOf = (f) => pkg.layers?.find(([, , re]) => re.test(rel(f)));
  const graph = new Map();

  for (const file of all) {
    const text = readFileSync(file, 'utf8');
    const edges = [];
    const layer = layerOf(file);
    if (pkg.layers && !layer) problems.push(`${pkg.src}/${rel(file)}: in no layer; name it after its layer (see scripts/check-layers.mjs)`);
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      if (!spec.startsWith('.')) {
        if (pkg.belowHttp && layer && layer[1] < pkg.belowHttp && HTTP_MODULES.test(spec))
          problems.push(`${pkg.src}/${rel(file)}: imports '${spec}', an HTTP module, below the routes (${layer[0]})`);
        continue;
      }
      const target = resolveRelative(file, spec);
      if (!target.startsWith(srcDir + sep)) {
        problems.push(`${pkg.src}/${rel(file)}: imports '${spec}', outside its package (use the package's public entry point)`);
        continue;
      }
      edges.push(target);
      const to = layerOf(target);
      if (layer && to && to[1] > layer[1]) problems.push(`${pkg.src}/${rel(file)}: ${layer[0]} imports ${rel(target)} (${to[0]}), a higher layer`);
      if (layer && to && (pkg.skips ?? []).some(([a, b]) => a === layer[0] && b === to[0]))
        problems.push(`${pkg.src}/${rel(file)}: ${layer[0]} imports ${rel(target)} (${to[0]}), skipping a layer`);
    }
    graph.set(file, edges);
  }

  // Cycles: Tarjan's strongly connected components; any component of more than one file is a cycle.
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const strong = (v) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const comp = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || (graph.get(v) ?? []).includes(v)) problems.push(`${pkg.src}: import cycle between ${comp.map(rel).sort().join(', ')}`);
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) strong(v);
}

// 5. The web console: every .ts/.tsx file, by import specifier.
const WEB = join(ROOT, 'web', 'src');
const webFiles = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? webFiles(p) : /\.tsx?$/.test(name) ? [p] : [];
  });
for (const file of webFiles(WEB)) {
  for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
    const spec = m[1] ?? m[2];
    const outside = spec.startsWith('.') && !resolve(dirname(file), spec).startsWith(join(ROOT, 'web') + sep);
    if (spec.startsWith('@sentinel/') || outside) problems.push(`web/src/${relative(WEB, file)}: imports '${spec}'; the web talks to the API over HTTP only`);
  }
}

if (problems.length) {
  console.error(`Layering: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('Layering: no cycles, no upward imports, no HTTP types below the routes');
