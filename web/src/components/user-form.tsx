'use client';
// Create a user (invited by email, or with a password set by the admin) or edit one's name,
// email and role. Rules are checked as you type; the API's field errors land on the same fields.
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { browserApi } from '@/api/browser';
import { check, rules } from '@/lib/rules';
import { ActionMessage } from './action-message';
import { Field, Notice, Select, buttonClass } from './ui';
import { useAction } from './use-action';

type Role = 'tenant_admin' | 'member';
const ROLES = [
  ['member', 'Member'],
  ['tenant_admin', 'Admin'],
] as const;

export function UserForm({ user }: { user?: { id: string; email: string; displayName: string; role: string } }) {
  const router = useRouter();
  const { pending, message, fields, summary, run, refuse } = useAction();
  const [email, setEmail] = useState(user?.email ?? '');
  const [name, setName] = useState(user?.displayName ?? '');
  const [role, setRole] = useState<Role>((user?.role as Role) ?? 'member');
  const [mode, setMode] = useState<'invite' | 'password'>('invite');
  const [password, setPassword] = useState('');
  const [saved, setSaved] = useState(false);
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const touch = (k: string) => setTouched((t) => ({ ...t, [k]: true }));
  const errors = {
    email: check(rules.email, email, !!touched.email) ?? fields.email,
    displayName: check(rules.displayName, name, !!touched.displayName) ?? fields.displayName,
    password: mode === 'password' ? (check(rules.password, password, !!touched.password) ?? fields.password) : undefined,
    role: fields.role,
  };

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setTouched({ email: true, displayName: true, password: true });
    if (rules.email(email) || rules.displayName(name) || (!user && mode === 'password' && rules.password(password))) {
      refuse('Some fields need attention.');
      return;
    }
    if (user) {
      const r = await run(() => browserApi.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body: { email, displayName: name, role } }));
      setSaved(r.ok);
      if (r.ok) router.refresh();
      return;
    }
    const r = await run(() => browserApi.POST('/api/v1/users', { body: { email, displayName: name, role, ...(mode === 'password' ? { password } : {}) } }));
    if (r.ok && r.data) router.push(`/users/${r.data.id}?created=1`);
  }

  return (
    <form onSubmit={submit} noValidate className="flex max-w-lg flex-col gap-4">
      <ActionMessage message={message} summary={summary} />
      {saved && !pending && <Notice kind="info">Saved.</Notice>}
      <Field
        id="email"
        label="Email"
        type="email"
        autoComplete="off"
        required
        value={email}
        onChange={(e) => (setEmail(e.target.value), touch('email'))}
        error={errors.email}
      />
      <Field
        id="displayName"
        label="Name"
        autoComplete="off"
        required
        value={name}
        onChange={(e) => (setName(e.target.value), touch('displayName'))}
        error={errors.displayName}
      />
      <Select id="role" label="Role" options={ROLES} value={role} onChange={(e) => setRole(e.target.value as Role)} error={errors.role} />
      {!user && (
        <fieldset className="flex flex-col gap-2">
          <legend className="text-sm font-medium">How they get in</legend>
          <label className="flex items-center gap-2">
            <input type="radio" name="mode" value="invite" checked={mode === 'invite'} onChange={() => setMode('invite')} />
            Email them an invitation to set their own password
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="mode" value="password" checked={mode === 'password'} onChange={() => setMode('password')} />
            Set a password now
          </label>
        </fieldset>
      )}
      {!user && mode === 'password' && (
        <Field
          id="password"
          label="Password"
          type="password"
          autoComplete="new-password"
          hint="At least 12 characters; hard to guess."
          value={password}
          onChange={(e) => (setPassword(e.target.value), touch('password'))}
          error={errors.password}
        />
      )}
      <button type="submit" className={`${buttonClass} self-start`} disabled={pending}>
        {pending ? 'Saving…' : user ? 'Save changes' : mode === 'invite' ? 'Create and invite' : 'Create user'}
      </button>
    </form>
  );
}
