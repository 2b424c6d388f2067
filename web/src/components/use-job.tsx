'use client';
// A job's state as it changes, for every screen that shows progress (imports, exports, jobs).
// It listens to the API's server-sent events for that job (GET /api/v1/jobs/{id}/events,
// through the /bff proxy), so no component runs its own polling loop; where the stream is not
// available (an API without it, a proxy that buffers) it falls back to asking every second.
import { useEffect, useState } from 'react';
import { browserApi } from '@/api/browser';

export type JobView = {
  id: string;
  state: 'queued' | 'active' | 'completed' | 'failed';
  progress: Record<string, unknown>;
  attempts?: number;
  failureCode?: string | null;
  failureReason?: string | null;
  result?: unknown;
};

const TERMINAL = new Set(['completed', 'failed']);

export function useJob(id: string | undefined): { job?: JobView; error?: string } {
  const [job, setJob] = useState<JobView>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (!id) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const poll = async () => {
      if (stopped) return;
      const {
        data,
        error: problem,
        response,
      } = await browserApi.GET('/api/v1/jobs/{id}', { params: { path: { id } } }).catch(() => ({ data: undefined, error: undefined, response: undefined }));
      if (stopped) return;
      if (data) {
        setJob(data as JobView);
        setError(undefined);
        if (TERMINAL.has(data.state)) return;
      } else if (response?.status === 404) {
        setError('This job no longer exists.');
        return;
      } else {
        setError(problem ? (problem.detail ?? problem.title) : 'Sentinel could not be reached; retrying.');
      }
      timer = setTimeout(poll, 1_000);
    };

    let last: JobView | undefined;
    const source = new EventSource(`/bff/api/v1/jobs/${encodeURIComponent(id)}/events`);
    const onEvent = (e: MessageEvent<string>) => {
      const next = JSON.parse(e.data) as JobView;
      last = next;
      setJob(next);
      setError(undefined);
      if (TERMINAL.has(next.state)) source.close();
    };
    source.addEventListener('job', onEvent);
    source.addEventListener('message', onEvent);
    source.onerror = () => {
      // The stream ended or never started: close it (EventSource would reconnect) and ask directly.
      source.close();
      if (!stopped && !TERMINAL.has(last?.state ?? '')) void poll();
    };
    return () => {
      stopped = true;
      source.close();
      if (timer) clearTimeout(timer);
    };
  }, [id]);
  return { job, ...(error ? { error } : {}) };
}

/** A native <progress> (announced by screen readers; no inline style, which the CSP forbids). */
/** A job's `rows` of `total`; the worker leaves `total` out when counting took too long. */
export type RowsProgress = { rows?: number; total?: number } | undefined;

/** "12 of 40 entries written", or "12 entries written" while the total is not known. */
export function rowsLabel(p: RowsProgress, noun: string): string {
  if (p?.total === undefined && p?.rows !== undefined) return `${p.rows} ${noun} written`;
  return `${p?.rows ?? 0} of ${p?.total ?? '…'} ${noun} written`;
}

/** Percent done; undefined (an indeterminate bar) when rows are coming but their total is not known. */
export function rowsPercent(p: RowsProgress, done: boolean): number | undefined {
  if (done) return 100;
  if (p?.total) return (100 * (p.rows ?? 0)) / p.total;
  return p?.rows !== undefined && p.total === undefined ? undefined : 0;
}

export function ProgressBar({ label, percent }: { label: string; percent: number | undefined }) {
  const value = percent === undefined ? undefined : Math.max(0, Math.min(100, Math.round(percent)));
  return (
    <div className="flex flex-col gap-1">
      <div className="flex justify-between text-sm">
        <label htmlFor="job-progress">{label}</label>
        {value !== undefined && <span aria-hidden="true">{value}%</span>}
      </div>
      <progress
        id="job-progress"
        max={100}
        {...(value !== undefined ? { value } : {})}
        className="h-3 w-full overflow-hidden rounded-full [&::-moz-progress-bar]:bg-blue-700 [&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:bg-blue-700 dark:[&::-webkit-progress-bar]:bg-slate-800 dark:[&::-webkit-progress-value]:bg-blue-400"
      >
        {value === undefined ? label : `${value}%`}
      </progress>
    </div>
  );
}
