'use client';
import { useRef, useState, type FormEvent } from 'react';
import { fieldErrors, formMessage } from '@/lib/problem';
import { postSession, safeNext } from '@/lib/session-client';
import { Field, Notice, buttonClass } from './ui';

export function SignInForm({ ended, next, tenant }: { ended?: string; next?: string; tenant?: string }) {
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string>();
  const [fields, setFields] = useState<Record<string, string>>({});
  const summary = useRef<HTMLDivElement>(null);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setMessage(undefined);
    setFields({});
    const r = await postSession('/session/login', { tenant: form.get('tenant'), email: form.get('email'), password: form.get('password') });
    if (r.ok) {
      // A full navigation: the next page renders on the server with the new cookies.
      window.location.assign(safeNext(next));
      return;
    }
    setPending(false);
    setFields(fieldErrors(r.problem));
    setMessage(formMessage(r.problem, r.retryAfterS));
    queueMicrotask(() => summary.current?.focus());
  }

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4" aria-describedby={message ? 'sign-in-error' : undefined}>
      {ended && <Notice kind="info">{ended}</Notice>}
      {message && (
        <div ref={summary} tabIndex={-1}>
          <Notice kind="error" id="sign-in-error">
            {message}
          </Notice>
        </div>
      )}
      <Field
        id="tenant"
        label="Organisation"
        hint="Your organisation's short name, e.g. acme"
        autoComplete="organization"
        required
        defaultValue={tenant}
        error={fields.tenant}
      />
      <Field id="email" label="Email" type="email" autoComplete="username" required error={fields.email} />
      <Field id="password" label="Password" type="password" autoComplete="current-password" required error={fields.password} />
      <button type="submit" className={buttonClass} disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
