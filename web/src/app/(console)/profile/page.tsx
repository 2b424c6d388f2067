import type { Metadata } from 'next';
import { MfaSection } from '@/components/mfa';
import { OwnNameForm, PasswordForm } from '@/components/profile-forms';
import { PageHeader, ROLE_LABEL } from '@/components/ui';
import { SessionsList } from '@/components/sessions-list';
import { endSessionOn401, getMe, sessionClient } from '@/server/api';

export const metadata: Metadata = { title: 'Your profile' };

export default async function ProfilePage() {
  const me = await getMe();
  const api = await sessionClient();
  const { data, error, response } = await api.GET('/api/v1/auth/sessions');
  endSessionOn401(response, error);
  const mfa = await api.GET('/api/v1/auth/mfa');
  endSessionOn401(mfa.response, mfa.error);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="Your profile" />
      <dl className="grid max-w-lg grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
        <dt className="font-medium">Email</dt>
        <dd className="break-all">{me.user.email}</dd>
        <dt className="font-medium">Role</dt>
        <dd>{ROLE_LABEL[me.user.role] ?? me.user.role}</dd>
        <dt className="font-medium">Organisation</dt>
        <dd>
          {me.tenant.displayName} ({me.tenant.slug})
        </dd>
      </dl>
      <OwnNameForm id={me.user.id} displayName={me.user.displayName} />
      <PasswordForm id={me.user.id} />
      {mfa.data ? <MfaSection status={mfa.data} /> : <p role="alert">Your two-factor settings could not be loaded.</p>}
      <section aria-labelledby="sessions-title" className="flex flex-col gap-3">
        <h2 id="sessions-title" className="text-lg font-semibold">
          Where you are signed in
        </h2>
        <p className="max-w-2xl text-sm">One line per sign-in. End a session you do not recognise: that browser is signed out at its next step.</p>
        {data ? <SessionsList items={data.items} /> : <p role="alert">Your sessions could not be loaded: {error?.detail ?? error?.title}.</p>}
      </section>
    </div>
  );
}
