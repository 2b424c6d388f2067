'use client';
// A user's own profile: their name, and their password (which needs the current one).
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { browserApi } from '@/api/browser';
import { check, rules } from '@/lib/rules';
import { ActionMessage } from './action-message';
import { Field, Notice, buttonClass } from './ui';
import { useAction } from './use-action';

/**
 * One name, saved by `save`: a user's own name (the profile) or the organisation's (settings).
 * Checked as typed with the API's display-name rule; the API's field error lands beside it.
 */
export function NameForm({
  title,
  label,
  hint,
  value,
  autoComplete,
  savedText,
  buttonText,
  save,
}: {
  title?: string;
  label: string;
  hint?: string;
  value: string;
  autoComplete: string;
  savedText: string;
  buttonText: string;
  save: (name: string) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
}) {
  const router = useRouter();
  const { pending, message, fields, summary, run, refuse } = useAction();
  const [name, setName] = useState(value);
  const [touched, setTouched] = useState(false);
  const [saved, setSaved] = useState(false);
  const error = check(rules.displayName, name, touched) ?? fields.displayName;
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setTouched(true);
    setSaved(false);
    if (rules.displayName(name)) return refuse('Some fields need attention.');
    const r = await run(() => save(name));
    setSaved(r.ok);
    if (r.ok) router.refresh();
  }
  return (
    <form onSubmit={submit} noValidate className="flex max-w-lg flex-col gap-3" aria-labelledby={title ? 'name-title' : undefined}>
      {title && (
        <h2 id="name-title" className="text-lg font-semibold">
          {title}
        </h2>
      )}
      <ActionMessage message={message} summary={summary} />
      {saved && !pending && <Notice kind="info">{savedText}</Notice>}
      <Field
        id="displayName"
        label={label}
        hint={hint}
        autoComplete={autoComplete}
        value={name}
        onChange={(e) => (setName(e.target.value), setTouched(true))}
        error={error}
      />
      <button type="submit" className={`${buttonClass} self-start`} disabled={pending}>
        {pending ? 'Saving…' : buttonText}
      </button>
    </form>
  );
}

/** The signed-in user's own name. */
export function OwnNameForm({ id, displayName }: { id: string; displayName: string }) {
  return (
    <NameForm
      title="Your name"
      label="Name"
      value={displayName}
      autoComplete="name"
      savedText="Your name was saved."
      buttonText="Save name"
      save={(name) => browserApi.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body: { displayName: name } })}
    />
  );
}

export function PasswordForm({ id }: { id: string }) {
  const { pending, message, fields, summary, run, refuse } = useAction();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [saved, setSaved] = useState(false);
  const tooWeak = check(rules.password, next, next.length > 0);
  const mismatch = repeat.length > 0 && repeat !== next ? 'The two passwords differ.' : undefined;
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(false);
    if (!current || rules.password(next) || next !== repeat) return refuse('Some fields need attention.');
    const r = await run(() => browserApi.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body: { password: next, currentPassword: current } }));
    setSaved(r.ok);
    if (r.ok) {
      setCurrent('');
      setNext('');
      setRepeat('');
    }
  }
  return (
    <form onSubmit={submit} noValidate className="flex max-w-lg flex-col gap-3" aria-labelledby="password-title">
      <h2 id="password-title" className="text-lg font-semibold">
        Change your password
      </h2>
      <ActionMessage message={message} summary={summary} />
      {saved && !pending && <Notice kind="info">Your password was changed.</Notice>}
      <Field
        id="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        value={current}
        onChange={(e) => setCurrent(e.target.value)}
        error={fields.currentPassword}
      />
      <Field
        id="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters; hard to guess."
        value={next}
        onChange={(e) => setNext(e.target.value)}
        error={tooWeak ?? fields.password}
      />
      <Field
        id="repeat"
        label="Repeat the new password"
        type="password"
        autoComplete="new-password"
        value={repeat}
        onChange={(e) => setRepeat(e.target.value)}
        error={mismatch}
      />
      <button type="submit" className={`${buttonClass} self-start`} disabled={pending}>
        {pending ? 'Changing…' : 'Change password'}
      </button>
    </form>
  );
}
