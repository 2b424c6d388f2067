// Static checks of docker-compose.yml and its `observability` profile, run by tests/chart/run.mjs
// (no container is started: tests/compose/run.sh brings the default services up for real).
// Debian's docker-compose resolves the file (as tests/compose/run.sh validates it), promtool checks
// the Prometheus configuration, and the pieces are checked against each other: scrape targets
// against the compose services, Grafana's provisioning against the chart's dashboard file, the
// services' OTLP endpoint against Jaeger, and the endpoint against the services' own config loaders.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

/** The secrets compose refuses to start without (`${VAR:?...}`): sample values for `config`. */
const COMPOSE_SECRETS = {
  POSTGRES_PASSWORD: 'Pg-5f2a9c71e3b84d06',
  POSTGRES_OWNER_PASSWORD: 'Owner-0f3c9a71d2b84e6f',
  POSTGRES_APP_PASSWORD: 'App-5d1e7b3a9c2f48d6',
  POSTGRES_PLATFORM_PASSWORD: 'Platform-8a4f2c6e1b9d37a0',
  JWT_SECRET: '7c1e9a4f2d8b6e3a0f5c9d2b7e4a1f8c6d3b0e9a',
  INVITATION_SECRET: '3f8a1d6c9e2b5f7a0d4c8e1b6a9f2d5c7e0b3a6d',
};
export const PROFILE = 'observability';
/** Which loader and which port variable each Sentinel compose service has. */
const SENTINEL = { api: 'PORT', worker: 'WORKER_PORT', scheduler: 'SCHEDULER_PORT' };

/** The docker-compose binary (Debian's, as tests/compose/run.sh uses), installed when missing. */
export function dockerCompose() {
  const which = spawnSync('sh', ['-c', 'command -v docker-compose'], { encoding: 'utf8' });
  if (which.status === 0) return which.stdout.trim();
  if (process.getuid?.() === 0) {
    spawnSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose'], {
      stdio: 'ignore',
    });
    const again = spawnSync('sh', ['-c', 'command -v docker-compose'], { encoding: 'utf8' });
    if (again.status === 0) return again.stdout.trim();
  }
  throw new Error('docker-compose is missing (apt-get install docker-compose)');
}

/** The environment compose would see from a fresh .env: the secrets only (no OTEL_*, no STACK_*). */
export function composeEnv(extra = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(OTEL_|STACK_|COMPOSE_|NODE_ENV$|LOG_LEVEL$)/.test(k)));
  return { ...env, ...COMPOSE_SECRETS, ...extra };
}

/** An empty env file: a developer's own .env (next to docker-compose.yml) must not change what is checked. */
const NO_ENV_FILE = join(mkdtempSync(join(tmpdir(), 'sentinel-compose-')), 'empty.env');
writeFileSync(NO_ENV_FILE, '');
/** `docker-compose <args>` as tests run it: the sample secrets, no .env file. */
export function runCompose(ROOT, args, env = {}) {
  return spawnSync(dockerCompose(), ['--env-file', NO_ENV_FILE, ...args], { encoding: 'utf8', env: composeEnv(env), cwd: ROOT });
}

/** `docker-compose config` of docker-compose.yml, parsed (every service, each with its profiles). */
export function resolvedCompose(ROOT, { profile = true, env = {} } = {}) {
  const args = ['-f', join(ROOT, 'docker-compose.yml'), ...(profile ? ['--profile', PROFILE] : []), 'config'];
  const r = runCompose(ROOT, args, env);
  if (r.status !== 0) throw new Error(`docker-compose ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return parse(r.stdout);
}

const isDefault = (svc) => !svc.profiles?.length;
/** The ports a compose service listens on inside the network: expose, published container ports, *PORT settings. */
function listening(svc) {
  const ports = new Set((svc.expose ?? []).map((p) => String(p).split('/')[0]));
  for (const p of svc.ports ?? []) ports.add(typeof p === 'object' ? String(p.target) : String(p).split('/')[0].split(':').pop());
  for (const [k, v] of Object.entries(svc.environment ?? {})) if (/(^|_)PORT$/.test(k) && v) ports.add(String(v));
  return ports;
}
/** Published ports as { host_ip, published, target }. */
function published(svc) {
  return (svc.ports ?? []).map((p) => {
    if (typeof p === 'object') return { ip: p.host_ip ?? '0.0.0.0', published: p.published, target: p.target };
    const parts = String(p).split('/')[0].split(':');
    return parts.length === 3 ? { ip: parts[0], published: parts[1], target: parts[2] } : { ip: '0.0.0.0', published: parts.at(-2), target: parts.at(-1) };
  });
}

/** @param {object} ctx check, ROOT, CHART, PROMTOOL, run, platform (the services' config loaders) */
export async function composeChecks({ check, ROOT, CHART, PROMTOOL, run, platform }) {
  const compose = join(ROOT, 'docker-compose.yml');
  for (const profile of [false, true])
    await check(`docker-compose config -q: docker-compose.yml${profile ? ` --profile ${PROFILE}` : ''}`, () => {
      const args = ['-f', compose, ...(profile ? ['--profile', PROFILE] : []), 'config', '-q'];
      const r = runCompose(ROOT, args);
      return r.status === 0 ? [] : [`exit ${r.status}: ${r.stderr}`];
    });

  let cfg;
  await check(
    `the ${PROFILE} profile adds prometheus, grafana and jaeger (the official images); only nginx is published by default, the profile's UIs on 127.0.0.1 only`,
    () => {
      cfg = resolvedCompose(ROOT);
      const problems = [];
      const svcs = cfg.services;
      const inProfile = Object.keys(svcs).filter((n) => svcs[n].profiles?.includes(PROFILE));
      if (inProfile.sort().join() !== 'grafana,jaeger,prometheus') problems.push(`services with profiles: [${PROFILE}]: ${inProfile}`);
      const images = { prometheus: /^prom\/prometheus:v\d/, grafana: /^grafana\/grafana:\d/, jaeger: /^jaegertracing\/jaeger:2\./ };
      for (const [n, re] of Object.entries(images)) if (!re.test(svcs[n]?.image ?? '')) problems.push(`${n}: image ${svcs[n]?.image}`);
      for (const [n, svc] of Object.entries(svcs)) {
        const ports = published(svc);
        if (isDefault(svc)) {
          if (n !== 'nginx' && ports.length) problems.push(`${n} publishes ${JSON.stringify(ports)}: only nginx may`);
          if (n === 'nginx' && !(ports.length === 1 && ports[0].ip === '127.0.0.1'))
            problems.push(`nginx publishes ${JSON.stringify(ports)} (default: 127.0.0.1 only)`);
        } else for (const p of ports) if (p.ip !== '127.0.0.1') problems.push(`${n} publishes ${p.published} on ${p.ip}, not 127.0.0.1`);
      }
      const ui = { prometheus: '9090', grafana: '3000', jaeger: '16686' };
      for (const [n, port] of Object.entries(ui))
        if (!published(svcs[n] ?? {}).some((p) => String(p.target) === port)) problems.push(`${n}: its UI port ${port} is not published`);
      return problems;
    },
  );
  if (!cfg) return;

  const promFile = join(ROOT, 'docker', 'observability', 'prometheus.yml');
  await check('promtool check config docker/observability/prometheus.yml', () => {
    const r = run(PROMTOOL, ['check', 'config', promFile]);
    return r.code === 0 ? [] : [`${r.stdout}${r.stderr}`];
  });

  const dashboardFile = join(CHART, 'files', 'dashboard.json');
  const dashboard = JSON.parse(readFileSync(dashboardFile, 'utf8'));
  await check(
    'prometheus.yml scrapes every Sentinel service: each target is a compose service listening on that port, with the labels the dashboard filters on',
    () => {
      const prom = parse(readFileSync(promFile, 'utf8'));
      const problems = [];
      // The labels the dashboard selects on (`namespace="$namespace"`): every target needs them.
      const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));
      const labels = new Set(exprs.flatMap((e) => [...e.matchAll(/([a-z_]+)="\$/g)].map((m) => m[1])));
      if (!labels.size) problems.push('the dashboard filters on no label: the check reads it wrong');
      const scraped = new Set();
      for (const job of prom.scrape_configs ?? [])
        for (const sc of job.static_configs ?? [])
          for (const target of sc.targets ?? []) {
            const [host, port] = target.split(':');
            const svc = cfg.services[host];
            if (!svc) problems.push(`job ${job.job_name}: ${target}: no compose service ${host}`);
            else if (!listening(svc).has(port))
              problems.push(`job ${job.job_name}: ${target}: ${host} listens on ${[...listening(svc)].join(', ') || 'no declared port'}`);
            else scraped.add(host);
            for (const l of labels) if (!sc.labels?.[l]) problems.push(`job ${job.job_name}: ${target} has no ${l} label (the dashboard filters on it)`);
            if ((job.metrics_path ?? '/metrics') !== '/metrics') problems.push(`job ${job.job_name}: metrics_path ${job.metrics_path}`);
          }
      for (const name of Object.keys(cfg.services))
        if (Object.keys(SENTINEL).includes(name) !== scraped.has(name) && name !== 'prometheus')
          problems.push(`${name}: ${scraped.has(name) ? 'scraped but it is not a Sentinel service' : 'a Sentinel service Prometheus does not scrape'}`);
      for (const name of Object.keys(SENTINEL)) if (!cfg.services[name]) problems.push(`no compose service ${name}`);
      return problems;
    },
  );

  await check("grafana: a provisioned Prometheus datasource and the chart's own dashboard file, mounted where the provider reads", () => {
    const problems = [];
    const g = cfg.services.grafana;
    // docker-compose config writes volumes as "source:target:mode" with absolute sources.
    const mounts = (g.volumes ?? []).map((v) => {
      if (typeof v === 'object') return { source: v.source, target: v.target };
      const [source, target] = String(v).split(':');
      return { source, target };
    });
    const mount = (source) => mounts.find((m) => m.source === join(ROOT, source));
    const ds = mount('docker/observability/grafana/datasources.yml');
    const prov = mount('docker/observability/grafana/dashboards.yml');
    const dash = mount('charts/sentinel/files/dashboard.json');
    if (!ds?.target.startsWith('/etc/grafana/provisioning/datasources/')) problems.push(`datasources.yml mounted at ${ds?.target}`);
    if (!prov?.target.startsWith('/etc/grafana/provisioning/dashboards/')) problems.push(`dashboards.yml mounted at ${prov?.target}`);
    if (!dash) problems.push(`charts/sentinel/files/dashboard.json is not mounted (mounts: ${mounts.map((m) => m.source).join(', ')})`);
    const providers = parse(readFileSync(join(ROOT, 'docker/observability/grafana/dashboards.yml'), 'utf8')).providers ?? [];
    if (dash && !providers.some((p) => p.type === 'file' && dash.target.startsWith(`${p.options?.path?.replace(/\/$/, '')}/`)))
      problems.push(`the dashboard is mounted at ${dash.target}, outside every provider's path (${providers.map((p) => p.options?.path)})`);
    // The chart's ConfigMap carries the same file.
    if (!readFileSync(join(CHART, 'templates', 'dashboard.yaml'), 'utf8').includes('.Files.Get "files/dashboard.json"'))
      problems.push("the chart's dashboard ConfigMap no longer reads files/dashboard.json");
    const sources = parse(readFileSync(join(ROOT, 'docker/observability/grafana/datasources.yml'), 'utf8')).datasources ?? [];
    const want = dashboard.templating.list.find((t) => t.type === 'datasource')?.query;
    const prom = sources.find((s) => s.type === want);
    if (!prom) problems.push(`no datasource of type ${want} (the dashboard's datasource variable)`);
    else {
      const u = new URL(prom.url);
      if (!cfg.services[u.hostname] || !listening(cfg.services[u.hostname]).has(u.port))
        problems.push(`datasource ${prom.name}: ${prom.url} is not a compose service port`);
      if (!prom.isDefault) problems.push(`datasource ${prom.name} is not the default (the dashboard's variable picks the default)`);
    }
    return problems;
  });

  await check('tracing: off unless OTEL_EXPORTER_OTLP_ENDPOINT is set; set to http://jaeger:4318, every Sentinel service sends its traces to Jaeger', () => {
    const problems = [];
    const jaeger = cfg.services.jaeger;
    for (const port of ['4317', '4318']) if (!listening(jaeger).has(port)) problems.push(`jaeger does not listen on OTLP port ${port}`);
    const loaders = { api: platform.loadConfig, worker: platform.loadWorkerConfig, scheduler: platform.loadSchedulerConfig };
    const endpoint = 'http://jaeger:4318';
    const on = resolvedCompose(ROOT, { env: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint } });
    for (const [name, load] of Object.entries(loaders)) {
      const off = cfg.services[name].environment ?? {};
      if (!('OTEL_EXPORTER_OTLP_ENDPOINT' in off)) problems.push(`${name}: no OTEL_EXPORTER_OTLP_ENDPOINT in its environment`);
      if (off.OTEL_EXPORTER_OTLP_ENDPOINT) problems.push(`${name}: OTEL_EXPORTER_OTLP_ENDPOINT defaults to ${off.OTEL_EXPORTER_OTLP_ENDPOINT}, not empty`);
      try {
        if (load(off).tracingEnabled) problems.push(`${name}: tracing is on by default`);
        const env = on.services[name].environment ?? {};
        if (env.OTEL_EXPORTER_OTLP_ENDPOINT !== endpoint)
          problems.push(`${name}: OTEL_EXPORTER_OTLP_ENDPOINT is ${env.OTEL_EXPORTER_OTLP_ENDPOINT} when .env sets it`);
        else if (!load(env).tracingEnabled) problems.push(`${name}: tracing stays off with ${endpoint}`);
      } catch (err) {
        problems.push(`sentinel-${name} refuses its compose environment: ${err.message}`);
      }
    }
    const u = new URL(endpoint);
    if (!on.services[u.hostname] || !listening(on.services[u.hostname]).has(u.port)) problems.push(`${endpoint} is not a compose service port`);
    return problems;
  });
}
