// Checks of skaffold.yaml, run by tests/chart/run.mjs. skaffold itself is not served here, so
// this reads the file the way skaffold does (a profile's deploy.helm.releases replaces the base
// list, its build fields are laid onto the base) and calls `helm template` with the values
// skaffold would pass: setValues as --set, setValueTemplates as --set-string after putting sample
// values in for skaffold's IMAGE_REPO_/IMAGE_TAG_/IMAGE_DIGEST_ variables and the environment.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** The oldest apiVersion accepted as current: skaffold/v4beta13 (skaffold v2.15, 2025). */
export const OLDEST_CURRENT = 13;
/** What the sample environment of a `skaffold run` holds besides the IMAGE_* variables. */
const SAMPLE_ENV = { SENTINEL_PROD_VALUES: 'charts/sentinel/ci/production-values.yaml' };
/** A --default-repo with a port, as a local registry has: the chart must take it. */
const SAMPLE_REPO = 'registry.example.com:5000';

/** `FROM ... AS name` stages of a Dockerfile with their ARG names and whether they set a CMD. */
export function dockerfileStages(text) {
  const stages = [];
  const globalArgs = new Set();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const from = /^FROM\s+\S+(?:\s+AS\s+([A-Za-z0-9_.-]+))?/i.exec(line);
    if (from) {
      stages.push({ name: from[1] ?? '', args: new Set(), cmd: false });
      continue;
    }
    const arg = /^ARG\s+([A-Za-z_][A-Za-z0-9_]*)/i.exec(line);
    if (arg) (stages.length ? stages.at(-1).args : globalArgs).add(arg[1]);
    if (/^CMD\s/i.test(line) && stages.length) stages.at(-1).cmd = true;
  }
  return { stages, globalArgs };
}

/** skaffold's name of an artifact in templates: `/`, `-`, `.` and `:` become `_`. */
export const templateName = (image) => image.replace(/[/.:-]/g, '_');

/** Replaces every `{{.NAME}}` of s from vars; any other template syntax or unknown name throws. */
export function expand(s, vars) {
  const out = String(s).replace(/\{\{\s*\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_, name) => {
    if (!(name in vars)) throw new Error(`{{.${name}}}: skaffold would have no such variable here`);
    return vars[name];
  });
  if (out.includes('{{')) throw new Error(`${s}: template syntax this check does not understand`);
  return out;
}

/** The effective pipeline of a profile (null: the base config). */
export function effective(config, profileName) {
  const profile = profileName ? config.profiles?.find((p) => p.name === profileName) : null;
  if (profileName && !profile) throw new Error(`no profile ${profileName}`);
  return {
    push: profile?.build?.local?.push ?? config.build?.local?.push ?? false,
    releases: profile?.deploy?.helm?.releases ?? config.deploy?.helm?.releases ?? [],
    portForward: profile?.portForward ?? config.portForward ?? [],
  };
}

/** Whether a dotted path names a key of the values document (maps only; arrays are leaves). */
function hasPath(values, path) {
  let node = values;
  for (const part of path.split('.')) {
    if (!node || typeof node !== 'object' || Array.isArray(node) || !(part in node)) return false;
    node = node[part];
  }
  return true;
}

/**
 * @param {object} ctx check, ROOT, CHART, HELM, ok, docs, renderedProblems (from run.mjs)
 */
export async function skaffoldChecks({ check, ROOT, HELM, ok, docs, renderedProblems }) {
  const file = join(ROOT, 'skaffold.yaml');
  let config;
  await check('skaffold.yaml parses, uses a current skaffold/v4beta apiVersion and has dev and prod profiles', () => {
    config = parse(readFileSync(file, 'utf8'), { merge: true });
    const problems = [];
    const m = /^skaffold\/v4beta(\d+)$/.exec(config.apiVersion ?? '');
    if (!m || Number(m[1]) < OLDEST_CURRENT) problems.push(`apiVersion ${config.apiVersion}: expected skaffold/v4beta${OLDEST_CURRENT} or newer`);
    if (config.kind !== 'Config') problems.push(`kind ${config.kind}`);
    const names = (config.profiles ?? []).map((p) => p.name);
    for (const p of ['dev', 'prod']) if (!names.includes(p)) problems.push(`no ${p} profile (profiles: ${names.join(', ') || 'none'})`);
    const dev = config.profiles?.find((p) => p.name === 'dev');
    if (dev && !dev.activation?.some((a) => a.command === 'dev')) problems.push('the dev profile is not activated by `skaffold dev`');
    return problems;
  });
  if (!config) return;

  const artifacts = config.build?.artifacts ?? [];
  await check('skaffold.yaml builds every deployable target of docker/Dockerfile, from contexts, Dockerfiles, targets and build args that exist', () => {
    const problems = [];
    const built = new Set();
    for (const a of artifacts) {
      const where = `artifact ${a.image}`;
      const context = join(ROOT, a.context ?? '.');
      if (!existsSync(context) || !statSync(context).isDirectory()) {
        problems.push(`${where}: context ${a.context} is not a directory`);
        continue;
      }
      if (!a.docker) {
        problems.push(`${where}: not a docker artifact`);
        continue;
      }
      const dockerfile = join(context, a.docker.dockerfile ?? 'Dockerfile');
      if (!existsSync(dockerfile)) {
        problems.push(`${where}: ${a.docker.dockerfile} does not exist in ${a.context}`);
        continue;
      }
      const { stages, globalArgs } = dockerfileStages(readFileSync(dockerfile, 'utf8'));
      const stage = stages.find((s) => s.name === a.docker.target);
      if (!stage) problems.push(`${where}: no stage "${a.docker.target}" in ${a.docker.dockerfile} (stages: ${stages.map((s) => s.name).join(', ')})`);
      for (const arg of Object.keys(a.docker.buildArgs ?? {}))
        if (!globalArgs.has(arg) && !stage?.args.has(arg)) problems.push(`${where}: build arg ${arg} is not an ARG of stage ${a.docker.target}`);
      if (stage) built.add(`${a.docker.dockerfile}#${stage.name}`);
    }
    // The deployables are the stages that end in a CMD (api, worker, scheduler, controller, migrate, web).
    const dockerfile = join(ROOT, 'docker', 'Dockerfile');
    const deployables = dockerfileStages(readFileSync(dockerfile, 'utf8')).stages.filter((s) => s.cmd);
    for (const s of deployables) if (!built.has(`docker/Dockerfile#${s.name}`)) problems.push(`docker/Dockerfile's target ${s.name} is not built`);
    if (deployables.length < 5) problems.push(`only ${deployables.length} deployable stages found in docker/Dockerfile: the check reads it wrong`);
    const images = artifacts.map((a) => a.image);
    if (new Set(images).size !== images.length) problems.push(`an image is built twice: ${images}`);
    return problems;
  });

  const values = parse(readFileSync(join(ROOT, 'charts', 'sentinel', 'values.yaml'), 'utf8'));
  const profiles = [null, ...(config.profiles ?? []).map((p) => p.name)];
  await check('skaffold.yaml: every release names an existing chart and sets only keys of its values.yaml (base and every profile)', () => {
    const problems = [];
    let keys = 0;
    for (const name of profiles)
      for (const r of effective(config, name).releases) {
        const where = `${name ?? 'base'} release ${r.name}`;
        if (!existsSync(join(ROOT, r.chartPath ?? '', 'Chart.yaml'))) {
          problems.push(`${where}: ${r.chartPath} is not a chart`);
          continue;
        }
        const chartValues = r.chartPath === 'charts/sentinel' ? values : parse(readFileSync(join(ROOT, r.chartPath, 'values.yaml'), 'utf8'));
        for (const k of [...Object.keys(r.setValues ?? {}), ...Object.keys(r.setValueTemplates ?? {})]) {
          keys++;
          if (!hasPath(chartValues, k)) problems.push(`${where}: ${k} is not a key of ${r.chartPath}/values.yaml`);
        }
        for (const f of r.valuesFiles ?? []) {
          const path = expand(f, SAMPLE_ENV);
          if (!existsSync(join(ROOT, path))) problems.push(`${where}: values file ${f} (sample: ${path}) does not exist`);
        }
      }
    if (keys < 20) problems.push(`only ${keys} keys set in all releases: the check reads the wrong fields`);
    return problems;
  });

  for (const name of profiles.filter(Boolean))
    await check(`skaffold profile ${name}: helm template renders it with skaffold's values, each component runs its artifact, the port-forwards exist`, () => {
      const eff = effective(config, name);
      const problems = [];
      if (eff.releases.length !== 1) return [`${eff.releases.length} releases (expected the one of charts/sentinel)`];
      const r = eff.releases[0];
      // Sample IMAGE_* variables, as skaffold computes them for each artifact after a build.
      const vars = { ...SAMPLE_ENV };
      const expected = {};
      for (const a of artifacts) {
        const t = templateName(a.image);
        const repo = eff.push ? `${SAMPLE_REPO}/${a.image}` : a.image;
        const tag = `c0ffee1-${t.length}`;
        const digest = `sha256:${createHash('sha256').update(a.image).digest('hex')}`;
        Object.assign(vars, { [`IMAGE_REPO_${t}`]: repo, [`IMAGE_TAG_${t}`]: tag, [`IMAGE_DIGEST_${t}`]: digest });
        expected[a.image] = { tag: `${repo}:${tag}`, digest: `${repo}@${digest}` };
      }
      const args = ['template', r.name, join(ROOT, r.chartPath), '--namespace', r.namespace ?? 'default'];
      for (const f of r.valuesFiles ?? []) args.push('-f', join(ROOT, expand(f, vars)));
      for (const [k, v] of Object.entries(r.setValues ?? {})) args.push('--set', `${k}=${v}`);
      for (const [k, v] of Object.entries(r.setValueTemplates ?? {})) args.push('--set-string', `${k}=${expand(v, vars)}`);
      const objs = docs(ok(HELM, args));
      problems.push(...renderedProblems(objs));
      // Which artifact each component runs: the one whose image is the component's repository in values.yaml.
      const artifactOf = Object.fromEntries(
        Object.entries(values)
          .filter(([, v]) => v?.image?.repository)
          .map(([component, v]) => [component, artifacts.find((a) => a.image === v.image.repository)?.image]),
      );
      const pinned = Object.keys(r.setValueTemplates ?? {}).some((k) => k.endsWith('.image.digest'));
      const workloads = objs.filter((o) => ['Deployment', 'Job', 'Pod'].includes(o.kind));
      for (const w of workloads) {
        const component = w.metadata.labels?.['app.kubernetes.io/component'];
        const spec = w.kind === 'Pod' ? w.spec : w.spec.template.spec;
        for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
          // The helm test Pod runs the API's image.
          const image = artifactOf[component === 'test' ? 'api' : component];
          if (!image) {
            problems.push(`${w.kind}/${w.metadata.name}: component ${component} has no skaffold artifact`);
            continue;
          }
          const want = expected[image][pinned ? 'digest' : 'tag'];
          if (c.image !== want) problems.push(`${w.kind}/${w.metadata.name} ${c.name}: image ${c.image}, skaffold built ${want}`);
          if (!eff.push && c.imagePullPolicy !== 'IfNotPresent')
            problems.push(`${w.kind}/${w.metadata.name}: imagePullPolicy ${c.imagePullPolicy} with images that are never pushed`);
        }
      }
      if (workloads.length < 5) problems.push(`only ${workloads.length} workloads rendered`);
      // Port-forwards: Services that exist with that port; the API always, web when the chart runs it.
      const services = objs.filter((o) => o.kind === 'Service');
      const forwarded = [];
      for (const pf of eff.portForward) {
        const svc = services.find((s) => s.metadata.name === pf.resourceName);
        if (pf.resourceType !== 'service') problems.push(`portForward ${pf.resourceType}/${pf.resourceName}: forward Services, not pods`);
        else if (!svc) problems.push(`portForward service/${pf.resourceName}: no such Service (${services.map((s) => s.metadata.name).join(', ')})`);
        else if (!svc.spec.ports.some((p) => p.port === pf.port)) problems.push(`portForward service/${pf.resourceName}: no port ${pf.port}`);
        else if ((pf.namespace ?? 'default') !== (r.namespace ?? 'default')) problems.push(`portForward service/${pf.resourceName}: namespace ${pf.namespace}`);
        else forwarded.push(svc.metadata.labels['app.kubernetes.io/component']);
      }
      for (const component of ['api', 'web'])
        if (services.some((s) => s.metadata.labels?.['app.kubernetes.io/component'] === component) !== forwarded.includes(component))
          problems.push(`${component}: its Service is ${forwarded.includes(component) ? 'forwarded but not rendered' : 'rendered but not port-forwarded'}`);
      return problems;
    });
}
