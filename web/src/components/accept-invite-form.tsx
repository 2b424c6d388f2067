'use client';
import { useState, type FormEvent } from 'react';
import { SignInCode } from './mfa';
import { Field, Notice, buttonClass } from './ui';
import { useSessionForm } from './use-session-form';

// The API's password rule (services/api core/fields: 12 to 1024 characters), checked as you
// type so the form does not wait for the server to say so; the API checks it again.
const MIN = 12;

export function AcceptInviteForm({ token }: { token: string }) {
  const { pending, message, setMessage, fields, summary, send, mfa } = useSessionForm('/session/accept-invite');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const tooShort = password.length > 0 && password.length < MIN ? `Use at least ${MIN} characters.` : undefined;
  const mismatch = confirm.length > 0 && confirm !== password ? 'The two passwords differ.' : undefined;

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (password.length < MIN || password !== confirm) {
      setMessage('Some fields need attention.');
      return;
    }
    await send({ token, password }, '/');
  }

  // The organisation requires two-factor authentication: the password is set, now the authenticator.
  if (mfa) return <SignInCode enrolmentRequired={mfa.enrolmentRequired} next="/" />;

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
