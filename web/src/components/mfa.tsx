'use client';
// Multi-factor authentication in the console: the sign-in's code step (and the enrolment a
// tenant that requires MFA asks for there), and the profile's section to enrol (QR code and
// manual key, confirmed with a code, recovery codes shown once), to get new recovery codes
// (proven with a code) and to turn MFA off.
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { renderSVG } from 'uqr';
import { browserApi } from '@/api/browser';
import { fieldErrors, formMessage } from '@/lib/problem';
import { postSession } from '@/lib/session-client';
import { ActionMessage } from './action-message';
import { Field, Notice, Select, buttonClass, dangerButtonClass, secondaryButtonClass } from './ui';
import { useAction } from './use-action';

type Enrolment = { secret: string; otpauthUri: string };

/** The otpauth:// URI as a QR code (an SVG drawn here, in the browser), and the key to type instead. */
function EnrolmentKey({ enrolment }: { enrolment: Enrolment }) {
  const svg = renderSVG(enrolment.otpauthUri, { pixelSize: 6, whiteColor: '#ffffff', blackColor: '#000000' });
  return (
    <div className="flex flex-col gap-2">
      <p className="text-sm">Scan this code with your authenticator app (Google Authenticator, 1Password, Aegis…), or type the key.</p>
      <img
        src={`data:image/svg+xml;utf8,${encodeURIComponent(svg)}`}
        alt="QR code for your authenticator app"
        width={200}
        height={200}
        className="self-start rounded-md border border-slate-300 bg-white"
      />
      <p className="text-sm">
        Key: <TotpKey secret={enrolment.secret} />
      </p>
    </div>
  );
}

/**
 * The manual key in groups of four: a narrow screen wraps it between groups, never inside one
 * (each group is an unbreakable inline block; the spaces between them are the break points).
 */
function TotpKey({ secret }: { secret: string }) {
  const groups = secret.match(/.{1,4}/g) ?? [];
  return (
    <code className="font-mono text-base tracking-wider text-slate-900 select-all dark:text-slate-100">
      {groups.map((g, i) => (
        <span key={i}>
          <span className="inline-block whitespace-nowrap">{g}</span>
          {i < groups.length - 1 ? ' ' : ''}
        </span>
      ))}
    </code>
  );
}

/** Recovery codes, shown once: each signs in once instead of a code. */
function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <div className="flex flex-col gap-2">
      <Notice kind="info">
        Save these recovery codes somewhere safe now: they are shown only once. Each one signs you in once if you lose your authenticator.
      </Notice>
      <ol aria-label="Recovery codes" className="grid grid-cols-2 gap-1 font-mono text-sm">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ol>
    </div>
  );
}

/** The sign-in's second step: a code, or (tenant policy) enrolling first. Its challenge lives in an httpOnly cookie. */
export function SignInCode({ enrolmentRequired, next }: { enrolmentRequired: boolean; next: string }) {
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string>();
  const [fields, setFields] = useState<Record<string, string>>({});
  const [enrolment, setEnrolment] = useState<Enrolment>();
  const [recovery, setRecovery] = useState<string[]>();

  async function post(path: '/session/mfa/verify' | '/session/mfa/enrolment', body?: unknown) {
    setPending(true);
    setMessage(undefined);
    setFields({});
    const r = await postSession(path, body);
    setPending(false);
    if (!r.ok) {
      setFields(fieldErrors(r.problem));
      setMessage(formMessage(r.problem, r.retryAfterS));
    }
    return r;
  }

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const code = String(new FormData(e.currentTarget).get('code') ?? '').trim();
    const r = await post('/session/mfa/verify', { code });
    if (!r.ok) return;
    const codes = (r.body as { recoveryCodes?: string[] } | undefined)?.recoveryCodes;
    if (codes) setRecovery(codes);
    else window.location.assign(next);
  }

  if (recovery)
    return (
      <div className="flex flex-col gap-4">
        <RecoveryCodes codes={recovery} />
        <a href={next} className={buttonClass}>
          I have saved them: continue
        </a>
      </div>
    );

  const mustEnrol = enrolmentRequired && !enrolment;
  return (
    <div className="flex flex-col gap-4">
      {message && <Notice kind="error">{message}</Notice>}
      {mustEnrol ? (
        <>
          <p className="text-sm">Your organisation requires two-factor authentication. Set up an authenticator app to continue.</p>
          <button
            type="button"
            className={buttonClass}
            disabled={pending}
            onClick={async () => {
              const r = await post('/session/mfa/enrolment');
              if (r.ok) setEnrolment(r.body as Enrolment);
            }}
          >
            {pending ? 'Starting…' : 'Set up an authenticator'}
          </button>
        </>
      ) : (
        <form onSubmit={submit} noValidate className="flex flex-col gap-4">
          {enrolment && <EnrolmentKey enrolment={enrolment} />}
          <Field
            id="code"
            label="Authentication code"
            hint={enrolment ? 'The 6-digit code your app shows now' : 'The 6-digit code from your authenticator app, or a recovery code'}
            autoComplete="one-time-code"
            inputMode={enrolment ? 'numeric' : 'text'}
            required
            autoFocus
            error={fields.code}
          />
          <button type="submit" className={buttonClass} disabled={pending}>
            {pending ? 'Checking…' : 'Verify'}
          </button>
        </form>
      )}
    </div>
  );
}

/** The profile's two-factor section. */
export function MfaSection({ status }: { status: { enrolled: boolean; required: boolean; recoveryCodesLeft: number } }) {
  const router = useRouter();
  const { pending, message, fields, summary, run } = useAction();
  const [enrolment, setEnrolment] = useState<Enrolment>();
  const [recovery, setRecovery] = useState<string[]>();
  const [disabling, setDisabling] = useState(false);
  const [renewing, setRenewing] = useState(false);

  async function start() {
    const r = await run(() => browserApi.POST('/api/v1/auth/mfa/enrolment'));
    if (r.ok && r.data) setEnrolment(r.data);
  }
  async function confirm(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const code = String(new FormData(e.currentTarget).get('mfa-code') ?? '').trim();
    const r = await run(() => browserApi.POST('/api/v1/auth/mfa/enrolment/confirm', { body: { code } }));
    if (r.ok && r.data) {
      setEnrolment(undefined);
      setRecovery(r.data.recoveryCodes);
      router.refresh();
    }
  }
  async function renew(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const code = String(new FormData(e.currentTarget).get('mfa-renew-code') ?? '').trim();
    const r = await run(() => browserApi.POST('/api/v1/auth/mfa/recovery-codes', { body: { code } }));
    if (r.ok && r.data) {
      setRenewing(false);
      setRecovery(r.data.recoveryCodes);
      router.refresh();
    }
  }
  async function disable(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const code = String(new FormData(e.currentTarget).get('mfa-disable-code') ?? '').trim();
    const r = await run(() => browserApi.POST('/api/v1/auth/mfa/disable', { body: { code } }));
    if (r.ok) {
      setDisabling(false);
      router.refresh();
    }
  }

  return (
    <section aria-labelledby="mfa-title" className="flex max-w-lg flex-col gap-3">
      <h2 id="mfa-title" className="text-lg font-semibold">
        Two-factor authentication
      </h2>
      <ActionMessage message={message} summary={summary} />
      {recovery && <RecoveryCodes codes={recovery} />}
      {status.enrolled ? (
        <>
          <p className="text-sm">
            On: signing in asks for a code from your authenticator app. {status.recoveryCodesLeft} recovery codes left.
            {status.required && ' Your organisation requires it.'}
          </p>
          {!disabling &&
            (renewing ? (
              <form onSubmit={renew} noValidate className="flex flex-col gap-3">
                <p className="text-sm">Ten new codes replace all your recovery codes: the old ones stop working at once.</p>
                <Field
                  id="mfa-renew-code"
                  label="Code from your authenticator app"
                  hint="6 digits (a recovery code is not accepted here)"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  required
                  error={fields.code}
                />
                <div className="flex flex-wrap gap-2">
                  <button type="submit" className={buttonClass} disabled={pending}>
                    {pending ? 'Making codes…' : 'Make new recovery codes'}
                  </button>
                  <button type="button" className={secondaryButtonClass} onClick={() => setRenewing(false)}>
                    Cancel
                  </button>
                </div>
              </form>
            ) : (
              <button
                type="button"
                className={`${secondaryButtonClass} self-start`}
                onClick={() => {
                  setRecovery(undefined);
                  setRenewing(true);
                }}
              >
                New recovery codes…
              </button>
            ))}
          {!status.required &&
            !renewing &&
            (disabling ? (
              <form onSubmit={disable} noValidate className="flex flex-col gap-3">
                <Field id="mfa-disable-code" label="Current code or a recovery code" autoComplete="one-time-code" required error={fields.code} />
                <div className="flex gap-2">
                  <button type="submit" className={dangerButtonClass} disabled={pending}>
                    {pending ? 'Turning off…' : 'Turn off two-factor authentication'}
                  </button>
                  <button type="button" className={secondaryButtonClass} onClick={() => setDisabling(false)}>
                    Cancel
                  </button>
                </div>
              </form>
            ) : (
              <button type="button" className={`${secondaryButtonClass} self-start`} onClick={() => setDisabling(true)}>
                Turn off…
              </button>
            ))}
        </>
      ) : enrolment ? (
        <form onSubmit={confirm} noValidate className="flex flex-col gap-3">
          <EnrolmentKey enrolment={enrolment} />
          <Field id="mfa-code" label="Code from the app" hint="6 digits" inputMode="numeric" autoComplete="one-time-code" required error={fields.code} />
          <button type="submit" className={`${buttonClass} self-start`} disabled={pending}>
            {pending ? 'Confirming…' : 'Confirm'}
          </button>
        </form>
      ) : (
        <>
          <p className="text-sm">
            Off. {status.required ? 'Your organisation requires it: set it up now.' : 'Add a code from an authenticator app to your password when you sign in.'}
          </p>
          <button type="button" className={`${buttonClass} self-start`} disabled={pending} onClick={start}>
            {pending ? 'Starting…' : 'Set up two-factor authentication'}
          </button>
        </>
      )}
    </section>
  );
}

const POLICY_OPTIONS = [
  ['off', 'Not required (each person chooses)'],
  ['admins', 'Required for admins'],
  ['all', 'Required for everyone'],
] as const;

/** Tenant settings: who must use two-factor authentication. */
export function MfaPolicyForm({ tenantId, required }: { tenantId: string; required: 'off' | 'admins' | 'all' }) {
  const router = useRouter();
  const { pending, message, fields, summary, run } = useAction();
  const [value, setValue] = useState(required);
  const [saved, setSaved] = useState(false);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(false);
    const r = await run(() => browserApi.PUT('/api/v1/tenants/{id}/mfa-policy', { params: { path: { id: tenantId } }, body: { required: value } }));
    setSaved(r.ok);
    if (r.ok) router.refresh();
  }
  return (
    <form onSubmit={submit} noValidate className="flex max-w-lg flex-col gap-3" aria-labelledby="mfa-policy-title">
      <h2 id="mfa-policy-title" className="text-lg font-semibold">
        Two-factor authentication
      </h2>
      <ActionMessage message={message} summary={summary} />
      {saved && !pending && <Notice kind="info">Saved. People it covers who have no authenticator set one up at their next sign-in.</Notice>}
      <Select
        id="required"
        label="Who must use it"
        options={POLICY_OPTIONS}
        value={value}
        onChange={(e) => setValue(e.target.value as typeof value)}
        error={fields.required}
      />
      <button type="submit" className={`${buttonClass} self-start`} disabled={pending}>
        {pending ? 'Updating…' : 'Update the requirement'}
      </button>
    </form>
  );
}
