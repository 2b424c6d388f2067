'use client';
// The audit log's rows (first page from the server, "load more" by keyset cursor) and a detail
// drawer: every field of the row, and its change as a before/after table.
import { useRef, useState } from 'react';
import { browserApi } from '@/api/browser';
import { Table, cellClass, hiddenCellClass, secondaryButtonClass, when } from './ui';
import { usePages } from './use-pages';

export type AuditRow = {
  id: string;
  tenantId: string;
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  changes: Record<string, unknown>;
  requestId: string | null;
  clientIp: string | null;
  createdAt: string;
};
export type AuditFilter = { actorId?: string; action?: string; targetType?: string; targetId?: string; from?: string; to?: string; tenantId?: string };

const isFromTo = (v: unknown): v is { from: unknown; to: unknown } => typeof v === 'object' && v !== null && 'from' in v && 'to' in v;
const show = (v: unknown) => (v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

export function AuditLog({
  initial,
  filter,
  actors,
  pageSize,
}: {
  initial: { items: AuditRow[]; nextCursor: string | null };
  filter: AuditFilter;
  actors: Record<string, string>;
  pageSize: number;
}) {
  const { items, footer } = usePages(initial, (cursor) => browserApi.GET('/api/v1/audit-logs', { params: { query: { ...filter, limit: pageSize, cursor } } }), [
    'entry',
    'entries',
  ]);
  const [open, setOpen] = useState<AuditRow>();
  const dialog = useRef<HTMLDialogElement>(null);
  const actor = (id: string | null) => (id ? (actors[id] ?? `${id.slice(0, 8)}… (not in this organisation)`) : 'system');

  return (
    <>
      {items.length === 0 ? (
        <p role="status" className="rounded-md border border-dashed border-slate-400 p-6 text-center text-slate-700 dark:text-slate-300">
          No audit entries match.
        </p>
      ) : (
        <Table caption="Audit entries, newest first" columns={['When', 'Action', ['Actor', 'hide'], ['Target', 'hide'], 'Detail']}>
          {items.map((row) => (
            <tr key={row.id}>
              <td className={`${cellClass} whitespace-nowrap`}>{when(row.createdAt)}</td>
              <td className={`${cellClass} font-mono`}>{row.action}</td>
              <td className={`${hiddenCellClass} break-all`}>{actor(row.actorId)}</td>
              <td className={`${hiddenCellClass} break-all`}>
                {row.targetType}
                {row.targetId ? ` ${row.targetId.slice(0, 8)}` : ''}
              </td>
              <td className={cellClass}>
                <button
                  type="button"
                  className="text-blue-800 underline dark:text-blue-300"
                  aria-label={`Details of ${row.action} at ${when(row.createdAt)}`}
                  onClick={() => {
                    setOpen(row);
                    dialog.current?.showModal();
                  }}
                >
                  Details
                </button>
              </td>
            </tr>
          ))}
        </Table>
      )}
      {footer}
      <dialog
        ref={dialog}
        aria-labelledby="audit-detail-title"
        className="mr-0 ml-auto h-full max-h-none w-[min(36rem,100vw)] max-w-full border-l border-slate-300 bg-white p-5 text-slate-900 shadow-xl backdrop:bg-slate-950/50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
        onClose={() => setOpen(undefined)}
      >
        {open && (
          <div className="flex flex-col gap-4">
            <div className="flex items-start justify-between gap-3">
              <h2 id="audit-detail-title" className="font-mono text-lg font-bold break-all">
                {open.action}
              </h2>
              <button type="button" className={secondaryButtonClass} onClick={() => dialog.current?.close()}>
                Close
              </button>
            </div>
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
              <dt className="font-medium">When</dt>
              <dd>{when(open.createdAt)}</dd>
              <dt className="font-medium">Actor</dt>
              <dd className="break-all">{actor(open.actorId)}</dd>
              <dt className="font-medium">Target</dt>
              <dd className="break-all">
                {open.targetType} {open.targetId ?? ''}
              </dd>
              <dt className="font-medium">Request</dt>
              <dd className="break-all">{open.requestId ?? '—'}</dd>
              <dt className="font-medium">Client address</dt>
              <dd>{open.clientIp ?? '—'}</dd>
            </dl>
            <Table caption="What changed" columns={['Field', 'Before', 'After']}>
              {Object.entries(open.changes).map(([k, v]) => (
                <tr key={k}>
                  <th scope="row" className={`${cellClass} font-medium`}>
                    {k}
                  </th>
                  <td className={`${cellClass} break-all`}>{isFromTo(v) ? show(v.from) : '—'}</td>
                  <td className={`${cellClass} break-all`}>{isFromTo(v) ? show(v.to) : show(v)}</td>
                </tr>
              ))}
            </Table>
          </div>
        )}
      </dialog>
    </>
  );
}
