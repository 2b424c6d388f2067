'use client';
// Jobs with their state, progress, attempts and why they failed; platform admins see every
// tenant's and can retry a failed one.
import { useRouter } from 'next/navigation';
import { browserApi } from '@/api/browser';
import { ActionMessage } from './action-message';
import { Table, cellClass, hiddenCellClass, secondaryButtonClass, when } from './ui';
import { useAction } from './use-action';

export type JobRow = {
  id: string;
  tenantId: string;
  name: string;
  state: 'queued' | 'active' | 'completed' | 'failed';
  progress: Record<string, unknown>;
  attempts: number;
  failureCode: string | null;
  failureReason: string | null;
  createdAt: string;
};

const STATE: Record<JobRow['state'], string> = { queued: 'Queued', active: 'Running', completed: 'Completed', failed: 'Failed' };

function progressText(p: Record<string, unknown>): string {
  if (typeof p.rows === 'number' && typeof p.total === 'number') return `${p.rows} of ${p.total}`;
  if (typeof p.rows === 'number') return `${p.rows} rows`;
  if (typeof p.processed === 'number') return `${p.processed} rows`;
  return '—';
}

export function JobsList({ items, platform }: { items: JobRow[]; platform: boolean }) {
  const router = useRouter();
  const { pending, message, summary, run } = useAction();
  const columns = ['Job', 'State', ['Progress', 'hide'], ['Attempts', 'hide'], ['Started', 'hide'], 'Failure', ...(platform ? ['Retry'] : [])] as const;
  return (
    <>
      <ActionMessage message={message} summary={summary} />
      <Table caption="Jobs, newest first" columns={columns}>
        {items.map((j) => (
          <tr key={j.id}>
            <td className={`${cellClass} font-mono`}>{j.name}</td>
            <td className={cellClass}>{STATE[j.state]}</td>
            <td className={hiddenCellClass}>{progressText(j.progress)}</td>
            <td className={hiddenCellClass}>{j.attempts}</td>
            <td className={`${hiddenCellClass} whitespace-nowrap`}>{when(j.createdAt)}</td>
            <td className={cellClass}>{j.failureReason ? `${j.failureReason} (${j.failureCode})` : '—'}</td>
            {platform && (
              <td className={cellClass}>
                {j.state === 'failed' && (
                  <button
                    type="button"
                    className={secondaryButtonClass}
                    disabled={pending}
                    aria-label={`Retry ${j.name} ${j.id.slice(0, 8)}`}
                    onClick={async () => {
                      const r = await run(() => browserApi.POST('/api/v1/jobs/{id}/retry', { params: { path: { id: j.id } } }));
                      if (r.ok) router.refresh();
                    }}
                  >
                    Retry
                  </button>
                )}
              </td>
            )}
          </tr>
        ))}
      </Table>
    </>
  );
}
