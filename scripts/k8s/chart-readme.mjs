#!/usr/bin/env node
// Writes the values table of charts/sentinel/README.md (between <!-- values:begin --> and
// <!-- values:end -->) from charts/sentinel/values.yaml: every key, its default and the
// comment above it (or a standard description of the per-component keys), formatted by prettier. `--check` changes
// nothing and exits 1 when the README is out of date (tests/chart/run.mjs runs it).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { isMap, isScalar, parseDocument } from 'yaml';

const chart = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'charts', 'sentinel');
const BEGIN = '<!-- values:begin -->';
const END = '<!-- values:end -->';
/** Maps whose keys are the user's own (settings, quantities, headers): one row for the map. */
export const LEAF_MAPS = new Set([
  'config',
  'selector',
  'labels',
  'resources',
  'headers',
  'env',
  'podSecurityContext',
  'containerSecurityContext',
  'tiers',
  'nodeSelector',
  'affinity',
  'podAnnotations',
  'annotations',
  'commonLabels',
]);
/** Descriptions of keys every component has, unless values.yaml comments them. */
const STANDARD = {
  replicas: 'Replicas (ignored while autoscaling.enabled; a PodDisruptionBudget is created when > 1).',
  'image.repository': 'Image repository (image.registry is prefixed, image.tag appended).',
  'image.tag': 'Tag of this component\'s image ("" = image.tag).',
  'image.digest': 'Pins the image by digest (sha256:...; replaces the tag).',
  image: 'Image of this component.',
  port: 'The port the process listens on (its Service port; PORT, WORKER_PORT, SCHEDULER_PORT or CONTROLLER_PORT).',
  env: 'Extra environment variables for this component only (names as in .env.example; secrets and chart-managed names refused).',
  resources: 'CPU, memory and ephemeral-storage requests and limits.',
  tmpSize: 'sizeLimit of the emptyDir mounted on /tmp (the root file system is read-only).',
  autoscaling: 'HorizontalPodAutoscaler on CPU.',
  'autoscaling.enabled': 'Create the HPA (the Deployment then sets no replicas).',
  'autoscaling.minReplicas': 'HPA minimum (a PodDisruptionBudget is created when > 1).',
  'autoscaling.maxReplicas': 'HPA maximum.',
  'autoscaling.targetCPUUtilizationPercentage': 'Average CPU utilisation the HPA aims at.',
  'autoscaling.queueDepth.enabled': 'Add the External metric to the HPA.',
  'autoscaling.queueDepth.metricName': 'Name of the External metric (waiting jobs).',
  pdb: 'PodDisruptionBudget (only when more than one replica).',
  'pdb.maxUnavailable': 'maxUnavailable of the PodDisruptionBudget.',
  nodeSelector: 'Pod nodeSelector.',
  tolerations: 'Pod tolerations.',
  affinity: 'Pod affinity; replaces the default preferred podAntiAffinity (one replica per node).',
  podAnnotations: 'Extra pod annotations.',
};

function comment(pair, parent, index) {
  const own = pair.key?.commentBefore ?? pair.commentBefore;
  const text = own ?? (index === 0 ? parent.commentBefore : undefined);
  if (!text) return '';
  return text
    .split('\n')
    .map((l) => l.trim())
    .join(' ')
    .replace(/^-- /, '')
    .trim();
}

function fmt(node) {
  const v = node?.toJSON?.() ?? node;
  let s = JSON.stringify(v);
  if (s.length > 60) s = s.slice(0, 57) + '...';
  return '`' + s.replace(/\|/g, '\\|') + '`';
}

export function valuesTable() {
  const doc = parseDocument(readFileSync(join(chart, 'values.yaml'), 'utf8'));
  const rows = [];
  const undocumented = [];
  const walk = (map, prefix, rel) => {
    map.items.forEach((pair, i) => {
      const k = String(isScalar(pair.key) ? pair.key.value : pair.key);
      const path = prefix ? `${prefix}.${k}` : k;
      const relPath = rel ? `${rel}.${k}` : k;
      const standard = STANDARD[relPath] ?? STANDARD[relPath.split('.').slice(1).join('.')] ?? STANDARD[k];
      const desc = comment(pair, map, i) || (prefix ? standard : '') || '';
      const nested = isMap(pair.value) && !LEAF_MAPS.has(k) && pair.value.items.length > 0;
      if (!nested && !desc) undocumented.push(path);
      rows.push(`| \`${path}\` | ${nested ? '' : fmt(pair.value)} | ${desc.replace(/\|/g, '\\|')} |`);
      if (nested)
        walk(
          pair.value,
          path,
          ['api', 'worker', 'scheduler', 'controller', 'web', 'migrate'].includes(path.split('.')[0]) ? path.split('.').slice(1).join('.') : relPath,
        );
    });
  };
  walk(doc.contents, '', '');
  if (undocumented.length) throw new Error(`values.yaml: no comment above ${undocumented.join(', ')} (write one starting with "# -- ")`);
  return ['| Key | Default | Description |', '| --- | --- | --- |', ...rows].join('\n');
}

// Run as a script (not when imported for LEAF_MAPS by tests/chart/run.mjs).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const readmePath = join(chart, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) {
    console.error(`${readmePath}: no ${BEGIN} ... ${END} section`);
    process.exit(1);
  }
  // Formatted as `prettier --check` (npm run lint) wants it, so the check and the linter agree.
  const next = await format(`${readme.slice(0, start + BEGIN.length)}\n\n${valuesTable()}\n\n${readme.slice(end)}`, {
    ...(await resolveConfig(readmePath)),
    filepath: readmePath,
  });
  if (next !== readme) {
    if (process.argv.includes('--check')) {
      console.error('charts/sentinel/README.md: the values table is out of date; run: node scripts/k8s/chart-readme.mjs');
      process.exit(1);
    }
    writeFileSync(readmePath, next);
    console.log('charts/sentinel/README.md: values table updated');
  }
}
