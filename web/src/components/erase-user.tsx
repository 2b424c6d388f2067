'use client';
// Erasing a user's personal data on request (the GDPR right to erasure, docs/data-rights.md).
// Unlike "Delete user", which keeps their email in the audit log, this rewrites every row that
// names them to a pseudonym; it cannot be undone, so their email must be typed to confirm.
// The user no longer exists afterwards: the console moves to a page showing the pseudonym.
import { useRouter } from 'next/navigation';
import { browserApi } from '@/api/browser';
import { ActionMessage } from './action-message';
import { Confirm } from './confirm';
import { useAction } from './use-action';

export function EraseUser({ user }: { user: { id: string; email: string } }) {
  const router = useRouter();
  const { message, summary, run } = useAction();
  return (
    <section aria-labelledby="erase-title" className="flex flex-col gap-3">
      <h2 id="erase-title" className="text-lg font-semibold">
        Personal data
      </h2>
      <p className="max-w-xl text-sm">
        When this person asks to be forgotten, erase them: their account, sessions, invitations and authenticator are deleted, and their email and name are
        replaced by a pseudonym in the audit log, webhook events and jobs. The audit log keeps every entry.
      </p>
      <ActionMessage message={message} summary={summary} />
      <div>
        <Confirm
          trigger="Erase personal data"
          title={`Erase ${user.email}?`}
          confirm="Erase for good"
          typed={user.email}
          onConfirm={async () => {
            const r = await run(() => browserApi.POST('/api/v1/users/{id}/erase', { params: { path: { id: user.id } } }));
            // On a refusal the dialog closes, so the message below the heading is seen.
            if (r.ok && r.data) router.replace(`/users/${user.id}/erased?pseudonym=${encodeURIComponent(r.data.pseudonym)}`);
          }}
        >
          <p>This cannot be undone. Receivers of your webhooks get a user.deleted event asking them to erase their copy.</p>
        </Confirm>
      </div>
    </section>
  );
}
