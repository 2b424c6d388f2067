'use client';
import type { FormEvent } from 'react';
import { safeNext } from '@/lib/session-client';
import { SignInCode } from './mfa';
import { Field, Notice, buttonClass } from './ui';
import { useSessionForm } from './use-session-form';

export function SignInForm({ ended, next, tenant }: { ended?: string; next?: string; tenant?: string }) {
  const { pending, message, fields, summary, send, mfa } = useSessionForm('/session/login');

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    await send({ tenant: form.get('tenant'), email: form.get('email'), password: form.get('password') }, safeNext(next));
  }

  if (mfa) return <SignInCode enrolmentRequired={mfa.enrolmentRequired} next={safeNext(next)} />;

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
