// "The compose file, the chart's values and .env.example name the same settings" (issue 9),
// checked against what the services themselves read. Run by tests/chart/run.mjs; on its own,
// `node tests/chart/settings.mjs` prints each side's settings per service.
//
// What "the same settings" means here, precisely:
//  1. .env.example lists every variable a Sentinel process reads, and nothing else except the
//     variables compose itself reads (COMPOSE_ONLY, each with its reason); its sample values are
//     accepted by every service's own loader.
//  2. compose: each Sentinel service (api, worker, scheduler, migrate) is handed only variables that
//     process reads, and every variable it requires in production; each `${VAR}` compose
//     interpolates is either a service setting passed on under its own name or a COMPOSE_ONLY one.
//  3. chart (every profile of charts/sentinel/ci): each container's own env entries are variables its
//     process reads (NODE_OPTIONS, Node's own, excepted), each key of the shared ConfigMap is read
//     by a component that takes it, each key of the generated Secret is referenced by a container
//     or listed in CHART_SECRET_ONLY, and every production requirement of each component is met.
//  4. compose and chart hand each service they both run the same set of variables, except the
//     differences listed in DIFFERENCES, each with its reason; a listed difference that no longer
//     exists fails too, so the list stays exact.
// "What a process reads" comes from the code: the config loaders of packages/platform (loadConfig,
// loadWorkerConfig, loadSchedulerConfig, loadControllerConfig, filtered by serviceEnv), and for the
// migrate image the loadPartialConfig/process.env reads of scripts/migrate.ts and scripts/admin-create.ts,
// for the web console the process.env reads of web/ and docker/web-main.mjs (plus PORT, which
// Next's standalone server.js reads).
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { resolvedCompose } from './compose.mjs';

/** Read by docker compose only, never by a Sentinel process. */
export const COMPOSE_ONLY = {
  POSTGRES_PASSWORD: 'the PostgreSQL superuser of the postgres container',
  POSTGRES_OWNER_PASSWORD: 'builds DATABASE_URL (migrate) and the bootstrap of the owner role',
  POSTGRES_APP_PASSWORD: 'builds DATABASE_APP_URL',
  POSTGRES_PLATFORM_PASSWORD: 'builds DATABASE_PLATFORM_URL',
  STACK_HTTP_BIND: 'where nginx, the only published port, listens',
  STACK_HTTP_PORT: "nginx's published port",
  STACK_IMAGE_REGISTRY: "the Sentinel images' registry",
  STACK_IMAGE_TAG: "the Sentinel images' tag",
  COMPOSE_PROFILES: "compose's own switch for the observability profile",
};
/** Keys of the chart's generated Secret that no container reads: the chart's own state. */
export const CHART_SECRET_ONLY = {
  APP_PASSWORD: 'kept so DATABASE_APP_URL is rebuilt with the same password on upgrade (lookup)',
  PLATFORM_PASSWORD: 'kept so DATABASE_PLATFORM_URL is rebuilt with the same password on upgrade',
  OWNER_PASSWORD: 'the evaluation PostgreSQL StatefulSet reads it (POSTGRES_PASSWORD of the official image)',
};
/** Not Sentinel's variables: set by the chart for Node itself, or for Next's standalone server. */
const NOT_SENTINEL = {
  NODE_OPTIONS: "Node's own: each service's --max-old-space-size (heapMiB)",
  HOSTNAME: "Next's standalone server (web): the address it listens on; the image says 0.0.0.0, and Kubernetes would put the pod's name there",
};

/**
 * Deliberate differences between compose and the chart: [names, services, the side that has them, why].
 * `services` '*' matches any service that both run.
 */
export const DIFFERENCES = [
  [
    ['REDIS_CLUSTER_NODES'],
    ['api', 'worker', 'scheduler'],
    'compose',
    'compose passes it from .env (empty by default: the compose Redis); the chart hands it out only with secrets.redisCluster=true, in place of REDIS_URL (tests/chart/run.mjs renders that)',
  ],
  [['OTEL_SERVICE_NAME'], '*', 'chart', "the chart names each component's traces; under compose each service's built-in default is the same name"],
  [
    ['DB_POOL_MAX', 'DB_PLATFORM_POOL_MAX', 'SHUTDOWN_TIMEOUT_MS'],
    '*',
    'chart',
    "tuning values of the chart's config (per cluster); compose keeps the services' defaults, the same numbers",
  ],
  [
    ['SHUTDOWN_DRAIN_MS'],
    '*',
    'chart',
    'in a cluster the endpoints of a terminating pod are removed while it gets SIGTERM, so the API keeps serving 5 s (tests/e2e/upgrade.sh); compose restarts a service whole, and the default 0 closes at once',
  ],
  [
    ['DATABASE_READ_URL'],
    ['api'],
    'chart',
    'an optional secretKeyRef: the API reads lists from a streaming replica when the Secret has its URL (database.readHost); compose runs one PostgreSQL',
  ],
  [
    ['MAIL_FROM', 'WORKER_PORT', 'SCHEDULER_PORT'],
    ['api'],
    'chart',
    'one ConfigMap for every component (one checksum rolls them all); the API schema accepts these keys and uses none',
  ],
];
/** Components only the chart runs. */
export const CHART_ONLY_COMPONENTS = {
  controller: 'compose has no Kubernetes API: TENANT_SOURCE=api there, platform admins create tenants through the API',
};

// Credentials and URLs a service accepts in production (shape and strength), for the loaders.
const SAMPLES = {
  DATABASE_URL: 'postgresql://sentinel_owner:Owner-0f3c9a71d2b84e6f@postgres:5432/sentinel',
  DATABASE_APP_URL: 'postgresql://sentinel_app:App-5d1e7b3a9c2f48d6@postgres:5432/sentinel',
  DATABASE_PLATFORM_URL: 'postgresql://sentinel_platform:Platform-8a4f2c6e1b9d37a0@postgres:5432/sentinel',
  REDIS_URL: 'redis://redis:6379',
  JWT_SECRET: '7c1e9a4f2d8b6e3a0f5c9d2b7e4a1f8c6d3b0e9a',
  INVITATION_SECRET: '3f8a1d6c9e2b5f7a0d4c8e1b6a9f2d5c7e0b3a6d',
  SMTP_URL: 'smtp://mail.example.com:587',
};
const PROBES = ['1', 'true', 'http://probe.example:1', 'postgresql://u:Probe-0123456789@h:5432/d', 'redis://h:6379', 'smtp://h:25', 'probe'];

/** KEY=value lines of .env.example, commented or not ("# KEY=value # comment"). */
export function envExample(text) {
  const out = new Map();
  for (const line of text.split('\n')) {
    const m = /^#?\s*([A-Z][A-Z0-9_]+)=(.*)$/.exec(line);
    if (m && !out.has(m[1])) out.set(m[1], m[2].replace(/\s+#.*$/, '').trim());
  }
  return out;
}

/** Everything the settings checks compare, computed once. */
export function collect({ ROOT, CHART, HELM, platform, profiles }) {
  const problems = { env: [], compose: [], chart: [] };
  const example = envExample(readFileSync(join(ROOT, '.env.example'), 'utf8'));
  const composeText = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
  const interpolated = new Set([...composeText.matchAll(/\$\{([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1]));
  const compose = resolvedCompose(ROOT, { env: {} });
  // The Sentinel services of compose: the ones built from docker/Dockerfile, by target.
  const composeServices = {};
  for (const [name, svc] of Object.entries(compose.services))
    if (svc.build?.dockerfile?.endsWith('docker/Dockerfile') || svc.build?.dockerfile === 'docker/Dockerfile')
      composeServices[svc.build.target] = { name, env: new Set(Object.keys(svc.environment ?? {})) };

  // The chart, per profile: what each component's container gets.
  const chart = {};
  for (const p of profiles) {
    const r = spawnSync(HELM, ['template', 'sentinel', CHART, '--namespace', 'sentinel', '-f', p.file], { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(`helm template (${p.name}): ${r.stderr}`);
    const objs = parseAllDocuments(r.stdout)
      .map((d) => d.toJS())
      .filter((d) => d?.kind);
    const configMaps = Object.fromEntries(objs.filter((o) => o.kind === 'ConfigMap').map((o) => [o.metadata.name, Object.keys(o.data ?? {})]));
    const components = {};
    for (const w of objs.filter((o) => o.kind === 'Deployment' || (o.kind === 'Job' && o.metadata.name.endsWith('-migrate')))) {
      const c = w.spec.template.spec.containers[0];
      const fromMaps = (c.envFrom ?? []).flatMap((f) => configMaps[f.configMapRef?.name] ?? []);
      components[w.metadata.labels['app.kubernetes.io/component']] = {
        own: new Set((c.env ?? []).map((e) => e.name)),
        secretRefs: new Set((c.env ?? []).map((e) => e.valueFrom?.secretKeyRef?.key).filter(Boolean)),
        maps: (c.envFrom ?? []).map((f) => f.configMapRef?.name).filter(Boolean),
        all: new Set([...fromMaps, ...(c.env ?? []).map((e) => e.name)]),
      };
    }
    const secret = objs.find((o) => o.kind === 'Secret' && o.metadata.name.endsWith('-secrets'));
    const statefulSetSecretKeys = objs
      .filter((o) => o.kind === 'StatefulSet')
      .flatMap((o) => o.spec.template.spec.containers.flatMap((c) => (c.env ?? []).map((e) => e.valueFrom?.secretKeyRef?.key).filter(Boolean)));
    chart[p.name] = { components, configMaps, secretKeys: secret ? Object.keys(secret.data ?? {}) : [], statefulSetSecretKeys };
  }

  // Every name any side mentions, plus the schema keys of config.ts: the candidates.
  const configTs = readFileSync(join(ROOT, 'packages', 'platform', 'src', 'config.ts'), 'utf8');
  const candidates = new Set([
    ...example.keys(),
    ...interpolated,
    ...Object.values(composeServices).flatMap((s) => [...s.env]),
    ...Object.values(chart).flatMap((c) => [...Object.values(c.configMaps).flat(), ...Object.values(c.components).flatMap((x) => [...x.all])]),
    ...[...configTs.matchAll(/^\s{2,6}([A-Z][A-Z0-9_]*): /gm)].map((m) => m[1]),
  ]);

  // What each process reads and requires, from its own loader.
  const loaders = {
    api: platform.loadConfig,
    worker: platform.loadWorkerConfig,
    scheduler: platform.loadSchedulerConfig,
    controller: platform.loadControllerConfig,
  };
  const sample = {};
  for (const [k, v] of example) if (v !== '') sample[k] = v;
  Object.assign(sample, SAMPLES);
  const reads = {};
  const required = {};
  for (const [service, load] of Object.entries(loaders)) {
    const env = platform.serviceEnv(service, sample);
    let base;
    try {
      base = load(env);
    } catch (err) {
      problems.env.push(`sentinel-${service} refuses .env.example's values (with sample credentials): ${err.message}`);
      continue;
    }
    reads[service] = new Set();
    for (const n of candidates) {
      if (n in base) {
        reads[service].add(n);
        continue;
      }
      if (n in sample) continue; // given a value and not in the output: not read
      for (const probe of PROBES) {
        let out;
        try {
          out = load(platform.serviceEnv(service, { ...sample, [n]: probe }));
        } catch (err) {
          if (err.message.includes(`${n}: `) && !err.message.includes(`${n}: unknown variable`) && !err.message.includes(`${n}: refused`)) {
            reads[service].add(n); // it validated the value: it reads it
            break;
          }
          continue;
        }
        if (n in out) {
          reads[service].add(n);
          break;
        }
      }
    }
    // Required in production: what the loader asks for, round after round.
    const req = new Set();
    const given = { NODE_ENV: 'production' };
    for (let round = 0; round < 4; round++) {
      try {
        load(platform.serviceEnv(service, given));
        break;
      } catch (err) {
        const asked = [...err.message.matchAll(/- ([A-Z][A-Z0-9_]*): is required/g)].map((m) => m[1]);
        if (!asked.length) {
          problems.env.push(`sentinel-${service} refuses the sample production environment: ${err.message}`);
          break;
        }
        for (const k of asked) {
          req.add(k);
          given[k] = SAMPLES[k] ?? sample[k] ?? 'x';
        }
      }
    }
    required[service] = req;
  }
  // The migrate image: migrate.ts and admin-create.ts (loadPartialConfig lists and process.env reads).
  reads.migrate = new Set();
  required.migrate = new Set();
  for (const f of ['migrate.ts', 'admin-create.ts']) {
    const src = readFileSync(join(ROOT, 'scripts', f), 'utf8');
    for (const m of src.matchAll(/loadPartialConfig\(\[([^\]]*)\]/g)) for (const k of m[1].matchAll(/'([A-Z][A-Z0-9_]*)'/g)) reads.migrate.add(k[1]);
    for (const m of src.matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)) reads.migrate.add(m[1]);
    if (f === 'migrate.ts') for (const m of src.matchAll(/ConfigError\(\['([A-Z][A-Z0-9_]*): is required/g)) required.migrate.add(m[1]);
  }
  // The web console: its code's process.env reads (not writes), the shutdown timings of its entry
  // (docker/web-main.mjs), and PORT (Next's server.js). Nothing is required: SENTINEL_API_URL has a default.
  reads.web = new Set(['PORT']);
  required.web = new Set();
  const webFiles = [join(ROOT, 'web', 'next.config.ts'), join(ROOT, 'docker', 'web-main.mjs')];
  for (const e of readdirSync(join(ROOT, 'web', 'src'), { recursive: true, withFileTypes: true }))
    if (e.isFile() && /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) webFiles.push(join(e.parentPath, e.name));
  for (const f of webFiles) {
    const src = readFileSync(f, 'utf8');
    for (const m of src.matchAll(/process\.env\.([A-Z][A-Z0-9_]*)\b(?!\s*=[^=])|millis\('([A-Z][A-Z0-9_]*)'/g)) reads.web.add(m[1] ?? m[2]);
  }
  const known = new Set(Object.values(reads).flatMap((s) => [...s]));
  return { problems, example, interpolated, compose, composeServices, chart, reads, required, known, composeText };
}

const list = (xs) => [...xs].sort().join(', ');

/** @param {object} ctx check, ROOT, CHART, HELM, platform, PROFILES (from run.mjs) */
export async function settingsChecks({ check, ROOT, CHART, HELM, platform, PROFILES }) {
  let s;
  await check(".env.example lists every variable a Sentinel process reads (their loaders say which) and only those, plus compose's own", () => {
    s = collect({ ROOT, CHART, HELM, platform, profiles: PROFILES });
    const problems = [...s.problems.env];
    const names = new Set(s.example.keys());
    for (const n of s.known) if (!names.has(n)) problems.push(`${n}: read by ${Object.keys(s.reads).filter((k) => s.reads[k].has(n))} but not in .env.example`);
    for (const n of names)
      if (!s.known.has(n) && !(n in COMPOSE_ONLY)) problems.push(`${n}: in .env.example, but no Sentinel process reads it and it is not in COMPOSE_ONLY`);
    for (const n of Object.keys(COMPOSE_ONLY)) if (!names.has(n)) problems.push(`${n} (COMPOSE_ONLY) is not documented in .env.example`);
    for (const service of ['api', 'worker', 'scheduler', 'controller', 'migrate'])
      if (!(s.reads[service]?.size > 0)) problems.push(`found nothing sentinel-${service} reads: the check is broken`);
    if (!s.reads.web.has('SENTINEL_API_URL')) problems.push('found no SENTINEL_API_URL among what the web reads: the check is broken');
    if (s.known.size < 60) problems.push(`only ${s.known.size} variables read in all: the check is broken`);
    return problems;
  });
  if (!s) return;
  // Without every process's reads the other rules cannot be judged: each of them fails then.
  const broken = s.problems.env.length ? ["not judged: a service refuses .env.example's values (the check above)"] : null;

  await check(
    'compose: each Sentinel service gets only variables it reads and all it requires in production; every ${VAR} is a setting passed on under its own name or compose-only',
    () => {
      if (broken) return broken;
      const problems = [];
      for (const service of ['api', 'worker', 'scheduler', 'migrate', 'web']) {
        const c = s.composeServices[service];
        if (!c) {
          problems.push(`no compose service built from docker/Dockerfile target ${service}`);
          continue;
        }
        for (const n of c.env)
          if (!s.reads[service].has(n) && !(n in NOT_SENTINEL)) problems.push(`${c.name}: ${n} is set, but sentinel-${service} does not read it`);
        for (const n of s.required[service]) if (!c.env.has(n)) problems.push(`${c.name}: ${n} is required in production and compose does not set it`);
      }
      for (const v of s.interpolated) {
        if (s.known.has(v)) {
          // A service setting: passed on under its own name only (`KEY: ${KEY...}`).
          for (const m of s.composeText.matchAll(new RegExp(`^\\s*([A-Za-z_][A-Za-z0-9_-]*):[^\\n]*\\$\\{${v}\\b`, 'gm')))
            if (m[1] !== v)
              problems.push(`${m[1]}: takes \${${v}}, a service setting of another name (line ${s.composeText.slice(0, m.index).split('\n').length})`);
        } else if (!(v in COMPOSE_ONLY)) problems.push(`\${${v}}: neither a setting a service reads nor in COMPOSE_ONLY`);
        if (!s.example.has(v)) problems.push(`\${${v}}: compose reads it, .env.example does not list it`);
      }
      for (const v of Object.keys(COMPOSE_ONLY))
        if (!s.interpolated.has(v) && !v.startsWith('COMPOSE_')) problems.push(`${v} (COMPOSE_ONLY): compose no longer uses it`);
      return problems;
    },
  );

  await check(
    'chart (every profile): each container gets only variables its process reads, every ConfigMap and Secret key has a reader, every production requirement is met',
    () => {
      if (broken) return broken;
      const problems = [];
      for (const [profile, c] of Object.entries(s.chart)) {
        const readers = {};
        for (const [component, x] of Object.entries(c.components)) {
          if (!s.reads[component]) {
            problems.push(`${profile}: component ${component}: no Sentinel process of that name`);
            continue;
          }
          for (const n of x.own)
            if (!s.reads[component].has(n) && !(n in NOT_SENTINEL)) problems.push(`${profile}: ${component}: env ${n} is not read by sentinel-${component}`);
          for (const n of s.required[component])
            if (!x.all.has(n)) problems.push(`${profile}: ${component}: ${n} is required in production and the chart does not set it`);
          for (const m of x.maps) for (const k of c.configMaps[m] ?? []) if (s.reads[component].has(k)) (readers[k] ??= []).push(component);
        }
        const mapKeys = new Set(Object.values(c.components).flatMap((x) => x.maps.flatMap((m) => c.configMaps[m] ?? [])));
        for (const k of mapKeys) if (!readers[k]) problems.push(`${profile}: ConfigMap key ${k}: no component that takes the ConfigMap reads it`);
        const refs = new Set([...Object.values(c.components).flatMap((x) => [...x.secretRefs]), ...c.statefulSetSecretKeys]);
        for (const k of c.secretKeys)
          if (!refs.has(k) && !(k in CHART_SECRET_ONLY))
            problems.push(`${profile}: Secret key ${k}: no container reads it and CHART_SECRET_ONLY does not list it`);
        for (const k of c.secretKeys) if (!s.known.has(k) && !(k in CHART_SECRET_ONLY)) problems.push(`${profile}: Secret key ${k} is no Sentinel setting`);
      }
      for (const k of Object.keys(CHART_SECRET_ONLY))
        if (!Object.values(s.chart).some((c) => c.secretKeys.includes(k))) problems.push(`${k} (CHART_SECRET_ONLY): no profile's Secret has it any more`);
      return problems;
    },
  );

  await check(
    'compose and the chart hand each service the same variables, except the differences listed (with their reasons) in tests/chart/settings.mjs',
    () => {
      if (broken) return broken;
      const problems = [];
      const chart = s.chart.observability ?? Object.values(s.chart)[0]; // the profile with tracing on, as compose can be
      const used = new Set();
      for (const [service, c] of Object.entries(s.composeServices)) {
        const x = chart.components[service];
        if (!x) {
          problems.push(`compose runs ${service}, the chart does not`);
          continue;
        }
        const chartSet = new Set([...x.all].filter((n) => s.reads[service].has(n)));
        const diffs = [
          ...[...c.env].filter((n) => !chartSet.has(n) && !(n in NOT_SENTINEL)).map((n) => [n, 'compose']),
          ...[...chartSet].filter((n) => !c.env.has(n)).map((n) => [n, 'chart']),
        ];
        for (const [n, side] of diffs) {
          const i = DIFFERENCES.findIndex(([names, services, only]) => names.includes(n) && (services === '*' || services.includes(service)) && only === side);
          if (i < 0) problems.push(`${service}: ${n} is set by the ${side} only (add it to the other side, or to DIFFERENCES with the reason)`);
          else used.add(`${i}:${n}`);
        }
      }
      DIFFERENCES.forEach(([names, services, only], i) => {
        for (const n of names) if (!used.has(`${i}:${n}`)) problems.push(`DIFFERENCES: ${n} (${only} only, ${services}) is no longer a difference: remove it`);
      });
      for (const [component, why] of Object.entries(CHART_ONLY_COMPONENTS)) {
        if (s.composeServices[component]) problems.push(`compose runs ${component} now: CHART_ONLY_COMPONENTS says "${why}"`);
        if (!Object.values(s.chart).some((c) => c.components[component])) problems.push(`no chart profile runs ${component}`);
      }
      for (const component of new Set(Object.values(s.chart).flatMap((c) => Object.keys(c.components))))
        if (!s.composeServices[component] && !(component in CHART_ONLY_COMPONENTS))
          problems.push(`the chart runs ${component}, compose does not, and CHART_ONLY_COMPONENTS does not say why`);
      return problems;
    },
  );
}

// `node tests/chart/settings.mjs`: each side's variables per service.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const CHART = join(ROOT, 'charts', 'sentinel');
  const HELM = join(process.env.SENTINEL_K8S_CACHE || join(process.env.HOME, '.cache', 'sentinel-k8s'), 'bin', 'helm-v4.1.4');
  const platform = await import(pathToFileURL(join(ROOT, 'packages', 'platform', 'dist', 'index.js')).href);
  const profiles = [{ name: 'observability', file: join(CHART, 'ci', 'observability-values.yaml') }];
  const s = collect({ ROOT, CHART, HELM, platform, profiles });
  for (const service of ['api', 'worker', 'scheduler', 'controller', 'migrate', 'web']) {
    console.log(`\n${service}: reads ${s.reads[service]?.size ?? 0}; required in production: ${list(s.required[service] ?? [])}`);
    console.log(`  compose: ${list(s.composeServices[service]?.env ?? [])}`);
    console.log(`  chart:   ${list(s.chart.observability.components[service]?.all ?? [])}`);
  }
  for (const [k, v] of Object.entries(s.problems)) if (v.length) console.log(`${k}: ${v.join('\n  ')}`);
}
