'use client';
// Upload a CSV to POST /api/v1/users/imports, then follow the import job: the share of the file
// read so far, the counts, and each refused row's line, field and reason.
import { useState, type FormEvent } from 'react';
import { isProblem } from '@/lib/problem';
import { ActionMessage } from './action-message';
import { Notice, Table, buttonClass, cellClass } from './ui';
import { useAction } from './use-action';
import { ProgressBar, useJob } from './use-job';

type ImportResult = { processed: number; created: number; skipped: number; failed: number; errors: { line: number; field: string; message: string }[] };

export function ImportForm() {
  const { pending, message, summary, run, refuse } = useAction();
  const [upload, setUpload] = useState<{ id: string; bytes: number }>();
  const { job, error } = useJob(upload?.id);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const file = (new FormData(e.currentTarget).get('file') as File | null) ?? undefined;
    if (!file || file.size === 0) return refuse('Choose a CSV file first.');
    setUpload(undefined);
    const r = await run(async () => {
      const response = await fetch('/bff/api/v1/users/imports', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: file });
      const body: unknown = await response.json().catch(() => undefined);
      return response.ok ? { data: body as { id: string; bytes: number }, response } : { error: isProblem(body) ? body : undefined, response };
    });
    if (r.ok && r.data) setUpload({ id: r.data.id, bytes: r.data.bytes });
  }

  const progress = job?.progress as { bytesRead?: number; processed?: number; created?: number; failed?: number } | undefined;
  const percent = job?.state === 'completed' ? 100 : upload && progress?.bytesRead ? (100 * progress.bytesRead) / upload.bytes : 0;
  const result = job?.state === 'completed' ? (job.result as ImportResult) : undefined;

  return (
    <div className="flex flex-col gap-4">
      <form onSubmit={submit} noValidate className="flex flex-wrap items-end gap-3">
        <div className="flex flex-col gap-1">
          <label htmlFor="file" className="text-sm font-medium">
            CSV file
          </label>
          <input
            id="file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            className="max-w-full text-sm file:mr-3 file:rounded-md file:border file:border-slate-400 file:bg-white file:px-3 file:py-1.5 dark:file:bg-slate-900 dark:file:text-slate-100"
          />
        </div>
        <button type="submit" className={buttonClass} disabled={pending || (!!upload && !result && job?.state !== 'failed')}>
          {pending ? 'Uploading…' : 'Import'}
        </button>
      </form>
      <ActionMessage message={message} summary={summary} />
      {upload && (
        <section aria-labelledby="import-status" className="flex max-w-2xl flex-col gap-3">
          <h2 id="import-status" className="text-lg font-semibold">
            {job?.state === 'completed' ? 'Import finished' : job?.state === 'failed' ? 'Import failed' : 'Importing…'}
          </h2>
          <ProgressBar label={`${progress?.processed ?? 0} rows read`} percent={percent} />
          {error && <Notice kind="error">{error}</Notice>}
          {job?.state === 'failed' && <Notice kind="error">{job.failureReason ?? 'The import failed.'}</Notice>}
          {result && (
            <>
              <p role="status">
                {result.created} created, {result.skipped} skipped (already there), {result.failed} refused, of {result.processed} rows.
              </p>
              {result.errors.length > 0 && (
                <Table caption="Rows that were not imported" columns={['Line', 'Field', 'Why']}>
                  {result.errors.map((e) => (
                    <tr key={`${e.line}-${e.field}`}>
                      <td className={cellClass}>{e.line}</td>
                      <td className={cellClass}>{e.field}</td>
                      <td className={cellClass}>{e.message}</td>
                    </tr>
                  ))}
                </Table>
              )}
            </>
          )}
        </section>
      )}
    </div>
  );
}
