'use client';
// What an admin can do to one user besides editing: send the invitation again (while the user
// has no password), reset their two-factor authentication (a lost phone) and delete (each
// confirmed first).
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { browserApi } from '@/api/browser';
import { ActionMessage } from './action-message';
import { Confirm } from './confirm';
import { Notice, secondaryButtonClass } from './ui';
import { useAction } from './use-action';

export function UserActions({ user, self }: { user: { id: string; email: string; hasPassword: boolean }; self: boolean }) {
  const router = useRouter();
  const { pending, message, summary, run } = useAction();
  const [invited, setInvited] = useState(false);
  const [mfaReset, setMfaReset] = useState(false);
  return (
    <section aria-labelledby="actions-title" className="flex flex-col gap-3">
      <h2 id="actions-title" className="text-lg font-semibold">
        Actions
      </h2>
      <ActionMessage message={message} summary={summary} />
      {invited && <Notice kind="info">A new invitation is on its way to {user.email}. Earlier links no longer work.</Notice>}
      {mfaReset && <Notice kind="info">Two-factor authentication was reset for {user.email}.</Notice>}
      <div className="flex flex-wrap gap-2">
        {!user.hasPassword && (
          <button
            type="button"
            className={secondaryButtonClass}
            disabled={pending}
            onClick={async () => {
              setInvited(false);
              const r = await run(() => browserApi.POST('/api/v1/users/{id}/invite', { params: { path: { id: user.id } } }));
              setInvited(r.ok);
            }}
          >
            {pending ? 'Sending…' : 'Send the invitation again'}
          </button>
        )}
        {user.hasPassword && (
          <Confirm
            trigger="Reset two-factor authentication"
            title={`Reset two-factor authentication for ${user.email}?`}
            confirm="Reset"
            onConfirm={async () => {
              setMfaReset(false);
              const r = await run(() => browserApi.DELETE('/api/v1/users/{id}/mfa', { params: { path: { id: user.id } } }));
              setMfaReset(r.ok);
            }}
          >
            <p>
              Their authenticator and recovery codes stop working. They sign in with their password alone, and set up a new authenticator if your organisation
              requires one. The audit log records the reset.
            </p>
          </Confirm>
        )}
        {!self && (
          <Confirm
            trigger="Delete user"
            title={`Delete ${user.email}?`}
            confirm="Delete"
            onConfirm={async () => {
              const r = await run(() => browserApi.DELETE('/api/v1/users/{id}', { params: { path: { id: user.id } } }));
              if (r.ok) router.push('/users?deleted=1');
            }}
          >
            <p>They lose access at once and their sessions end. The audit log keeps what they did.</p>
          </Confirm>
        )}
      </div>
    </section>
  );
}
