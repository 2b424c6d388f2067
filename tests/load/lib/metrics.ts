// What a run records: per tagged group, request counts, failures and a latency histogram;
// named checks counted pass/fail; plain counters (dropped iterations, 429s, ...). Then the
// thresholds that decide the run, a JSON summary and a table.

/** All samples of one group, sorted on demand: exact percentiles, enough for runs of minutes to hours. */
export class Latencies {
  private values: number[] = [];
  private sorted = true;
  add(ms: number): void {
    this.values.push(ms);
    this.sorted = false;
  }
  get count(): number {
    return this.values.length;
  }
  percentile(p: number): number {
    if (!this.values.length) return 0;
    if (!this.sorted) {
      this.values.sort((a, b) => a - b);
      this.sorted = true;
    }
    const i = Math.min(this.values.length - 1, Math.max(0, Math.ceil((p / 100) * this.values.length) - 1));
    return this.values[i]!;
  }
}

export interface GroupStats {
  requests: number;
  failed: number;
  latency: Latencies;
  statuses: Map<number, number>;
}

export interface CheckStats {
  passed: number;
  failed: number;
  /** The first few failure messages, for the report. */
  examples: string[];
}

export class Metrics {
  readonly groups = new Map<string, GroupStats>();
  readonly checks = new Map<string, CheckStats>();
  readonly counters = new Map<string, number>();
  readonly startedAt = Date.now();
  /** Also records requests here: a window of the run (a stress step, a minute of a soak). */
  window: Metrics | undefined;

  private group(tag: string): GroupStats {
    let g = this.groups.get(tag);
    if (!g) this.groups.set(tag, (g = { requests: 0, failed: 0, latency: new Latencies(), statuses: new Map() }));
    return g;
  }

  /** One HTTP request of group `tag`: `failed` when its status was not one the caller expected (or no answer came). */
  request(tag: string, ms: number, status: number, failed: boolean): void {
    this.window?.request(tag, ms, status, failed);
    for (const g of [this.group(tag), this.group('all')]) {
      g.requests++;
      if (failed) g.failed++;
      g.latency.add(ms);
      g.statuses.set(status, (g.statuses.get(status) ?? 0) + 1);
    }
  }

  /** A named boolean assertion; returns `ok` so callers can branch on it. */
  check(name: string, ok: boolean, detail?: string): boolean {
    let c = this.checks.get(name);
    if (!c) this.checks.set(name, (c = { passed: 0, failed: 0, examples: [] }));
    if (ok) c.passed++;
    else {
      c.failed++;
      if (detail && c.examples.length < 5) c.examples.push(detail);
    }
    return ok;
  }

  add(counter: string, n = 1): void {
    this.counters.set(counter, (this.counters.get(counter) ?? 0) + n);
  }

  count(counter: string): number {
    return this.counters.get(counter) ?? 0;
  }

  stats(tag = 'all'): { requests: number; failed: number; rate: number; p50: number; p95: number; p99: number; max: number } {
    const g = this.groups.get(tag);
    if (!g) return { requests: 0, failed: 0, rate: 0, p50: 0, p95: 0, p99: 0, max: 0 };
    const l = g.latency;
    return {
      requests: g.requests,
      failed: g.failed,
      rate: g.requests ? g.failed / g.requests : 0,
      p50: l.percentile(50),
      p95: l.percentile(95),
      p99: l.percentile(99),
      max: l.percentile(100),
    };
  }
}

/**
 * A threshold, k6-style: `http_req_failed < 0.001`, `p95{users.list} < 300` (or `{group:users.list}`), `p99 < 500`,
 * `checks > 0.999`, `checks{isolation} == 1`, `dropped_iterations == 0`, `count{rate_limited} > 0`.
 * Latencies in ms; rates as fractions. Without `{tag}` it reads every request (or every check).
 */
export interface ThresholdResult {
  expr: string;
  value: number;
  ok: boolean;
}

const THRESHOLD = /^(http_req_failed|checks|p50|p95|p99|max|dropped_iterations|count)(?:\{([^}]+)\})?\s*(<=|>=|==|<|>)\s*([\d.]+)$/;

export function evaluateThreshold(m: Metrics, expr: string): ThresholdResult {
  const match = THRESHOLD.exec(expr.trim());
  if (!match) throw new Error(`threshold "${expr}": expected e.g. "p95{users.list} < 300" (see tests/load/lib/metrics.ts)`);
  const [, metric, rawTag, op, limitText] = match as unknown as [string, string, string | undefined, string, string];
  // k6 spells a tag `{group:users.list}`: accepted as well.
  const tag = rawTag?.replace(/^group:/, '');
  let value: number;
  if (metric === 'http_req_failed') value = m.stats(tag ?? 'all').rate;
  else if (metric === 'checks') {
    const cs = tag ? [m.checks.get(tag)].filter((c) => c !== undefined) : [...m.checks.values()];
    const passed = cs.reduce((a, c) => a + c.passed, 0);
    const total = cs.reduce((a, c) => a + c.passed + c.failed, 0);
    value = total ? passed / total : 1;
  } else if (metric === 'dropped_iterations') value = m.count('dropped_iterations');
  else if (metric === 'count') value = m.count(tag ?? '');
  else value = m.stats(tag ?? 'all')[metric as 'p50' | 'p95' | 'p99' | 'max'];
  const limit = Number(limitText);
  const ok = op === '<' ? value < limit : op === '<=' ? value <= limit : op === '>' ? value > limit : op === '>=' ? value >= limit : value === limit;
  return { expr, value, ok };
}

export interface Summary {
  scenario: string;
  baseUrl: string;
  startedAt: string;
  durationS: number;
  groups: Record<
    string,
    { requests: number; failed: number; rate: number; p50: number; p95: number; p99: number; max: number; statuses: Record<string, number> }
  >;
  checks: Record<string, { passed: number; failed: number; examples: string[] }>;
  counters: Record<string, number>;
  thresholds: ThresholdResult[];
  /** Scenario-specific figures (the stress knee, RSS samples, ...). */
  extra: Record<string, unknown>;
  ok: boolean;
}

export function summarize(m: Metrics, scenario: string, baseUrl: string, thresholds: string[], extra: Record<string, unknown> = {}): Summary {
  const groups: Summary['groups'] = {};
  for (const [tag, g] of [...m.groups.entries()].sort(([a], [b]) => (a === 'all' ? 1 : b === 'all' ? -1 : a.localeCompare(b))))
    groups[tag] = { ...m.stats(tag), statuses: Object.fromEntries([...g.statuses.entries()].sort(([a], [b]) => a - b).map(([s, n]) => [String(s), n])) };
  const results = thresholds.map((t) => evaluateThreshold(m, t));
  const checks = Object.fromEntries([...m.checks.entries()].map(([k, c]) => [k, { ...c }]));
  return {
    scenario,
    baseUrl,
    startedAt: new Date(m.startedAt).toISOString(),
    durationS: Math.round((Date.now() - m.startedAt) / 100) / 10,
    groups,
    checks,
    counters: Object.fromEntries(m.counters),
    thresholds: results,
    extra,
    ok: results.every((r) => r.ok),
  };
}

const ms = (v: number) => v.toFixed(1);

/** The readable part of a summary: groups, failing checks, counters, thresholds. */
export function formatSummary(s: Summary): string {
  const lines: string[] = [];
  const rows = Object.entries(s.groups).map(([tag, g]) => [
    tag,
    String(g.requests),
    g.failed ? `${g.failed} (${(g.rate * 100).toFixed(2)}%)` : '0',
    ms(g.p50),
    ms(g.p95),
    ms(g.p99),
    ms(g.max),
    Object.entries(g.statuses)
      .map(([st, n]) => `${st}:${n}`)
      .join(' '),
  ]);
  const head = ['group', 'requests', 'failed', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'statuses'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((c, i) => (i === 0 || i === 7 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  lines.push(`${s.scenario} against ${s.baseUrl}: ${s.durationS}s`, fmt(head), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt));
  const checks = Object.entries(s.checks);
  const passed = checks.reduce((a, [, c]) => a + c.passed, 0);
  const failed = checks.reduce((a, [, c]) => a + c.failed, 0);
  lines.push('', `checks: ${passed} passed, ${failed} failed (${checks.length} named)`);
  for (const [name, c] of checks)
    if (c.failed) lines.push(`  FAILED ${name}: ${c.failed} of ${c.passed + c.failed}${c.examples.length ? `; e.g. ${c.examples.join(' | ')}` : ''}`);
  if (Object.keys(s.counters).length)
    lines.push(
      `counters: ${Object.entries(s.counters)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}`,
    );
  for (const [k, v] of Object.entries(s.extra)) lines.push(`${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  lines.push('', 'thresholds:');
  for (const t of s.thresholds) lines.push(`  ${t.ok ? 'ok  ' : 'FAIL'} ${t.expr} (measured ${Number.isInteger(t.value) ? t.value : t.value.toFixed(4)})`);
  lines.push(s.ok ? 'result: PASS' : 'result: FAIL');
  return lines.join('\n');
}
