'use client';
// A tenant admin's single sign-on (OpenID Connect): the provider's issuer, client id and
// secret (write-only: never shown again), the email domains allowed, the role of people
// provisioned at their first sign-in, on/off, and "SSO required" (members must use SSO;
// admins keep their password). Saving and removing ask for a fresh second factor from admins
// with two-factor authentication (step-up), as creating an API key does.
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { browserApi } from '@/api/browser';
import type { paths } from '@/api/schema';
import { ActionMessage } from './action-message';
import { Confirm } from './confirm';
import { Field, Notice, Select, buttonClass } from './ui';
import { useAction } from './use-action';

type SsoView = paths['/api/v1/tenant/sso']['get']['responses'][200]['content']['application/json'];
type Role = NonNullable<SsoView['provider']>['defaultRole'];

const ROLES = [
  ['member', 'Member'],
  ['tenant_admin', 'Admin'],
] as const;

const stepUpAsked = (code: string) => code === 'SENTINEL_MFA_STEP_UP_REQUIRED' || code === 'SENTINEL_MFA_CODE_INVALID';

export function SsoSettings({ view, slug }: { view: SsoView; slug: string }) {
  const router = useRouter();
  const save = useAction();
  const remove = useAction();
  const p = view.provider;
  const [issuer, setIssuer] = useState(p?.issuer ?? '');
  const [clientId, setClientId] = useState(p?.clientId ?? '');
  const [clientSecret, setClientSecret] = useState('');
  const [domains, setDomains] = useState(p?.allowedDomains.join(', ') ?? '');
  const [defaultRole, setDefaultRole] = useState<Role>(p?.defaultRole ?? 'member');
  const [enabled, setEnabled] = useState(p?.enabled ?? true);
  const [ssoRequired, setSsoRequired] = useState(p?.ssoRequired ?? false);
  const [needCode, setNeedCode] = useState(false);
  const [code, setCode] = useState('');
  const [saved, setSaved] = useState(false);
  const withCode = () => (needCode && code ? { headers: { 'x-mfa-code': code } } : {});
  // allowedDomains.0 and the like name the list's field.
  const domainError = Object.entries(save.fields).find(([k]) => k.startsWith('allowedDomains'))?.[1];

  return (
    <section aria-labelledby="sso-title" className="flex max-w-lg flex-col gap-3">
      <h2 id="sso-title" className="text-lg font-semibold">
        Single sign-on
      </h2>
      {p ? (
        <p className="text-sm">
          {p.enabled ? 'On' : 'Off'}: people sign in through <span className="break-all">{p.issuer}</span>
          {p.ssoRequired ? '; members must use it.' : '.'}
        </p>
      ) : (
        <p role="status" className="text-sm">
          Not set up. People sign in with their password.
        </p>
      )}
      <p className="text-sm text-slate-700 dark:text-slate-300">
        Register this redirect URI with your identity provider: <code className="break-all">{view.callbackUrl}</code>. People then sign in with “Sign in with
        single sign-on (SSO)” on the sign-in page, or from a link to <code className="break-all">/session/sso/start?tenant={slug}</code>.
      </p>
      <form
        aria-labelledby="sso-title"
        className="flex flex-col gap-3"
        onSubmit={async (e) => {
          e.preventDefault();
          setSaved(false);
          const allowedDomains = domains
            .split(/[\s,]+/)
            .map((d) => d.trim())
            .filter(Boolean);
          const r = await save.run(() =>
            browserApi.PUT('/api/v1/tenant/sso', {
              body: { issuer, clientId, ...(clientSecret ? { clientSecret } : {}), allowedDomains, defaultRole, enabled, ssoRequired },
              ...withCode(),
            }),
          );
          if (!r.ok && stepUpAsked(r.problem.code)) setNeedCode(true);
          setCode('');
          if (r.ok) {
            setNeedCode(false);
            setClientSecret('');
            setSaved(true);
            router.refresh();
          }
        }}
      >
        <ActionMessage message={save.message} summary={save.summary} />
        {saved && <Notice kind="info">Single sign-on saved.</Notice>}
        <Field
          id="sso-issuer"
          label="Issuer URL"
          hint="Your provider's issuer, e.g. https://login.example.com/realms/acme (Sentinel reads its discovery document)."
          type="url"
          required
          value={issuer}
          error={save.fields.issuer}
          onChange={(e) => setIssuer(e.target.value)}
        />
        <Field id="sso-client-id" label="Client ID" required value={clientId} error={save.fields.clientId} onChange={(e) => setClientId(e.target.value)} />
        <Field
          id="sso-client-secret"
          label="Client secret"
          hint={
            p
              ? 'Stored encrypted and never shown. Leave empty to keep the current one, unless you change the issuer or client ID.'
              : 'Stored encrypted and never shown again.'
          }
          type="password"
          autoComplete="off"
          required={!p}
          value={clientSecret}
          error={save.fields.clientSecret}
          onChange={(e) => setClientSecret(e.target.value)}
        />
        <Field
          id="sso-domains"
          label="Allowed email domains"
          hint="Comma-separated, e.g. example.com, example.org. Only people with an email there may sign in."
          required
          value={domains}
          error={domainError}
          onChange={(e) => setDomains(e.target.value)}
        />
        <Select
          id="sso-default-role"
          label="Role of people signing in for the first time"
          options={ROLES}
          value={defaultRole}
          error={save.fields.defaultRole}
          onChange={(e) => setDefaultRole(e.target.value as Role)}
        />
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="sso-enabled" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          <span>Single sign-on is on</span>
        </label>
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" name="sso-required" className="mt-1" checked={ssoRequired} onChange={(e) => setSsoRequired(e.target.checked)} />
          <span>Require single sign-on: members can no longer sign in with a password (and their password sessions end). Admins keep their password.</span>
        </label>
        {needCode && (
          <Field
            id="sso-mfa-code"
            label="Authentication code"
            hint="You use two-factor authentication: the 6-digit code your app shows now (or a recovery code)."
            autoComplete="one-time-code"
            value={code}
            error={save.fields['header.x-mfa-code'] ?? remove.fields['header.x-mfa-code']}
            onChange={(e) => setCode(e.target.value)}
          />
        )}
        <div className="flex flex-wrap gap-2">
          <button type="submit" className={buttonClass} disabled={save.pending}>
            {save.pending ? 'Saving…' : 'Save single sign-on'}
          </button>
        </div>
      </form>
      {p && (
        <div className="flex flex-col gap-2">
          <ActionMessage message={remove.message} summary={remove.summary} />
          <div>
            <Confirm
              trigger="Remove single sign-on"
              title="Remove single sign-on?"
              confirm="Remove"
              onConfirm={async () => {
                const r = await remove.run(() => browserApi.DELETE('/api/v1/tenant/sso', withCode()));
                if (!r.ok && stepUpAsked(r.problem.code)) setNeedCode(true);
                if (r.ok) router.refresh();
              }}
            >
              <p>People can no longer sign in through {p.issuer}. Those who have no password will need an invitation to set one.</p>
            </Confirm>
          </div>
        </div>
      )}
    </section>
  );
}
