'use client';
import { useRef, useState, type FormEvent } from 'react';
import { fieldErrors, formMessage } from '@/lib/problem';
import { postSession } from '@/lib/session-client';
import { Field, Notice, buttonClass } from './ui';

// The API's password rule (services/api core/fields: 12 to 1024 characters), checked as you
// type so the form does not wait for the server to say so; the API checks it again.
const MIN = 12;

export function AcceptInviteForm({ token }: { token: string }) {
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string>();
  const [fields, setFields] = useState<Record<string, string>>({});
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const summary = useRef<HTMLDivElement>(null);
  const tooShort = password.length > 0 && password.length < MIN ? `Use at least ${MIN} characters.` : undefined;
  const mismatch = confirm.length > 0 && confirm !== password ? 'The two passwords differ.' : undefined;

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (password.length < MIN || password !== confirm) {
      setMessage('Some fields need attention.');
      return;
    }
    setPending(true);
    setMessage(undefined);
    const r = await postSession('/session/accept-invite', { token, password });
    if (r.ok) {
      window.location.assign('/');
      return;
    }
    setPending(false);
    setFields(fieldErrors(r.problem));
    setMessage(formMessage(r.problem, r.retryAfterS));
    queueMicrotask(() => summary.current?.focus());
  }

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      {message && (
        <div ref={summary} tabIndex={-1}>
          <Notice kind="error">{message}</Notice>
        </div>
      )}
      <Field
        id="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint={`At least ${MIN} characters.`}
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={tooShort ?? fields.password}
      />
      <Field
        id="confirm"
        label="Repeat the password"
        type="password"
        autoComplete="new-password"
        required
        value={confirm}
        onChange={(e) => setConfirm(e.target.value)}
        error={mismatch}
      />
      <button type="submit" className={buttonClass} disabled={pending}>
        {pending ? 'Setting your password…' : 'Set password and sign in'}
      </button>
    </form>
  );
}
