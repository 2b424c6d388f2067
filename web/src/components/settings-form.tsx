'use client';
// A tenant admin renames their organisation (the one setting the API lets them change).
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { browserApi } from '@/api/browser';
import { check, rules } from '@/lib/rules';
import { ActionMessage } from './action-message';
import { Field, Notice, buttonClass } from './ui';
import { useAction } from './use-action';

export function SettingsForm({ id, displayName }: { id: string; displayName: string }) {
  const router = useRouter();
  const { pending, message, fields, summary, run, refuse } = useAction();
  const [name, setName] = useState(displayName);
  const [touched, setTouched] = useState(false);
  const [saved, setSaved] = useState(false);
  const error = check(rules.displayName, name, touched) ?? fields.displayName;
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setTouched(true);
    setSaved(false);
    if (rules.displayName(name)) return refuse('Some fields need attention.');
    const r = await run(() => browserApi.PATCH('/api/v1/tenants/{id}', { params: { path: { id } }, body: { displayName: name } }));
    setSaved(r.ok);
    if (r.ok) router.refresh();
  }
  return (
    <form onSubmit={submit} noValidate className="flex max-w-lg flex-col gap-3">
      <ActionMessage message={message} summary={summary} />
      {saved && !pending && <Notice kind="info">The organisation&apos;s name was saved.</Notice>}
      <Field
        id="displayName"
        label="Organisation name"
        hint="Shown to everyone in your organisation."
        autoComplete="organization"
        value={name}
        onChange={(e) => (setName(e.target.value), setTouched(true))}
        error={error}
      />
      <button type="submit" className={`${buttonClass} self-start`} disabled={pending}>
        {pending ? 'Saving…' : 'Save'}
      </button>
    </form>
  );
}
