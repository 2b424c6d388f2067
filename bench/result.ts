// Machine-readable output shared by the benchmarks. Each benchmark still prints its
// Markdown for a human; when BENCH_JSON=<file> (or `--json <file>`) is given it also
// writes its figures there, which is what `npm run bench:all` (bench/all.ts) reads.
// BENCH_QUICK=1 asks every benchmark for its short mode (fewer, shorter runs; smaller
// data sets): for developing the harness, not for figures to compare.
import { writeFileSync } from 'node:fs';

export const QUICK = process.env.BENCH_QUICK === '1';

/** `quick` in short mode, else `full`, unless the environment variable `name` says otherwise. */
export function knob(name: string, full: number, quick: number): number {
  const v = process.env[name];
  return v !== undefined && v !== '' ? Number(v) : QUICK ? quick : full;
}

function jsonPath(): string | undefined {
  const i = process.argv.indexOf('--json');
  if (i >= 0 && process.argv[i + 1]) return process.argv[i + 1];
  return process.env.BENCH_JSON || undefined;
}

/** Writes `{ bench, quick, at, ...data }` to the JSON file, when one was asked for. */
export function writeResult(bench: string, data: Record<string, unknown>): void {
  const path = jsonPath();
  if (!path) return;
  writeFileSync(path, JSON.stringify({ bench, quick: QUICK, at: new Date().toISOString(), ...data }, null, 2) + '\n');
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Linear-interpolated quantile, q in [0, 1]. */
export const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (pos - lo);
};

/** Resident set size (VmRSS) of a live process, MiB. */
export async function rssMiB(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  return Number(/VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
}
