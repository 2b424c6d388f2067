'use client';
// The user's active sessions (one per sign-in, kept across refreshes) with a way to end any of
// them: another browser's at once; this browser's signs out here.
import { useRouter } from 'next/navigation';
import { browserApi } from '@/api/browser';
import { postSession } from '@/lib/session-client';
import { ActionMessage } from './action-message';
import { Table, cellClass, hiddenCellClass, secondaryButtonClass, when } from './ui';
import { useAction } from './use-action';

type Session = { id: string; createdAt: string; lastUsedAt: string; expiresAt: string; current: boolean };

export function SessionsList({ items }: { items: Session[] }) {
  const router = useRouter();
  const { pending, message, summary, run } = useAction();
  return (
    <>
      <ActionMessage message={message} summary={summary} />
      <Table
        caption="Your active sessions, most recently used first"
        columns={['Signed in', ['Last used', 'hide'], ['Expires unless used', 'hide'], 'Session']}
      >
        {items.map((s) => (
          <tr key={s.id}>
            <td className={cellClass}>{when(s.createdAt)}</td>
            <td className={`${hiddenCellClass} whitespace-nowrap`}>{when(s.lastUsedAt)}</td>
            <td className={`${hiddenCellClass} whitespace-nowrap`}>{when(s.expiresAt)}</td>
            <td className={cellClass}>
              <div className="flex flex-wrap items-center gap-2">
                {s.current && <span className="text-sm font-medium">This browser</span>}
                <button
                  type="button"
                  className={secondaryButtonClass}
                  disabled={pending}
                  aria-label={s.current ? 'Sign out (this browser)' : `End session signed in at ${when(s.createdAt)}`}
                  onClick={async () => {
                    if (s.current) {
                      await postSession('/session/logout');
                      window.location.assign('/sign-in?ended=signed-out');
                      return;
                    }
                    const r = await run(() => browserApi.DELETE('/api/v1/auth/sessions/{id}', { params: { path: { id: s.id } } }));
                    if (r.ok) router.refresh();
                  }}
                >
                  {s.current ? 'Sign out' : 'End session'}
                </button>
              </div>
            </td>
          </tr>
        ))}
      </Table>
    </>
  );
}
