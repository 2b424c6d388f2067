'use client';
// "Export all data": a full tenant export (docs/data-export.md), for a tenant admin's own
// tenant (Settings) and a platform admin's view of any tenant. The export is a job: its
// progress comes from useJob; once it completes, its download link (good for one download,
// until it expires) comes from the export itself.
import { useEffect, useState } from 'react';
import { browserApi } from '@/api/browser';
import type { paths } from '@/api/schema';
import { ActionMessage } from './action-message';
import { Notice, buttonClass, linkClass, when } from './ui';
import { useAction } from './use-action';
import { ProgressBar, rowsLabel, rowsPercent, useJob, type RowsProgress } from './use-job';

type TenantExport = paths['/api/v1/tenants/{id}/exports/{exportId}']['get']['responses'][200]['content']['application/json'];

const size = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

export function TenantExportSection({ tenantId, whose }: { tenantId: string; whose: string }) {
  const { pending, message, summary, run } = useAction();
  const [id, setId] = useState<string>();
  const [view, setView] = useState<TenantExport>();
  const [fetched, setFetched] = useState(false);
  const [clicked, setClicked] = useState(false);
  const { job, error } = useJob(id);
  const progress = job?.progress as RowsProgress;
  const done = job?.state === 'completed';
  const percent = rowsPercent(progress, done);

  // Once the job completes (or a download was started), the export says where and until when.
  useEffect(() => {
    if (!id || !done) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      const r = await browserApi.GET('/api/v1/tenants/{id}/exports/{exportId}', { params: { path: { id: tenantId, exportId: id } } }).catch(() => undefined);
      if (stopped) return;
      setFetched(true);
      if (r?.data) setView(r.data);
      // After a click, until the download is recorded as complete.
      if (clicked && !r?.data?.downloadedAt) timer = setTimeout(load, 1_000);
    };
    void load();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [id, done, clicked, tenantId]);

  return (
    <section aria-labelledby="tenant-export-title" className="flex flex-col gap-3 rounded-md border border-slate-200 p-4 dark:border-slate-800">
      <h2 id="tenant-export-title" className="text-lg font-semibold">
        Export all data
      </h2>
      <p className="max-w-2xl text-sm">
        One archive (.tar.gz) of {whose} data: the organisation, its users, invitations, audit log, jobs, usage, API keys and webhook endpoints, one NDJSON file
        each with a manifest of checksums. Passwords, authenticator secrets and keys are never included. The archive can be downloaded once, before it expires
        (its time shows when it is ready).
      </p>
      <div>
        <button
          type="button"
          className={buttonClass}
          disabled={pending || (!!id && !done && job?.state !== 'failed')}
          onClick={async () => {
            setId(undefined);
            setView(undefined);
            setFetched(false);
            setClicked(false);
            const r = await run(() => browserApi.POST('/api/v1/tenants/{id}/exports', { params: { path: { id: tenantId } } }));
            if (r.ok && r.data) setId(r.data.id);
          }}
        >
          {pending ? 'Starting…' : id ? 'Start a new export' : 'Export all data'}
        </button>
      </div>
      <ActionMessage message={message} summary={summary} />
      {id && (
        <div className="flex flex-col gap-2" aria-live="polite">
          <ProgressBar label={done ? 'Export ready' : rowsLabel(progress, 'records')} percent={percent} />
          {error && <Notice kind="error">{error}</Notice>}
          {job?.state === 'failed' && <Notice kind="error">{job.failureReason ?? 'The export failed. Start a new one.'}</Notice>}
          {done && !fetched && <p className="text-sm">Preparing the download link…</p>}
          {view?.downloadedAt ? (
            <p className="text-sm">Downloaded {when(view.downloadedAt)}. Sentinel has deleted its copy; start a new export to get another.</p>
          ) : view?.download ? (
            <p className="text-sm">
              <a href={`/bff${view.download}`} download onClick={() => setClicked(true)} className={linkClass}>
                Download the archive{view.archive ? ` (${size(view.archive.bytes)})` : ''}
              </a>{' '}
              — once only, until {when(view.expiresAt)}.
              {view.archive && (
                <>
                  {' '}
                  SHA-256 <code className="break-all">{view.archive.sha256}</code>
                </>
              )}
            </p>
          ) : (
            view && <p className="text-sm">This export has expired. Start a new one.</p>
          )}
        </div>
      )}
    </section>
  );
}
