#!/usr/bin/env node
// Checks of the Helm chart (charts/sentinel), run by .ci/run:
//   static  the chart's copies of the CRD and RBAC match their sources; helm lint --strict and
//           helm template for every values profile in charts/sentinel/ci/, with assertions on
//           the rendered objects (labels, pod hardening, probes, resources, hooks, entry);
//           the production profile's refusals; values vs .env.example; README lists every value;
//           kube-score and checkov with no findings beyond the exceptions explained below
//   skaffold skaffold.yaml against docker/Dockerfile and the chart, each profile rendered (skaffold.mjs)
//   compose  docker-compose.yml and its observability profile: docker-compose config, promtool, scrape
//           targets, Grafana provisioning and OTLP endpoint against the services (compose.mjs)
//   settings compose, the chart and .env.example name the same settings, judged by what the services'
//           own config loaders read and require (settings.mjs: the rules and the listed differences)
//   live    a real kube-apiserver (scripts/control-plane.ts): every profile accepted by
//           `kubectl apply --dry-run=server` (Gateway API CRDs applied first), then helm install,
//           upgrade with a changed value and uninstall, checking objects, CRD, RBAC (can-i) and
//           that generated secrets survive the upgrade.
// The last line is "N passed, N failed"; the exit code is non-zero when anything failed.
// Tools: scripts/k8s/build-control-plane.sh (helm, kubectl, kube-apiserver, etcd) and
// scripts/k8s/build-chart-tools.sh (kube-score, Gateway API CRDs), both cached in ~/.cache.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, stringify } from 'yaml';
import { LEAF_MAPS } from '../../scripts/k8s/chart-readme.mjs';
import { skaffoldChecks } from './skaffold.mjs';
import { composeChecks } from './compose.mjs';
import { settingsChecks } from './settings.mjs';

// The services' own configuration loaders (compiled by npm run build), to prove each rendered
// Deployment's environment is one its service starts with.
const platform = await import(new URL('../../packages/platform/dist/index.js', import.meta.url).href);
const SAMPLE_SECRETS = {
  DATABASE_URL: 'postgresql://sentinel_owner:Owner-0f3c9a71d2b84e6f@postgres:5432/sentinel',
  DATABASE_APP_URL: 'postgresql://sentinel_app:App-5d1e7b3a9c2f48d6@postgres:5432/sentinel',
  DATABASE_PLATFORM_URL: 'postgresql://sentinel_platform:Platform-8a4f2c6e1b9d37a0@postgres:5432/sentinel',
  REDIS_URL: 'redis://:Redis-2b7e9d4c1a6f83e5@redis:6379',
  JWT_SECRET: '7c1e9a4f2d8b6e3a0f5c9d2b7e4a1f8c6d3b0e9a',
  INVITATION_SECRET: '3f8a1d6c9e2b5f7a0d4c8e1b6a9f2d5c7e0b3a6d',
  SMTP_URL: 'smtp://mail.example.com:587',
};

/** The data of the ConfigMaps a container takes with envFrom. */
function configMapData(objs, container) {
  const names = new Set((container.envFrom ?? []).map((f) => f.configMapRef?.name).filter(Boolean));
  return Object.assign({}, ...objs.filter((o) => o.kind === 'ConfigMap' && names.has(o.metadata.name)).map((o) => o.data ?? {}));
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CHART = join(ROOT, 'charts', 'sentinel');
const CACHE = process.env.SENTINEL_K8S_CACHE || join(homedir(), '.cache', 'sentinel-k8s');
const BIN = join(CACHE, 'bin');
const HELM = join(BIN, 'helm-v4.1.4');
const KUBE_SCORE = join(BIN, 'kube-score-v1.20.0');
const GATEWAY_CRDS = join(CACHE, 'gateway-api-v1.6.3');
const CHECKOV = join(CACHE, 'checkov-v3.3.30', 'bin', 'checkov');
const PROM_CRDS = join(CACHE, 'prometheus-operator-v0.85.0');
const PROMTOOL = join(BIN, 'promtool-v0.316.0');
const PROFILES = readdirSync(join(CHART, 'ci'))
  .filter((f) => f.endsWith('-values.yaml'))
  .map((f) => ({ name: f.replace(/-values\.yaml$/, ''), file: join(CHART, 'ci', f) }));

/**
 * kube-score findings accepted on purpose, each with its reason (README.md repeats them).
 * Key: "<check id>" (any object) or "<check id> <Kind>/<name suffix>".
 */
const EXCEPTIONS = {
  // controller.replicas: 1 (values.yaml): only the Lease holder works; a second replica is a hot
  // standby, worth its memory in production (the production profile runs 2), not by default.
  'sentinel-controller apps/v1/Deployment: Deployment few replicas': 'controller.replicas=1 by default (leader election)',
};

/**
 * checkov findings accepted on purpose: [check id, resource pattern, profile pattern, reason].
 * values.yaml repeats each reason next to the value that causes it.
 */
const CHECKOV_EXCEPTIONS = [
  ['CKV_K8S_35', /./, /./, 'secrets as env: Sentinel reads its configuration only from the environment (config.ts); each container gets only its own keys'],
  ['CKV_K8S_38', /^Deployment\.[^.]+\.sentinel-controller$/, /./, 'the controller talks to the API server: the one ServiceAccount that mounts a token'],
  ['CKV_K8S_8', /^Pod\.[^.]+\.sentinel-test-health$/, /./, 'the helm test Pod runs once and exits: no liveness probe'],
  ['CKV_K8S_9', /^Pod\.[^.]+\.sentinel-test-health$/, /./, 'the helm test Pod runs once and exits: no readiness probe'],
  ['CKV_K8S_21', /^Role(Binding)?\.default\.sentinel-controller-events$/, /./, 'Events about cluster-scoped Tenants must be written in "default"'],
  ['CKV_K8S_43', /./, /^(minimal|gateway|observability|evaluation)$/, 'evaluation profiles use tags; the production profile pins every image by digest'],
];

let passed = 0;
let failed = 0;
const started = Date.now();
function record(name, ok, detail = '') {
  if (ok) passed++;
  else failed++;
  const t = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  console.log(`[chart ${t}s] ${ok ? 'ok  ' : 'FAIL'} ${name}${!ok && detail ? `\n${indent(detail)}` : ''}`);
}
const indent = (s) =>
  String(s)
    .trim()
    .split('\n')
    .slice(0, 40)
    .map((l) => `        ${l}`)
    .join('\n');
/** Runs fn; an exception is a failure with its message. */
async function check(name, fn) {
  try {
    const problems = (await fn()) ?? [];
    record(name, problems.length === 0, problems.join('\n'));
  } catch (err) {
    record(name, false, err instanceof Error ? err.message : String(err));
  }
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
  if (r.error) throw r.error;
  return { code: r.status ?? 1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}
function ok(cmd, args, opts = {}) {
  const r = run(cmd, args, opts);
  if (r.code !== 0) throw new Error(`${cmd.split('/').pop()} ${args.join(' ')} exited ${r.code}:\n${r.stderr || r.stdout}`);
  return r.stdout;
}
const docs = (text) =>
  parseAllDocuments(text)
    .map((d) => d.toJS())
    .filter((d) => d && d.kind);
const helmTemplate = (profile, extra = []) => docs(ok(HELM, ['template', 'sentinel', CHART, '--namespace', 'sentinel', '-f', profile.file, ...extra]));
const CLUSTER_SCOPED = new Set([
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'Namespace',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
]);
const byKind = (objs, kind) => objs.filter((o) => o.kind === kind);
const podSpec = (o) => (o.kind === 'Pod' ? o.spec : o.spec.template.spec);

// ---------------------------------------------------------------------------------------
// Static checks
// ---------------------------------------------------------------------------------------
async function staticChecks() {
  await check('chart crds/ and files/controller-rbac.yaml are identical to controllers/tenant/config (scripts/k8s/sync-chart.mjs --check)', () => {
    const r = run(process.execPath, [join(ROOT, 'scripts', 'k8s', 'sync-chart.mjs'), '--check']);
    return r.code === 0 ? [] : [r.stderr || r.stdout];
  });

  await check('the rendered controller RBAC grants exactly the rules of controllers/tenant/config/rbac/controller.yaml', () => {
    const source = docs(readFileSync(join(ROOT, 'controllers/tenant/config/rbac/controller.yaml'), 'utf8'));
    const rendered = helmTemplate(PROFILES.find((p) => p.name === 'minimal'));
    const problems = [];
    const pairs = [
      ['ClusterRole', (o) => o.kind === 'ClusterRole'],
      ['Role in the controller namespace', (o) => o.kind === 'Role' && o.metadata.namespace !== 'default'],
      ['Role in default (events)', (o) => o.kind === 'Role' && o.metadata.namespace === 'default'],
    ];
    for (const [what, pick] of pairs) {
      const a = source.filter(pick);
      const b = rendered.filter(pick);
      if (a.length !== 1 || b.length !== 1) problems.push(`${what}: ${a.length} in the source, ${b.length} rendered (expected 1 and 1)`);
      else if (JSON.stringify(a[0].rules) !== JSON.stringify(b[0].rules))
        problems.push(`${what}: rules differ\n source:   ${JSON.stringify(a[0].rules)}\n rendered: ${JSON.stringify(b[0].rules)}`);
    }
    const bindings = rendered.filter((o) => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding');
    if (bindings.length !== 3) problems.push(`expected 3 bindings, got ${bindings.length}`);
    for (const b of bindings)
      if (b.subjects.length !== 1 || b.subjects[0].name !== 'sentinel-controller' || b.subjects[0].namespace !== 'sentinel')
        problems.push(`${b.kind}/${b.metadata.name} binds ${JSON.stringify(b.subjects)}, not only the controller's ServiceAccount`);
    return problems;
  });

  await check('the rendered Tenant admission policy is controllers/tenant/config/admission/tenant-max-users.yaml under the release name', () => {
    const source = docs(readFileSync(join(ROOT, 'controllers/tenant/config/admission/tenant-max-users.yaml'), 'utf8'));
    const rendered = helmTemplate(PROFILES.find((p) => p.name === 'minimal'));
    const problems = [];
    const policy = (objs) => objs.filter((o) => o.kind === 'ValidatingAdmissionPolicy');
    const binding = (objs) => objs.filter((o) => o.kind === 'ValidatingAdmissionPolicyBinding');
    if (policy(rendered).length !== 1 || binding(rendered).length !== 1)
      return [`expected one policy and one binding, got ${policy(rendered).length} and ${binding(rendered).length}`];
    const [p, b] = [policy(rendered)[0], binding(rendered)[0]];
    // helm's toYaml sorts keys: compared with keys in one order.
    const canon = (v) =>
      Array.isArray(v)
        ? v.map(canon)
        : v && typeof v === 'object'
          ? Object.fromEntries(
              Object.keys(v)
                .sort()
                .map((k) => [k, canon(v[k])]),
            )
          : v;
    if (JSON.stringify(canon(p.spec)) !== JSON.stringify(canon(policy(source)[0].spec)))
      problems.push(`the policy's spec differs from the source:\n${JSON.stringify(p.spec)}`);
    if (b.spec.policyName !== p.metadata.name) problems.push(`the binding names policy ${b.spec.policyName}, not ${p.metadata.name}`);
    if (JSON.stringify(b.spec.validationActions) !== JSON.stringify(binding(source)[0].spec.validationActions))
      problems.push('the binding does not Deny as the source does');
    const gw = helmTemplate(PROFILES.find((x) => x.name === 'gateway'));
    if (policy(gw).length || binding(gw).length) problems.push('gateway profile (controller off) still renders the admission policy');
    return problems;
  });

  for (const p of PROFILES) {
    await check(`helm lint --strict (${p.name})`, () => {
      ok(HELM, ['lint', '--strict', CHART, '-f', p.file]);
    });
    await check(`helm template renders hardened, labelled objects (${p.name})`, () => renderedProblems(helmTemplate(p)));
  }

  await check('the profiles differ as intended (entry, HA, controller, secrets)', () => {
    const problems = [];
    const min = helmTemplate(PROFILES.find((p) => p.name === 'minimal'));
    const prod = helmTemplate(PROFILES.find((p) => p.name === 'production'));
    const gw = helmTemplate(PROFILES.find((p) => p.name === 'gateway'));
    const noWeb = helmTemplate(
      PROFILES.find((p) => p.name === 'minimal'),
      ['--set', 'web.enabled=false'],
    );
    const tiers = byKind(noWeb, 'Ingress').map((i) => i.metadata.name.split('-').pop());
    if (tiers.join() !== 'auth,api') problems.push(`web.enabled=false: Ingress tiers ${tiers} (expected auth,api)`);
    if (noWeb.some((o) => o.metadata.name.endsWith('-web'))) problems.push('web.enabled=false still renders web objects');
    const web = min;
    const webTiers = byKind(web, 'Ingress').map((i) => i.metadata.name.split('-').pop());
    if (webTiers.join() !== 'auth,api,session,web') problems.push(`minimal (web on by default): Ingress tiers ${webTiers}`);
    const rps = (objs, tier) =>
      Number(objs.find((i) => i.kind === 'Ingress' && i.metadata.name.endsWith(tier)).metadata.annotations['nginx.ingress.kubernetes.io/limit-rps']);
    if (!(rps(web, 'auth') < rps(web, 'api') && rps(web, 'api') < rps(web, 'web'))) problems.push('limit-rps must grow from auth to api to web');
    if (rps(web, 'session') > rps(web, 'auth')) problems.push("the session tier (the console's sign-in) must be as strict as the auth tier");
    for (const i of byKind(web, 'Ingress')) {
      for (const a of ['limit-rps', 'limit-burst-multiplier', 'limit-connections'])
        if (!i.metadata.annotations[`nginx.ingress.kubernetes.io/${a}`]) problems.push(`${i.metadata.name}: no ${a}`);
      if (Object.keys(i.metadata.annotations).some((a) => a.includes('snippet'))) problems.push(`${i.metadata.name}: a snippet annotation`);
      if (i.spec.ingressClassName !== 'nginx') problems.push(`${i.metadata.name}: ingressClassName ${i.spec.ingressClassName}`);
    }
    if (byKind(gw, 'Ingress').length || byKind(gw, 'HTTPRoute').length !== 1) problems.push('gateway: expected one HTTPRoute and no Ingress');
    if (byKind(gw, 'ClusterRole').length || gw.some((o) => o.metadata.name.endsWith('-controller')))
      problems.push('gateway profile (controller off) still renders controller objects');
    const cm = (objs) => byKind(objs, 'ConfigMap').find((c) => c.metadata.name.endsWith('-config')).data;
    if (cm(gw).TENANT_SOURCE !== 'api' || cm(min).TENANT_SOURCE !== 'kubernetes') problems.push('TENANT_SOURCE must follow controller.enabled');
    if (byKind(prod, 'Secret').length) problems.push('production renders a Secret (it must only use existingSecret)');
    const hpas = byKind(prod, 'HorizontalPodAutoscaler').map((h) => h.metadata.name.split('-').pop());
    if (hpas.sort().join() !== 'api,web,worker') problems.push(`production: HPAs ${hpas} (expected api, web and worker)`);
    const workerHpa = byKind(prod, 'HorizontalPodAutoscaler').find((h) => h.metadata.name.endsWith('worker'));
    if (!workerHpa?.spec.metrics.some((m) => m.type === 'External')) problems.push('production: the worker HPA has no queue-depth External metric');
    for (const d of byKind(prod, 'Deployment'))
      if (byKind(prod, 'HorizontalPodAutoscaler').some((h) => h.spec.scaleTargetRef.name === d.metadata.name) && d.spec.replicas !== undefined)
        problems.push(`${d.metadata.name}: replicas set although an HPA scales it`);
    const pdbs = byKind(prod, 'PodDisruptionBudget').map((x) => x.metadata.name.split('-').pop());
    if (pdbs.sort().join() !== 'api,controller,scheduler,web,worker') problems.push(`production PDBs: ${pdbs}`);
    const minPdbs = byKind(min, 'PodDisruptionBudget').map((x) => x.metadata.name.split('-').pop());
    if (minPdbs.sort().join() !== 'api,scheduler,web,worker') problems.push(`minimal PDBs (only replicas > 1): ${minPdbs}`);
    const ctl = byKind(prod, 'Deployment').find((d) => d.metadata.name.endsWith('controller')).spec.template.spec.containers[0];
    if (ctl.env.find((e) => e.name === 'NODE_OPTIONS')?.value !== '--max-old-space-size=512 --max-semi-space-size=4' || ctl.resources.limits.memory !== '768Mi')
      problems.push(
        `production controller (heapMiB 512): NODE_OPTIONS ${JSON.stringify(ctl.env.find((e) => e.name === 'NODE_OPTIONS'))}, limit ${ctl.resources.limits.memory}`,
      );
    if (!byKind(prod, 'NetworkPolicy').some((n) => n.metadata.name.endsWith('otlp'))) problems.push('production (otel.endpoint set): no OTLP egress policy');
    return problems;
  });

  await check(
    'the web console: `/` to the web and the API paths to the API (Ingress tiers and HTTPRoute), the Host passed on, SENTINEL_API_URL = the API Service',
    () => {
      const problems = [];
      const min = helmTemplate(PROFILES.find((p) => p.name === 'minimal'));
      const gw = helmTemplate(PROFILES.find((p) => p.name === 'gateway'));
      const svc = (objs, c) => byKind(objs, 'Service').find((x) => x.metadata.name === `sentinel-${c}`);
      // Ingress: each path of each tier, to the right Service by port name.
      const routes = byKind(min, 'Ingress').flatMap((i) =>
        i.spec.rules.flatMap((r) =>
          r.http.paths.map((p) => ({ tier: i.metadata.name.split('-').pop(), host: r.host, path: p.path, type: p.pathType, backend: p.backend.service })),
        ),
      );
      const to = (path) => routes.find((r) => r.path === path);
      for (const [path, service] of [
        ['/', 'web'],
        ['/session', 'web'],
        ['/api', 'api'],
        ['/api/v1/auth', 'api'],
        ['/docs', 'api'],
        ['/openapi.json', 'api'],
      ]) {
        const r = to(path);
        if (!r) problems.push(`Ingress: no path ${path}`);
        else if (r.backend.name !== `sentinel-${service}` || r.backend.port.name !== 'http' || r.type !== 'Prefix' || r.host !== 'sentinel.example.com')
          problems.push(`Ingress ${r.tier}: ${path} -> ${JSON.stringify(r.backend)} (${r.type}, host ${r.host}), expected sentinel-${service}:http`);
      }
      if (to('/')?.tier !== 'web') problems.push('`/` is not on the web tier (its own limits)');
      if (to('/session')?.tier !== 'session') problems.push("`/session` (the console's sign-in) is not on the session tier");
      if (to('/sign-in')?.tier !== 'session') problems.push("`/sign-in` (the sign-in page's form post) is not on the session tier");
      for (const c of ['api', 'web'])
        if (!svc(min, c)?.spec.ports.some((p) => p.name === 'http')) problems.push(`Service sentinel-${c} has no port named http`);
      // Nothing may rewrite the Host: the console's CSRF check compares Origin with it (X-Forwarded-Host).
      for (const i of byKind(min, 'Ingress'))
        for (const a of Object.keys(i.metadata.annotations ?? {}))
          if (/upstream-vhost|rewrite-target|x-forwarded-prefix|use-regex/.test(a)) problems.push(`${i.metadata.name}: ${a} changes what the backend sees`);
      // HTTPRoute: the API's prefixes to the API, `/` to the web, no Host rewrite on the web's rule.
      const route = byKind(gw, 'HTTPRoute')[0];
      const rules = (route?.spec.rules ?? []).map((r) => ({
        paths: r.matches.map((m) => m.path.value),
        to: r.backendRefs.map((b) => `${b.name}:${b.port}`),
        filters: r.filters ?? [],
      }));
      const rule = (path) => rules.find((r) => r.paths.includes(path));
      for (const [path, want] of [
        ['/api', 'sentinel-api:8000'],
        ['/api/v1/auth', 'sentinel-api:8000'],
        ['/docs', 'sentinel-api:8000'],
        ['/openapi.json', 'sentinel-api:8000'],
        ['/', 'sentinel-web:3000'],
      ])
        if (rule(path)?.to.join() !== want) problems.push(`HTTPRoute: ${path} -> ${rule(path)?.to} (expected ${want})`);
      if (rule('/')?.filters.some((f) => f.type === 'URLRewrite' || f.type === 'RequestHeaderModifier'))
        problems.push('HTTPRoute: the web rule rewrites the request');
      // The web Deployment: where the API is, its port, and nothing secret.
      const dep = byKind(min, 'Deployment').find((d) => d.metadata.name === 'sentinel-web');
      const c = dep?.spec.template.spec.containers[0];
      const env = Object.fromEntries((c?.env ?? []).map((e) => [e.name, e.value ?? e.valueFrom]));
      if (env.SENTINEL_API_URL !== 'http://sentinel-api:8000') problems.push(`web: SENTINEL_API_URL ${env.SENTINEL_API_URL} (expected the API Service)`);
      if (env.PORT !== '3000' || env.HOSTNAME !== '0.0.0.0') problems.push(`web: PORT ${env.PORT}, HOSTNAME ${env.HOSTNAME}`);
      if (c?.envFrom?.length || (c?.env ?? []).some((e) => e.valueFrom)) problems.push('web: takes the shared ConfigMap or a Secret (it reads neither)');
      if (!c?.volumeMounts?.some((m) => m.mountPath === '/app/web/.next/cache'))
        problems.push("web: no writable volume on Next's cache (/app/web/.next/cache)");
      if (c?.readinessProbe?.httpGet?.path !== '/ready' || c?.livenessProbe?.httpGet?.path !== '/health')
        problems.push('web: probes are not /ready and /health');
      const notes = ok(HELM, [
        'install',
        'sentinel',
        CHART,
        '--dry-run=client',
        '--namespace',
        'sentinel',
        '-f',
        PROFILES.find((x) => x.name === 'minimal').file,
      ]);
      if (!notes.slice(notes.indexOf('NOTES:')).includes('http://sentinel.example.com/')) problems.push('NOTES: no URL of the console');
      return problems;
    },
  );

  await check('NetworkPolicies of the web: it accepts the ingress controller only and reaches the API pods only; the API accepts the web', () => {
    const problems = [];
    const min = helmTemplate(PROFILES.find((p) => p.name === 'minimal'));
    const nps = byKind(min, 'NetworkPolicy');
    const selects = (np, component) => {
      const sel = np.spec.podSelector;
      if (sel.matchLabels?.['app.kubernetes.io/component']) return sel.matchLabels['app.kubernetes.io/component'] === component;
      const expr = sel.matchExpressions?.find((e) => e.key === 'app.kubernetes.io/component');
      return expr ? expr.values.includes(component) : Object.keys(sel.matchLabels ?? {}).length > 0; // the release-wide ones
    };
    const peerComponent = (peer) => peer.podSelector?.matchLabels?.['app.kubernetes.io/component'];
    const webIngress = nps.filter((n) => n.spec.policyTypes.includes('Ingress') && selects(n, 'web'));
    const webFrom = webIngress.flatMap((n) => (n.spec.ingress ?? []).flatMap((r) => r.from ?? []));
    const ingressFrom = JSON.stringify(parseAllDocuments(readFileSync(join(CHART, 'values.yaml'), 'utf8'))[0].toJS().networkPolicy.ingressFrom);
    if (!webIngress.some((n) => n.metadata.name.endsWith('-default-deny'))) problems.push('web: not under the default deny');
    const allowed = webIngress.filter((n) => n.spec.ingress?.length);
    if (allowed.length !== 1 || !allowed[0].metadata.name.endsWith('-entry'))
      problems.push(`web: ingress allowed by ${allowed.map((n) => n.metadata.name)} (expected the entry policy only)`);
    if (JSON.stringify(webFrom) !== ingressFrom)
      problems.push(`web: accepts ${JSON.stringify(webFrom)}, expected networkPolicy.ingressFrom only (${ingressFrom})`);
    if (webIngress.flatMap((n) => n.spec.ingress ?? []).some((r) => !r.ports?.every((p) => p.port === 'http')))
      problems.push('web: accepts ports other than http');
    const webEgress = nps.filter((n) => n.spec.policyTypes.includes('Egress') && selects(n, 'web') && n.spec.egress?.length);
    const egress = webEgress.map((n) => n.metadata.name.replace(/^sentinel-/, '')).sort();
    if (egress.join() !== 'dns,web') problems.push(`web: egress through ${egress} (expected dns and web)`);
    const own = nps.find((n) => n.metadata.name === 'sentinel-web');
    const rule = own?.spec.egress ?? [];
    if (rule.length !== 1 || rule[0].ports.map((p) => p.port).join() !== '8000' || rule[0].to.length !== 1 || peerComponent(rule[0].to[0]) !== 'api')
      problems.push(`web: egress ${JSON.stringify(rule)} (expected the api pods on 8000 only)`);
    const apiFrom = nps
      .filter((n) => n.spec.policyTypes.includes('Ingress') && selects(n, 'api'))
      .flatMap((n) => (n.spec.ingress ?? []).flatMap((r) => r.from ?? []));
    if (!apiFrom.some((p) => peerComponent(p) === 'web' && p.podSelector.matchLabels['app.kubernetes.io/instance'] === 'sentinel'))
      problems.push('the API does not accept the web');
    // No datastore, SMTP, API-server or OTLP egress, and no metrics port to scrape.
    for (const n of nps.filter((x) => /-(datastores|redis|smtp|kube-apiserver|otlp|metrics)$/.test(x.metadata.name)))
      if (selects(n, 'web')) problems.push(`web: selected by ${n.metadata.name}`);
    return problems;
  });

  await check('observability: ServiceMonitors for every component, the PrometheusRule and the dashboard only when enabled', () => {
    const problems = [];
    const obs = helmTemplate(PROFILES.find((p) => p.name === 'observability'));
    const min = helmTemplate(PROFILES.find((p) => p.name === 'minimal'));
    const sms = byKind(obs, 'ServiceMonitor').map((m) => m.metadata.name.split('-').pop());
    if (sms.sort().join() !== 'api,controller,scheduler,worker') problems.push(`ServiceMonitors: ${sms}`);
    for (const m of byKind(obs, 'ServiceMonitor')) {
      if (m.metadata.labels.release !== 'kube-prometheus-stack') problems.push(`${m.metadata.name}: extra labels missing`);
      const svc = byKind(obs, 'Service').find((x) => JSON.stringify(x.spec.selector) === JSON.stringify(m.spec.selector.matchLabels));
      if (!svc) problems.push(`${m.metadata.name} selects no Service`);
      else if (!svc.spec.ports.some((p) => p.name === m.spec.endpoints[0].port))
        problems.push(`${m.metadata.name}: port ${m.spec.endpoints[0].port} not on ${svc.metadata.name}`);
    }
    const alerts = byKind(obs, 'PrometheusRule').flatMap((r) => r.spec.groups.flatMap((g) => g.rules.map((x) => x.alert)));
    for (const a of [
      'SentinelApiErrorRate',
      'SentinelApiLatency',
      'SentinelQueueBacklog',
      'SentinelJobsFailing',
      'SentinelControllerReconcileErrors',
      'SentinelControllerDriftRepaired',
      'SentinelControllerWatchRestarts',
    ])
      if (!alerts.includes(a)) problems.push(`no alert ${a}`);
    const dash = byKind(obs, 'ConfigMap').find((c) => c.metadata.name.endsWith('-dashboard'));
    if (dash?.metadata.labels.grafana_dashboard !== '1') problems.push('no dashboard ConfigMap with the grafana_dashboard label');
    else if (JSON.parse(dash.data['sentinel.json']).panels.length < 8) problems.push('the dashboard has too few panels');
    if (min.some((o) => ['ServiceMonitor', 'PrometheusRule'].includes(o.kind) || o.metadata.name.endsWith('-dashboard')))
      problems.push('observability objects rendered while off');
    return problems;
  });

  await check('every metric the alert rules and the dashboard query is one the services define', () => {
    // The names the code registers (prom-client `name: '...'`); histograms also expose _bucket/_count/_sum.
    const sources = ['packages/platform/src', 'services/api/src', 'services/worker/src', 'services/scheduler/src', 'controllers/tenant/src'];
    const defined = new Set();
    const walkDir = (d) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const f = join(d, e.name);
        if (e.isDirectory()) {
          if (e.name !== 'generated' && e.name !== 'internal') walkDir(f);
        } else if (f.endsWith('.ts') && !f.endsWith('.test.ts'))
          for (const m of readFileSync(f, 'utf8').matchAll(/new (Counter|Gauge|Histogram|Summary)(?:<[^>]*>)?\(\{\s*name: '([a-z_:][a-z0-9_:]*)'/g)) {
            defined.add(m[2]);
            if (m[1] === 'Histogram' || m[1] === 'Summary') for (const suffix of ['_bucket', '_count', '_sum']) defined.add(m[2] + suffix);
          }
      }
    };
    for (const s of sources) walkDir(join(ROOT, s));
    const obs = helmTemplate(PROFILES.find((p) => p.name === 'observability'));
    const exprs = [
      ...byKind(obs, 'PrometheusRule').flatMap((r) => r.spec.groups.flatMap((g) => g.rules.map((x) => x.expr))),
      ...JSON.parse(byKind(obs, 'ConfigMap').find((c) => c.metadata.name.endsWith('-dashboard')).data['sentinel.json']).panels.flatMap((p) =>
        p.targets.map((t) => t.expr),
      ),
    ];
    const used = new Set(exprs.flatMap((e) => [...e.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\{/g)].map((m) => m[1])));
    const problems = [...used].filter((n) => !defined.has(n)).map((n) => `${n} is queried but no service defines it`);
    if (defined.size < 10 || used.size < 8) problems.push(`found ${defined.size} defined and ${used.size} used metrics: the check reads the wrong files`);
    return problems;
  });

  await check('NOTES.txt tells how to reach the API and apply a first Tenant (only when the controller runs)', () => {
    const notes = (p) => {
      const out = ok(HELM, ['install', 'sentinel', CHART, '--dry-run=client', '--namespace', 'sentinel', '-f', PROFILES.find((x) => x.name === p).file]);
      return out.slice(out.indexOf('NOTES:'));
    };
    const problems = [];
    const min = notes('minimal');
    const gw = notes('gateway');
    for (const want of [
      'port-forward svc/sentinel-api',
      '/api/v1/health',
      'kind: Tenant',
      'helm test sentinel',
      'The web console',
      'port-forward svc/sentinel-web',
    ])
      if (!min.includes(want)) problems.push(`minimal NOTES lack ${want}`);
    if (gw.includes('kind: Tenant') || !gw.includes('HTTPRoute')) problems.push('gateway NOTES (controller off, HTTPRoute) are wrong');
    return problems;
  });

  await check('the alert rules pass promtool check rules and the unit tests of tests/chart/alerts.test.yaml fire each alert', () => {
    if (!existsSync(PROMTOOL)) return [`${PROMTOOL} is missing: run scripts/k8s/build-chart-tools.sh`];
    const rule = byKind(helmTemplate(PROFILES.find((p) => p.name === 'observability')), 'PrometheusRule')[0];
    const dir = mkdtempSync(join(tmpdir(), 'sentinel-promtool-'));
    try {
      writeFileSync(join(dir, 'rules.yaml'), stringify({ groups: rule.spec.groups }));
      writeFileSync(join(dir, 'alerts.test.yaml'), readFileSync(join(ROOT, 'tests', 'chart', 'alerts.test.yaml')));
      const problems = [];
      const c = run(PROMTOOL, ['check', 'rules', join(dir, 'rules.yaml')]);
      if (c.code !== 0) problems.push(`promtool check rules: ${c.stdout}${c.stderr}`);
      const t = run(PROMTOOL, ['test', 'rules', 'alerts.test.yaml'], { cwd: dir });
      if (t.code !== 0) problems.push(`promtool test rules: ${t.stdout}${t.stderr}`);
      // Every alert of the rule has a test that makes it fire.
      const tests = readFileSync(join(ROOT, 'tests', 'chart', 'alerts.test.yaml'), 'utf8');
      for (const a of rule.spec.groups.flatMap((g) => g.rules.map((r) => r.alert)))
        if (!new RegExp(`alertname: ${a}\\n\\s+exp_alerts:\\n\\s+- exp_labels`).test(tests)) problems.push(`no test makes ${a} fire`);
      return problems;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  await check('evaluation databases: hooks between the Secret and the migration, URLs pointing at them, Redis with appendfsync always', () => {
    const problems = [];
    const ev = helmTemplate(PROFILES.find((p) => p.name === 'evaluation'));
    const weight = (o) => Number(o.metadata.annotations?.['helm.sh/hook-weight']);
    const sts = byKind(ev, 'StatefulSet');
    if (sts.length !== 2) problems.push(`${sts.length} StatefulSets`);
    const secret = byKind(ev, 'Secret')[0];
    const job = byKind(ev, 'Job')[0];
    for (const o of sts)
      if (!(weight(secret) < weight(o) && weight(o) < weight(job)))
        problems.push(`${o.metadata.name}: hook weight ${weight(o)} not between the Secret and the Job`);
    const data = Object.fromEntries(Object.entries(secret.data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
    if (!data.OWNER_PASSWORD || !data.DATABASE_URL.includes(`:${encodeURIComponent(data.OWNER_PASSWORD)}@sentinel-postgresql:5432/`))
      problems.push(`DATABASE_URL ${data.DATABASE_URL}`);
    if (data.REDIS_URL !== 'redis://sentinel-redis:6379') problems.push(`REDIS_URL ${data.REDIS_URL}`);
    const redisArgs = sts.find((o) => o.metadata.name.endsWith('redis')).spec.template.spec.containers[0].args.join(' ');
    if (!redisArgs.includes('--appendonly yes --appendfsync always')) problems.push(`redis args: ${redisArgs}`);
    if (!job.spec.template.spec.initContainers?.length) problems.push('the migration does not wait for the evaluation PostgreSQL');
    if (helmTemplate(PROFILES.find((p) => p.name === 'minimal')).some((o) => o.kind === 'StatefulSet'))
      problems.push('StatefulSets rendered while evaluation is off');
    return problems;
  });

  await check('a Redis Cluster (secrets.redisCluster): every service reads REDIS_CLUSTER_NODES and none REDIS_URL, and accepts its environment', () => {
    const problems = [];
    const nodes = 'redis-0.redis:6379,redis-1.redis:6379,redis-2.redis:6379';
    const objs = helmTemplate(
      PROFILES.find((p) => p.name === 'minimal'),
      ['--set', 'secrets.redisCluster=true', '--set', `secrets.redisClusterNodes=${nodes.replaceAll(',', '\\,')}`],
    );
    const secret = byKind(objs, 'Secret')[0];
    const data = Object.fromEntries(Object.entries(secret?.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
    if (data.REDIS_CLUSTER_NODES !== nodes || 'REDIS_URL' in data)
      problems.push(`generated Secret: REDIS_CLUSTER_NODES ${data.REDIS_CLUSTER_NODES}, REDIS_URL ${data.REDIS_URL}`);
    const readers = {
      api: platform.loadConfig,
      worker: platform.loadWorkerConfig,
      scheduler: platform.loadSchedulerConfig,
      controller: platform.loadControllerConfig,
    };
    for (const [component, loader] of Object.entries(readers)) {
      const d = byKind(objs, 'Deployment').find((o) => o.metadata.name.endsWith(`-${component}`));
      const c = d?.spec.template.spec.containers[0];
      if (!c) {
        problems.push(`no ${component} Deployment`);
        continue;
      }
      const refs = (c.env ?? []).filter((e) => e.valueFrom?.secretKeyRef).map((e) => e.name);
      if (!refs.includes('REDIS_CLUSTER_NODES') || refs.includes('REDIS_URL')) problems.push(`${component}: secrets ${refs}`);
      const env = { ...configMapData(objs, c) };
      for (const e of c.env ?? []) env[e.name] = e.valueFrom?.secretKeyRef ? (e.name === 'REDIS_CLUSTER_NODES' ? nodes : SAMPLE_SECRETS[e.name]) : e.value;
      try {
        loader(env);
      } catch (err) {
        problems.push(`${component} would refuse its environment: ${err.message}`);
      }
    }
    return problems;
  });

  const refusals = [
    [
      'evaluation databases in production',
      ['--set', 'production=true', '--set', 'secrets.existingSecret=s', '--set', 'evaluation.postgresql.enabled=true'],
      /evaluation only/,
    ],
    ['production without existingSecret', ['--set', 'production=true'], /production=true needs secrets.existingSecret/],
    ['no secret source at all', [], /set secrets.existingSecret .* or secrets.ownerPassword/],
    ['NODE_ENV=production without SMTP (the worker would not start)', ['--set', 'secrets.ownerPassword=x'], /secrets.smtpUrl is empty/],
    [
      'controller heap under 256 MiB',
      ['--set', 'secrets.ownerPassword=x', '--set', 'secrets.smtpUrl=smtp://m:25', '--set', 'controller.heapMiB=192'],
      /heapMiB.*256/,
    ],
    [
      'a secret in config',
      ['--set', 'secrets.ownerPassword=x', '--set', 'secrets.smtpUrl=smtp://m:25', '--set', 'config.JWT_SECRET=abc'],
      /config\.JWT_SECRET: a secret does not belong in values/,
    ],
    [
      'a chart-managed port in env',
      ['--set', 'secrets.ownerPassword=x', '--set', 'secrets.smtpUrl=smtp://m:25', '--set', 'api.env.PORT=1'],
      /api\.env\.PORT: set by the chart/,
    ],
    [
      'a snippet annotation',
      [
        '--set',
        'secrets.ownerPassword=x',
        '--set',
        'secrets.smtpUrl=smtp://m:25',
        '--set',
        'ingress.annotations.nginx\\.ingress\\.kubernetes\\.io/configuration-snippet=x',
      ],
      /snippet/,
    ],
    [
      'a Redis Cluster without its nodes',
      ['--set', 'secrets.ownerPassword=x', '--set', 'secrets.smtpUrl=smtp://m:25', '--set', 'secrets.redisCluster=true'],
      /redisClusterNodes/,
    ],
    [
      'REDIS_CLUSTER_NODES in config (a credential)',
      ['--set', 'secrets.ownerPassword=x', '--set', 'secrets.smtpUrl=smtp://m:25', '--set', 'config.REDIS_CLUSTER_NODES=a:1'],
      /config\.REDIS_CLUSTER_NODES: a secret/,
    ],
    ['the image tag latest', ['--set', 'secrets.ownerPassword=x', '--set', 'secrets.smtpUrl=smtp://m:25', '--set', 'image.tag=latest'], /tag/],
    [
      'an unknown entry type',
      ['--set', 'secrets.ownerPassword=x', '--set', 'secrets.smtpUrl=smtp://m:25', '--set', 'entry.type=traefik'],
      /entry\/type|ingress.*gatewayAPI/,
    ],
    ['an unknown value', ['--set', 'secrets.ownerPassword=x', '--set', 'secrets.smtpUrl=smtp://m:25', '--set', 'api.replica=3'], /replica/],
  ];
  for (const [what, args, expected] of refusals)
    await check(`refuses to render: ${what}`, () => {
      const r = run(HELM, ['template', 'sentinel', CHART, ...args]);
      if (r.code === 0) return ['rendered without error'];
      return expected.test(r.stderr) ? [] : [`unexpected message: ${r.stderr}`];
    });

  await check('every setting the chart passes to the services is named in .env.example', () => {
    const documented = new Set([...readFileSync(join(ROOT, '.env.example'), 'utf8').matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    const objs = helmTemplate(PROFILES.find((p) => p.name === 'production'));
    const names = new Set();
    for (const c of byKind(objs, 'ConfigMap').filter((x) => x.metadata.name.endsWith('-config'))) Object.keys(c.data).forEach((k) => names.add(k));
    for (const o of [...byKind(objs, 'Deployment'), ...byKind(objs, 'Job')]) for (const e of podSpec(o).containers[0].env ?? []) names.add(e.name);
    // Node's own variable (the controller's heap), and the address Next's standalone server (web) listens on: not Sentinel's.
    const notEnv = new Set(['NODE_OPTIONS', 'HOSTNAME']);
    const missing = [...names].filter((n) => !documented.has(n) && !notEnv.has(n));
    if (names.size < 15) missing.push(`only ${names.size} settings found: the check looks at the wrong objects`);
    return missing.map((n) => `${n} is set by the chart but not documented in .env.example`);
  });

  await check('the values table of charts/sentinel/README.md is generated from values.yaml and up to date (scripts/k8s/chart-readme.mjs --check)', () => {
    const r = run(process.execPath, [join(ROOT, 'scripts', 'k8s', 'chart-readme.mjs'), '--check']);
    return r.code === 0 ? [] : [r.stderr || r.stdout];
  });

  await check('charts/sentinel/README.md describes every key of values.yaml', () => {
    const values = docs(readFileSync(join(CHART, 'values.yaml'), 'utf8'))[0] ?? parseAllDocuments(readFileSync(join(CHART, 'values.yaml'), 'utf8'))[0].toJS();
    const readme = readFileSync(join(CHART, 'README.md'), 'utf8');
    const keys = [];
    const walk = (o, prefix) => {
      for (const [k, v] of Object.entries(o)) {
        const path = prefix ? `${prefix}.${k}` : k;
        keys.push(path);
        // Maps of user-chosen keys (env names, resource quantities, headers) are listed by their parent.
        if (v && typeof v === 'object' && !Array.isArray(v) && !LEAF_MAPS.has(k)) walk(v, path);
      }
    };
    walk(values, '');
    const missing = keys.filter((k) => !readme.includes(`\`${k}\``));
    if (keys.length < 50) missing.push(`only ${keys.length} keys found in values.yaml`);
    return missing.map((k) => `\`${k}\` is not in README.md`);
  });

  for (const p of PROFILES)
    await check(`kube-score: no findings beyond the explained exceptions (${p.name})`, () => {
      if (!existsSync(KUBE_SCORE)) return [`${KUBE_SCORE} is missing: run scripts/k8s/build-chart-tools.sh`];
      const manifest = ok(HELM, ['template', 'sentinel', CHART, '--namespace', 'sentinel', '-f', p.file]);
      const r = run(KUBE_SCORE, ['score', '--output-format', 'ci', '--enable-optional-test', 'container-seccomp-profile', '-'], { input: manifest });
      const findings = r.stdout
        .split('\n')
        .filter((l) => /^\[(CRITICAL|WARNING)\]/.test(l))
        .filter((l) => !Object.keys(EXCEPTIONS).some((k) => l.includes(k)));
      if (r.code !== 0 && findings.length === 0 && !/^\[(CRITICAL|WARNING)\]/m.test(r.stdout)) return [`kube-score exited ${r.code}: ${r.stderr}`];
      return findings;
    });
}

async function checkovChecks() {
  for (const p of PROFILES)
    await check(`checkov: no findings beyond the explained exceptions (${p.name})`, () => {
      if (!existsSync(CHECKOV)) return [`${CHECKOV} is missing: run scripts/k8s/build-chart-tools.sh`];
      const dir = mkdtempSync(join(tmpdir(), 'sentinel-checkov-'));
      try {
        // Namespaced as helm install would (checkov's CKV_K8S_21 reads metadata.namespace).
        const objs = helmTemplate(p).map((o) =>
          CLUSTER_SCOPED.has(o.kind) || o.metadata.namespace ? o : { ...o, metadata: { ...o.metadata, namespace: 'sentinel' } },
        );
        writeFileSync(join(dir, `${p.name}.yaml`), objs.map((o) => stringify(o, { version: '1.1' })).join('---\n'));
        const r = run(CHECKOV, ['-d', dir, '--framework', 'kubernetes', '-o', 'json', '--skip-download']);
        let results;
        try {
          results = [JSON.parse(r.stdout)].flat();
        } catch {
          return [`checkov exited ${r.code} without JSON: ${r.stderr.slice(0, 2000)}`];
        }
        const failedChecks = results.flatMap((x) => x.results?.failed_checks ?? []);
        const passedChecks = results.flatMap((x) => x.results?.passed_checks ?? []);
        const problems = failedChecks
          .filter((f) => !CHECKOV_EXCEPTIONS.some(([id, res, prof]) => f.check_id === id && res.test(f.resource) && prof.test(p.name)))
          .map((f) => `${f.check_id} ${f.resource}: ${f.check_name}`);
        if (passedChecks.length < 100) problems.push(`only ${passedChecks.length} checks passed: checkov read the wrong files`);
        return problems;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
}

/** What every profile's rendered objects must satisfy. */
function renderedProblems(objs) {
  const problems = [];
  const need = (cond, msg) => cond || problems.push(msg);
  for (const o of objs) {
    const l = o.metadata.labels ?? {};
    for (const k of ['helm.sh/chart', 'app.kubernetes.io/name', 'app.kubernetes.io/instance', 'app.kubernetes.io/version', 'app.kubernetes.io/managed-by'])
      need(l[k], `${o.kind}/${o.metadata.name}: no ${k} label`);
  }
  const workloads = [...byKind(objs, 'Deployment'), ...byKind(objs, 'Job'), ...byKind(objs, 'Pod')];
  need(byKind(objs, 'Deployment').length >= 3, 'fewer than 3 Deployments');
  for (const w of workloads) {
    const name = `${w.kind}/${w.metadata.name}`;
    const spec = podSpec(w);
    const component = w.metadata.labels['app.kubernetes.io/component'];
    const psc = spec.securityContext ?? {};
    need(
      psc.runAsNonRoot === true && psc.runAsUser === 10001 && psc.seccompProfile?.type === 'RuntimeDefault',
      `${name}: pod securityContext ${JSON.stringify(psc)}`,
    );
    need(spec.automountServiceAccountToken === (component === 'controller'), `${name}: automountServiceAccountToken ${spec.automountServiceAccountToken}`);
    for (const c of spec.containers) {
      const sc = c.securityContext ?? {};
      need(
        sc.readOnlyRootFilesystem === true && sc.allowPrivilegeEscalation === false && sc.capabilities?.drop?.includes('ALL') && sc.runAsNonRoot === true,
        `${name}: container securityContext ${JSON.stringify(sc)}`,
      );
      for (const r of ['cpu', 'memory']) need(c.resources?.requests?.[r] && c.resources?.limits?.[r], `${name}: no ${r} request/limit`);
      need(!/:latest$/.test(c.image) && /:[\w.-]+$/.test(c.image), `${name}: image ${c.image} has no fixed tag`);
      if (w.kind === 'Deployment') {
        const port = c.ports[0].containerPort;
        const expected = component === 'api' ? ['/api/v1/health', '/api/v1/ready'] : ['/health', '/ready'];
        need(c.startupProbe?.httpGet?.path === expected[0], `${name}: startupProbe ${JSON.stringify(c.startupProbe)}`);
        need(c.livenessProbe?.httpGet?.path === expected[0], `${name}: livenessProbe ${JSON.stringify(c.livenessProbe)}`);
        need(c.readinessProbe?.httpGet?.path === expected[1], `${name}: readinessProbe ${JSON.stringify(c.readinessProbe)}`);
        const ports = { api: 8000, worker: 9101, scheduler: 9102, controller: 9103, web: 3000 };
        need(port === ports[component], `${name}: port ${port}, the service listens on ${ports[component]}`);
        need(
          c.volumeMounts?.some((m) => m.mountPath === '/tmp') && spec.volumes?.every((v) => v.emptyDir),
          `${name}: /tmp must be an emptyDir (and the only volumes emptyDirs)`,
        );
        need(
          spec.topologySpreadConstraints?.some((t) => t.topologyKey === 'kubernetes.io/hostname') &&
            spec.topologySpreadConstraints?.some((t) => t.topologyKey === 'topology.kubernetes.io/zone'),
          `${name}: no topology spread over nodes and zones`,
        );
      }
      if (component === 'controller') {
        const heap = Number(/--max-old-space-size=(\d+)/.exec(c.env.find((e) => e.name === 'NODE_OPTIONS')?.value ?? '')?.[1]);
        const limit = Number(/^(\d+)Mi$/.exec(c.resources.limits.memory)?.[1]);
        need(
          heap >= 256 && limit > heap && c.resources.requests.memory === c.resources.limits.memory,
          `${name}: heap ${heap} MiB, memory limit ${c.resources.limits.memory}`,
        );
      }
      if (['api', 'worker', 'scheduler'].includes(component)) {
        // V8 sizes its default heap from the node's memory, not the pod's limit: each Node service
        // gets a heap that leaves room under its limit for code and buffers.
        const heap = Number(/--max-old-space-size=(\d+)/.exec(c.env.find((e) => e.name === 'NODE_OPTIONS')?.value ?? '')?.[1]);
        const limit = Number(/^(\d+)Mi$/.exec(c.resources.limits.memory)?.[1]);
        need(heap > 0 && limit - heap >= 96, `${name}: heap ${heap} MiB under a memory limit of ${c.resources.limits.memory}`);
      }
      const secretRefs = (c.env ?? []).filter((e) => e.valueFrom?.secretKeyRef).map((e) => e.name);
      const expectedSecrets = {
        // The API's DATABASE_READ_URL is optional (present when the Secret has a replica's URL).
        // So are API_KEY_PEPPER, MFA_ENCRYPTION_KEY, WEBHOOK_ENCRYPTION_KEY and SSO_ENCRYPTION_KEY (an existingSecret may lack them: keys, MFA, webhooks and SSO are then refused).
        api: [
          'DATABASE_APP_URL',
          'DATABASE_PLATFORM_URL',
          'DATABASE_READ_URL',
          'REDIS_URL',
          'JWT_SECRET',
          'INVITATION_SECRET',
          'API_KEY_PEPPER',
          'MFA_ENCRYPTION_KEY',
          'WEBHOOK_ENCRYPTION_KEY',
          'SSO_ENCRYPTION_KEY',
        ],
        // The worker opens webhook secrets with the API's key (optional too: webhooks are then refused).
        worker: ['DATABASE_APP_URL', 'DATABASE_PLATFORM_URL', 'REDIS_URL', 'INVITATION_SECRET', 'SMTP_URL', 'WEBHOOK_ENCRYPTION_KEY'],
        scheduler: ['DATABASE_PLATFORM_URL', 'REDIS_URL'],
        controller: ['DATABASE_URL', 'DATABASE_PLATFORM_URL', 'REDIS_URL'],
        migrate: ['DATABASE_URL', 'DATABASE_APP_URL', 'DATABASE_PLATFORM_URL'],
        web: [],
        test: [],
      }[component];
      need(expectedSecrets && secretRefs.sort().join() === [...expectedSecrets].sort().join(), `${name}: secrets ${secretRefs} (expected ${expectedSecrets})`);
      // The container's whole environment (ConfigMap + env, secrets as plausible values) must be
      // one the service's own configuration loader accepts: a service refuses (exit 78) any
      // credential it does not use, so a chart that hands out too much would not start.
      const loader = {
        api: platform.loadConfig,
        worker: platform.loadWorkerConfig,
        scheduler: platform.loadSchedulerConfig,
        controller: platform.loadControllerConfig,
      }[component];
      if (loader && w.kind === 'Deployment') {
        const env = { ...configMapData(objs, c) };
        for (const e of c.env ?? []) env[e.name] = e.valueFrom?.secretKeyRef ? SAMPLE_SECRETS[e.name] : e.value;
        try {
          loader(env);
        } catch (err) {
          need(false, `${name}: sentinel-${component} would refuse its environment: ${err.message}`);
        }
      }
    }
  }
  const job = byKind(objs, 'Job')[0];
  need(job, 'no migration Job');
  if (job) {
    const a = job.metadata.annotations ?? {};
    need(a['helm.sh/hook'] === 'pre-install,pre-upgrade', `Job hook ${a['helm.sh/hook']}`);
    need(job.spec.ttlSecondsAfterFinished > 0 && job.spec.backoffLimit >= 1, 'Job without ttlSecondsAfterFinished/backoffLimit');
    need(/\/migrate[:@]/.test(job.spec.template.spec.containers[0].image), 'the Job does not run the migrate image');
    const secret = byKind(objs, 'Secret')[0];
    if (secret)
      need(
        Number(secret.metadata.annotations['helm.sh/hook-weight']) < Number(a['helm.sh/hook-weight'] ?? 0),
        'the generated Secret must be created before the Job',
      );
  }
  const testPod = byKind(objs, 'Pod').find((p) => p.metadata.annotations?.['helm.sh/hook'] === 'test');
  need(testPod && /\/api\/v1\/health/.test(testPod.spec.containers[0].command.join(' ')), 'no helm test Pod calling /api/v1/health');
  for (const sa of byKind(objs, 'ServiceAccount'))
    need(
      sa.automountServiceAccountToken === sa.metadata.name.endsWith('-controller'),
      `ServiceAccount/${sa.metadata.name}: automount ${sa.automountServiceAccountToken}`,
    );
  const nps = byKind(objs, 'NetworkPolicy');
  const deny = nps.find((n) => n.metadata.name.endsWith('default-deny'));
  need(deny && !deny.spec.ingress && !deny.spec.egress && deny.spec.policyTypes.join() === 'Ingress,Egress', 'no default-deny NetworkPolicy');
  const egressPorts = (suffix) => (nps.find((n) => n.metadata.name.endsWith(suffix))?.spec.egress ?? []).flatMap((e) => e.ports.map((p) => p.port));
  need(egressPorts('datastores').includes(5432) && egressPorts('redis').includes(6379), 'no egress to PostgreSQL and Redis');
  need(egressPorts('dns').includes(53), 'no DNS egress');
  const hasController = byKind(objs, 'Deployment').some((d) => d.metadata.name.endsWith('-controller'));
  need(hasController === egressPorts('kube-apiserver').includes(443), 'the kube-apiserver egress must exist exactly when the controller runs');
  const entry = nps.find((n) => n.metadata.name.endsWith('-entry'));
  need(entry?.spec.podSelector.matchExpressions[0].values.includes('api'), 'no ingress policy for the API');
  return problems;
}

// ---------------------------------------------------------------------------------------
// Live checks on a real kube-apiserver
// ---------------------------------------------------------------------------------------
async function liveChecks() {
  const cpModule = join(ROOT, 'scripts', 'dist', 'control-plane.js');
  if (!existsSync(cpModule)) ok('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const { startControlPlane, controlPlaneBinaries } = await import(cpModule);
  const kubectlBin = controlPlaneBinaries().kubectl;
  let cp;
  await check('a local kube-apiserver starts (scripts/control-plane.ts)', async () => {
    cp = await startControlPlane();
  });
  if (!cp) return;
  const env = { ...process.env, KUBECONFIG: cp.kubeconfig };
  const kubectl = (args, input) => run(kubectlBin, ['--kubeconfig', cp.kubeconfig, ...args], input === undefined ? {} : { input });
  const kubectlOk = (args, input) => {
    const r = kubectl(args, input);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return r.stdout;
  };
  const helm = (args) => run(HELM, args, { env });
  try {
    await check('the Gateway API CRDs, the Prometheus Operator CRDs (ServiceMonitor, PrometheusRule) and the chart CRD are established', () => {
      for (const dir of [GATEWAY_CRDS, PROM_CRDS]) if (!existsSync(dir)) return [`${dir} is missing: run scripts/k8s/build-chart-tools.sh`];
      kubectlOk(['apply', '--server-side', '-f', GATEWAY_CRDS]);
      kubectlOk(['apply', '--server-side', '-f', PROM_CRDS]);
      kubectlOk(['apply', '-f', join(CHART, 'crds')]);
      kubectlOk([
        'wait',
        '--for=condition=Established',
        '--timeout=60s',
        'crd/httproutes.gateway.networking.k8s.io',
        'crd/servicemonitors.monitoring.coreos.com',
        'crd/prometheusrules.monitoring.coreos.com',
        'crd/tenants.sentinel.io',
      ]);
    });

    for (const p of PROFILES)
      await check(`kubectl apply --dry-run=server accepts every object (${p.name})`, () => {
        const ns = `dry-${p.name}`;
        kubectlOk(['create', 'namespace', ns]);
        // helm template leaves most objects without a namespace (helm install fills it in); the
        // controller's events Role names "default" itself.
        const objs = helmTemplate(p, ['--namespace', ns]).map((o) =>
          CLUSTER_SCOPED.has(o.kind) || o.metadata.namespace ? o : { ...o, metadata: { ...o.metadata, namespace: ns } },
        );
        const manifest = objs.map((o) => stringify(o, { version: '1.1' })).join('---\n');
        const out = kubectlOk(['apply', '--dry-run=server', '-f', '-'], manifest);
        const applied = out.split('\n').filter((l) => / (created|configured|unchanged) \(server dry run\)/.test(l)).length;
        const expected = docs(manifest).length;
        return applied === expected ? [] : [`${applied} of ${expected} objects accepted:\n${out}`];
      });

    await installUpgradeUninstall(cp, kubectl, kubectlOk, helm);
  } finally {
    await cp.stop();
  }
}

/**
 * helm install / upgrade / uninstall on the control plane. It runs no Pods, so nothing would ever
 * finish the migration Job helm waits for: this plays the Job controller, marking the Job Complete
 * (after checking that the generated Secret exists and no Deployment does yet: hook order).
 */
async function installUpgradeUninstall(cp, kubectl, kubectlOk, helm) {
  const ns = 'sentinel-live';
  const rel = 'sentinel';
  const minimal = PROFILES.find((p) => p.name === 'minimal');
  kubectlOk(['create', 'namespace', ns]);

  const withJobController = async (args) => {
    const child = spawn(HELM, args, { env: { ...process.env, KUBECONFIG: cp.kubeconfig } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const done = new Promise((r) => child.on('exit', (code) => r(code)));
    let exited = false;
    void done.then(() => (exited = true));
    const order = [];
    let completed = false;
    const deadline = Date.now() + 120_000;
    while (!exited && Date.now() < deadline) {
      const job = kubectl(['-n', ns, 'get', 'job', `${rel}-migrate`, '-o', 'json']);
      if (job.code === 0 && !completed) {
        const j = JSON.parse(job.stdout);
        if (!j.status?.conditions?.length) {
          const secret = kubectl(['-n', ns, 'get', 'secret', `${rel}-secrets`]).code === 0;
          const deployments = kubectl(['-n', ns, 'get', 'deployments', '-o', 'name']).stdout.trim();
          order.push({ secret, deployments });
          const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
          const status = {
            status: {
              startTime: now,
              completionTime: now,
              succeeded: 1,
              conditions: [
                {
                  type: 'SuccessCriteriaMet',
                  status: 'True',
                  lastTransitionTime: now,
                  lastProbeTime: now,
                  reason: 'CompletionsReached',
                  message: 'Reached expected number of succeeded pods',
                },
                {
                  type: 'Complete',
                  status: 'True',
                  lastTransitionTime: now,
                  lastProbeTime: now,
                  reason: 'CompletionsReached',
                  message: 'Reached expected number of succeeded pods',
                },
              ],
            },
          };
          const r = kubectl(['-n', ns, 'patch', 'job', `${rel}-migrate`, '--subresource=status', '--type=merge', '-p', JSON.stringify(status)]);
          if (r.code !== 0) throw new Error(`cannot mark the migration Job complete: ${r.stderr}`);
          completed = true;
        }
      }
      await new Promise((r) => setTimeout(r, 300));
    }
    if (!exited) child.kill('SIGTERM');
    const code = await done;
    return { code, out, order };
  };

  const secretData = () => JSON.parse(kubectlOk(['-n', ns, 'get', 'secret', `${rel}-secrets`, '-o', 'json'])).data;
  let before;
  await check('helm install: hooks in order (Secret, then the migration Job, then the Deployments), every object exists', async () => {
    const r = await withJobController(['install', rel, CHART, '-n', ns, '-f', minimal.file, '--timeout', '90s']);
    if (r.code !== 0) return [`helm install exited ${r.code}:\n${r.out}`];
    const problems = [];
    if (r.order.length !== 1 || !r.order[0].secret || r.order[0].deployments) problems.push(`when the Job appeared: ${JSON.stringify(r.order)}`);
    const manifest = docs(helm(['get', 'manifest', rel, '-n', ns]).stdout);
    if (manifest.length < 25) problems.push(`the release holds only ${manifest.length} objects`);
    for (const o of manifest) {
      const args = ['get', `${o.kind}.${(o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '').replace(/^$/, '')}`.replace(/\.$/, ''), o.metadata.name];
      const nsArgs = o.metadata.namespace ? ['-n', o.metadata.namespace] : ['-n', ns];
      const g = kubectl([...nsArgs, ...args, '-o', 'name']);
      if (g.code !== 0) problems.push(`${o.kind}/${o.metadata.name} missing: ${g.stderr.trim()}`);
    }
    before = secretData();
    for (const k of ['JWT_SECRET', 'INVITATION_SECRET', 'DATABASE_URL', 'DATABASE_APP_URL', 'DATABASE_PLATFORM_URL', 'REDIS_URL'])
      if (!before[k]) problems.push(`the generated Secret has no ${k}`);
    if (Buffer.from(before.JWT_SECRET ?? '', 'base64').length < 32) problems.push('JWT_SECRET shorter than 32 characters');
    const sa = (name) => JSON.parse(kubectlOk(['-n', ns, 'get', 'sa', `${rel}-${name}`, '-o', 'json'])).automountServiceAccountToken;
    if (sa('controller') !== true || sa('api') !== false || sa('worker') !== false)
      problems.push('ServiceAccount token automount must be on for the controller only');
    return problems;
  });

  await check('the Tenant CRD is established and serves tenants', () => {
    kubectlOk(['wait', '--for=condition=Established', '--timeout=30s', 'crd/tenants.sentinel.io']);
    kubectlOk(['get', 'tenants']);
  });

  await check("kubectl auth can-i: the controller's ServiceAccount may do what the controller does, nothing more", () => {
    const as = `--as=system:serviceaccount:${ns}:${rel}-controller`;
    const allowed = [
      ...['get', 'list', 'watch', 'patch'].map((v) => [v, 'tenants.sentinel.io']),
      ...['get', 'patch', 'update'].map((v) => [v, 'tenants.sentinel.io/status']),
      ['update', 'tenants.sentinel.io/finalizers'],
      ...['get', 'create', 'patch', 'delete'].map((v) => [v, 'secrets', ns]),
      ...['get', 'create', 'update'].map((v) => [v, 'leases.coordination.k8s.io', ns]),
      ...['create', 'patch'].map((v) => [v, 'events.events.k8s.io', ns]),
      ...['create', 'patch'].map((v) => [v, 'events.events.k8s.io', 'default']),
    ];
    const denied = [
      ['create', 'tenants.sentinel.io'],
      ['delete', 'tenants.sentinel.io'],
      ['update', 'tenants.sentinel.io'],
      ['create', 'tenants.sentinel.io/status'],
      ['delete', 'tenants.sentinel.io/status'],
      ['patch', 'tenants.sentinel.io/finalizers'],
      ['list', 'secrets', ns],
      ['watch', 'secrets', ns],
      ['update', 'secrets', ns],
      ['get', 'secrets', 'kube-system'],
      ['get', 'secrets', 'default'],
      ['create', 'secrets', 'default'],
      ['delete', 'leases.coordination.k8s.io', ns],
      ['get', 'leases.coordination.k8s.io', 'kube-system'],
      ['create', 'events.events.k8s.io', 'kube-system'],
      ['delete', 'events.events.k8s.io', ns],
      ['get', 'configmaps', ns],
      ['create', 'pods', ns],
      ['list', 'pods', ns],
      ['get', 'nodes'],
      ['create', 'customresourcedefinitions.apiextensions.k8s.io'],
      ['create', 'rolebindings.rbac.authorization.k8s.io', ns],
      ['escalate', 'roles.rbac.authorization.k8s.io', ns],
      ['impersonate', 'serviceaccounts', ns],
      ['*', '*'],
    ];
    const problems = [];
    // "tenants.sentinel.io/status" would be read as TYPE/NAME by can-i: pass --subresource.
    const ask = ([verb, res, n]) => {
      const [resource, sub] = res.split('/');
      return kubectl(['auth', 'can-i', verb, resource, ...(sub ? ['--subresource', sub] : []), as, ...(n ? ['-n', n] : [])]).stdout.trim();
    };
    for (const q of allowed) if (ask(q) !== 'yes') problems.push(`refused but the controller needs it: ${q.join(' ')}`);
    for (const q of denied) if (ask(q) !== 'no') problems.push(`allowed but the controller does not need it: ${q.join(' ')}`);
    // The API's account has no rights at all (it mounts no token either).
    const api = `--as=system:serviceaccount:${ns}:${rel}-api`;
    for (const [verb, res] of [
      ['get', 'tenants.sentinel.io'],
      ['get', 'secrets'],
    ])
      if (kubectl(['auth', 'can-i', verb, res, api, '-n', ns]).stdout.trim() !== 'no') problems.push(`the API's ServiceAccount may ${verb} ${res}`);
    return problems;
  });

  await check('helm upgrade with a changed value: the generated secrets survive, the change is applied and rolls the pods', async () => {
    const cm = () => JSON.parse(kubectlOk(['-n', ns, 'get', 'configmap', `${rel}-config`, '-o', 'json'])).data;
    const checksum = () =>
      JSON.parse(kubectlOk(['-n', ns, 'get', 'deployment', `${rel}-api`, '-o', 'json'])).spec.template.metadata.annotations['checksum/config'];
    const sumBefore = checksum();
    const r = await withJobController(['upgrade', rel, CHART, '-n', ns, '-f', minimal.file, '--set', 'config.LOG_LEVEL=debug', '--timeout', '90s']);
    if (r.code !== 0) return [`helm upgrade exited ${r.code}:\n${r.out}`];
    const problems = [];
    if (r.order.length !== 1) problems.push('the migration Job did not run again on upgrade');
    const after = secretData();
    for (const k of Object.keys(before)) if (after[k] !== before[k]) problems.push(`${k} changed on upgrade`);
    if (cm().LOG_LEVEL !== 'debug') problems.push(`LOG_LEVEL is ${cm().LOG_LEVEL} after the upgrade`);
    if (checksum() === sumBefore) problems.push('the config checksum annotation did not change (pods would not roll)');
    const rev = JSON.parse(helm(['status', rel, '-n', ns, '-o', 'json']).stdout).version;
    if (rev !== 2) problems.push(`release revision ${rev}, expected 2`);
    return problems;
  });

  await check('helm uninstall: the release objects are gone; the CRD and the generated Secret stay', () => {
    const r = helm(['uninstall', rel, '-n', ns]);
    if (r.code !== 0) return [`helm uninstall exited ${r.code}: ${r.stderr}`];
    const problems = [];
    const left = kubectlOk([
      '-n',
      ns,
      'get',
      'deployments,services,serviceaccounts,configmaps,networkpolicies,poddisruptionbudgets,ingresses,roles,rolebindings',
      '-o',
      'name',
    ])
      .split('\n')
      .filter((l) => l && !/kube-root-ca\.crt|serviceaccount\/default/.test(l));
    if (left.length) problems.push(`left behind: ${left.join(', ')}`);
    for (const [kind, name, n] of [
      ['clusterrole', `${rel}-controller`],
      ['clusterrolebinding', `${rel}-controller`],
      ['role', `${rel}-controller-events`, 'default'],
    ])
      if (kubectl(['get', kind, name, ...(n ? ['-n', n] : [])]).code === 0) problems.push(`${kind}/${name} left behind`);
    if (kubectl(['get', 'crd', 'tenants.sentinel.io']).code !== 0) problems.push('the CRD was deleted (helm never deletes crds/: Tenants would go with it)');
    if (kubectl(['-n', ns, 'get', 'secret', `${rel}-secrets`]).code !== 0) problems.push('the generated Secret was deleted (README says it stays)');
    return problems;
  });
}

// ---------------------------------------------------------------------------------------
for (const [what, path, how] of [
  ['helm', HELM, 'bash scripts/k8s/build-control-plane.sh'],
  ['kube-score', KUBE_SCORE, 'bash scripts/k8s/build-chart-tools.sh'],
]) {
  if (!existsSync(path)) {
    console.log(`[chart] ${what} is missing (${path}); building it: ${how}`);
    const r = spawnSync('bash', how.split(' ').slice(1), { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) record(`${how}`, false, `exit ${r.status}`);
  }
}
if (!existsSync(GATEWAY_CRDS) || !existsSync(CHECKOV) || !existsSync(PROMTOOL) || !existsSync(PROM_CRDS))
  spawnSync('bash', ['scripts/k8s/build-chart-tools.sh'], { cwd: ROOT, stdio: 'inherit' });
await staticChecks();
await skaffoldChecks({ check, ROOT, HELM, ok, docs, renderedProblems });
await composeChecks({ check, ROOT, CHART, PROMTOOL, run, platform });
await settingsChecks({ check, ROOT, CHART, HELM, platform, PROFILES });
await checkovChecks();
if (!process.argv.includes('--static')) await liveChecks();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
