'use client';
// Platform admin: create a tenant (with its first admin, invited by email), and act on one:
// change its plan, suspend or resume it, add an admin, delete it (typing its slug to confirm).
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { browserApi } from '@/api/browser';
import { check, rules } from '@/lib/rules';
import { ActionMessage } from './action-message';
import { Confirm } from './confirm';
import { Field, Notice, Select, buttonClass, secondaryButtonClass } from './ui';
import { useAction } from './use-action';

type Plan = 'free' | 'pro' | 'enterprise';
const PLANS = [
  ['free', 'Free'],
  ['pro', 'Pro'],
  ['enterprise', 'Enterprise'],
] as const;

export function NewTenantForm() {
  const router = useRouter();
  const { pending, message, fields, summary, run, refuse } = useAction();
  const [v, setV] = useState({ slug: '', displayName: '', plan: 'free' as Plan, adminEmail: '' });
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => (
    setV((p) => ({ ...p, [k]: e.target.value })),
    setTouched((t) => ({ ...t, [k]: true }))
  );
  const errors = {
    slug: check(rules.slug, v.slug, !!touched.slug) ?? fields.slug,
    displayName: check(rules.displayName, v.displayName, !!touched.displayName) ?? fields.displayName,
    adminEmail: (v.adminEmail ? check(rules.email, v.adminEmail, !!touched.adminEmail) : undefined) ?? fields['admin.email'],
  };
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setTouched({ slug: true, displayName: true, adminEmail: true });
    if (rules.slug(v.slug) || rules.displayName(v.displayName) || (v.adminEmail && rules.email(v.adminEmail))) return refuse('Some fields need attention.');
    const r = await run(() =>
      browserApi.POST('/api/v1/tenants', {
        body: { slug: v.slug, displayName: v.displayName, plan: v.plan, ...(v.adminEmail ? { admin: { email: v.adminEmail } } : {}) },
      }),
    );
    if (r.ok && r.data) router.push(`/tenants/${r.data.id}?created=1`);
  }
  return (
    <form onSubmit={submit} noValidate className="flex max-w-lg flex-col gap-4">
      <ActionMessage message={message} summary={summary} />
      <Field
        id="slug"
        label="Short name"
        hint="Used to sign in, e.g. acme. Lowercase letters, digits and hyphens."
        autoComplete="off"
        value={v.slug}
        onChange={set('slug')}
        error={errors.slug}
      />
      <Field id="displayName" label="Display name" autoComplete="off" value={v.displayName} onChange={set('displayName')} error={errors.displayName} />
      <Select id="plan" label="Plan" options={PLANS} value={v.plan} onChange={set('plan')} error={fields.plan} />
      <Field
        id="adminEmail"
        label="First admin's email (optional)"
        hint="They are emailed an invitation to set their password."
        type="email"
        autoComplete="off"
        value={v.adminEmail}
        onChange={set('adminEmail')}
        error={errors.adminEmail}
      />
      <button type="submit" className={`${buttonClass} self-start`} disabled={pending}>
        {pending ? 'Creating…' : 'Create tenant'}
      </button>
    </form>
  );
}

export function TenantActions({ tenant }: { tenant: { id: string; slug: string; plan: Plan; status: 'active' | 'suspended' } }) {
  const router = useRouter();
  const { pending, message, fields, summary, run, refuse } = useAction();
  const [plan, setPlan] = useState<Plan>(tenant.plan);
  const [admin, setAdmin] = useState('');
  const [done, setDone] = useState<string>();
  const patch = async (body: { plan?: Plan; status?: 'active' | 'suspended' }, said: string) => {
    setDone(undefined);
    const r = await run(() => browserApi.PATCH('/api/v1/tenants/{id}', { params: { path: { id: tenant.id } }, body }));
    if (r.ok) {
      setDone(said);
      router.refresh();
    }
    return r.ok;
  };
  return (
    <section aria-labelledby="tenant-actions" className="flex flex-col gap-4">
      <h2 id="tenant-actions" className="text-lg font-semibold">
        Actions
      </h2>
      <ActionMessage message={message} summary={summary} />
      {done && !pending && <Notice kind="info">{done}</Notice>}
      <div className="flex flex-wrap items-end gap-2">
        <Select id="plan" label="Plan" options={PLANS} value={plan} onChange={(e) => setPlan(e.target.value as Plan)} error={fields.plan} />
        <button
          type="button"
          className={secondaryButtonClass}
          disabled={pending || plan === tenant.plan}
          onClick={() => patch({ plan }, `The plan is now ${plan}.`)}
        >
          Change plan
        </button>
      </div>
      <form
        noValidate
        className="flex flex-wrap items-end gap-2"
        onSubmit={async (e) => {
          e.preventDefault();
          if (rules.email(admin)) return refuse('Enter the new admin’s email address.');
          setDone(undefined);
          const r = await run(() => browserApi.POST('/api/v1/tenants/{id}/admins', { params: { path: { id: tenant.id } }, body: { email: admin } }));
          if (r.ok) {
            setDone(`${admin} is an admin of ${tenant.slug}${r.data?.invitation ? ' and was emailed an invitation' : ''}.`);
            setAdmin('');
          }
        }}
      >
        <Field
          id="admin"
          label="Add an admin (email)"
          type="email"
          autoComplete="off"
          value={admin}
          onChange={(e) => setAdmin(e.target.value)}
          error={fields.email}
        />
        <button type="submit" className={secondaryButtonClass} disabled={pending}>
          Add admin
        </button>
      </form>
      <div className="flex flex-wrap gap-2">
        {tenant.status === 'active' ? (
          <Confirm
            trigger="Suspend"
            title={`Suspend ${tenant.slug}?`}
            confirm="Suspend"
            onConfirm={() => patch({ status: 'suspended' }, 'The tenant is suspended.')}
          >
            <p>Nobody can sign in to it, and every open session ends at its next request. Its data is kept; you can resume it.</p>
          </Confirm>
        ) : (
          <button type="button" className={buttonClass} disabled={pending} onClick={() => patch({ status: 'active' }, 'The tenant is active again.')}>
            Resume
          </button>
        )}
        <Confirm
          trigger="Delete tenant"
          title={`Delete ${tenant.slug} and all its data?`}
          confirm="Delete for good"
          typed={tenant.slug}
          onConfirm={async () => {
            const r = await run(() => browserApi.DELETE('/api/v1/tenants/{id}', { params: { path: { id: tenant.id }, query: { confirm: tenant.slug } } }));
            if (r.ok) router.push('/tenants?deleted=1');
            return r.ok;
          }}
        >
          <p>
            Its users, invitations, jobs and audit log are deleted. This cannot be undone; the platform audit log records the deletion. Export the tenant first
            if anyone may need its data.
          </p>
        </Confirm>
      </div>
    </section>
  );
}
