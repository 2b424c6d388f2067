'use client';
// Export the audit log (with the filter on screen) as NDJSON or CSV: the export is a job; its
// progress shows as rows written of the total, and the file downloads once it is ready.
import { useState } from 'react';
import { browserApi } from '@/api/browser';
import { ActionMessage } from './action-message';
import type { AuditFilter } from './audit-log';
import { Notice, buttonClass, linkClass } from './ui';
import { useAction } from './use-action';
import { ProgressBar, rowsLabel, rowsPercent, useJob, type RowsProgress } from './use-job';

export function AuditExport({ filter }: { filter: AuditFilter }) {
  const { pending, message, summary, run } = useAction();
  const [format, setFormat] = useState<'ndjson' | 'csv'>('ndjson');
  const [id, setId] = useState<string>();
  const { job, error } = useJob(id);
  const { actorId, action, targetType, targetId, from, to } = filter;
  const progress = job?.progress as RowsProgress;
  const percent = rowsPercent(progress, job?.state === 'completed');

  return (
    <section aria-labelledby="export-title" className="flex flex-col gap-3 rounded-md border border-slate-200 p-4 dark:border-slate-800">
      <h2 id="export-title" className="text-lg font-semibold">
        Export
      </h2>
      <div className="flex flex-wrap items-end gap-3">
        <div className="flex flex-col gap-1">
          <label htmlFor="export-format" className="text-sm font-medium">
            Format
          </label>
          <select
            id="export-format"
            value={format}
            onChange={(e) => setFormat(e.target.value as 'ndjson' | 'csv')}
            className="rounded-md border border-slate-400 bg-white px-3 py-2 dark:border-slate-500 dark:bg-slate-900"
          >
            <option value="ndjson">NDJSON (one JSON object per line)</option>
            <option value="csv">CSV</option>
          </select>
        </div>
        <button
          type="button"
          className={buttonClass}
          disabled={pending || (!!id && job?.state !== 'completed' && job?.state !== 'failed')}
          onClick={async () => {
            setId(undefined);
            const body = {
              format,
              ...(actorId ? { actorId } : {}),
              ...(action ? { action } : {}),
              ...(targetType ? { targetType } : {}),
              ...(targetId ? { targetId } : {}),
              ...(from ? { from } : {}),
              ...(to ? { to } : {}),
            };
            const r = await run(() => browserApi.POST('/api/v1/audit-logs/exports', { body }));
            if (r.ok && r.data) setId(r.data.id);
          }}
        >
          {pending ? 'Starting…' : 'Export these entries'}
        </button>
      </div>
      <ActionMessage message={message} summary={summary} />
      {id && (
        <div className="flex flex-col gap-2">
          <ProgressBar label={job?.state === 'completed' ? 'Export ready' : rowsLabel(progress, 'entries')} percent={percent} />
          {error && <Notice kind="error">{error}</Notice>}
          {job?.state === 'failed' && <Notice kind="error">{job.failureReason ?? 'The export failed.'}</Notice>}
          {job?.state === 'completed' && (
            <p>
              <a href={`/bff/api/v1/audit-logs/exports/${id}/download`} download className={linkClass}>
                Download the export ({format.toUpperCase()})
              </a>
            </p>
          )}
        </div>
      )}
    </section>
  );
}
