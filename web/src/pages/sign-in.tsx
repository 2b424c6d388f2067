// The sign-in page: server-rendered HTML forms and no client JavaScript at all (issue #12: the
// page must load under 120 kB of script, and the App Router's runtime alone is more). A Pages
// Router page, because only it can leave the framework's runtime out (`unstable_runtimeJS`).
// Each form posts to this page; getServerSideProps answers with a redirect once signed in, or
// the page again with the API's message above the form (focused) and its field errors beside
// the fields. See server/sign-in-form.ts for the steps and docs/web.md for the session model.
import type { GetServerSideProps, PageConfig } from 'next';
import Head from 'next/head';
import { AuthCard, Field, Notice, buttonClass, secondaryButtonClass } from '@/components/ui';
import { sessionEndedMessage } from '@/lib/problem';
import { safeNext } from '@/lib/session-client';
import { asNextRequest, emptyView, readForm, signInPost, type SignInView } from '@/server/sign-in-form';

// No framework script on this page: the forms are plain HTML.
export const config: PageConfig = { unstable_runtimeJS: false };

type Props = { view: SignInView; next: string; ended: string | null; sso?: boolean };

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

export const getServerSideProps: GetServerSideProps<Props> = async ({ req, res, query }) => {
  res.setHeader('cache-control', 'no-store');
  const next = safeNext(first(query.next));
  if (req.method !== 'POST') {
    // ?sso=1: a single sign-on started from another site, sent here to be continued by a click;
    // a session ended because the organisation now requires SSO opens that form too.
    const ended = first(query.ended);
    return {
      props: {
        view: emptyView(first(query.tenant) ?? ''),
        next,
        ended: sessionEndedMessage(ended) ?? null,
        sso: first(query.sso) === '1' || ended === 'SENTINEL_AUTH_SSO_REQUIRED',
      },
    };
  }
  const form = await readForm(req);
  if (!(form instanceof URLSearchParams)) {
    res.statusCode = form.status;
    return { props: { view: { ...emptyView(), message: 'The form could not be read. Reload the page and try again.' }, next, ended: null } };
  }
  let outcome;
  try {
    outcome = await signInPost(asNextRequest(req), form);
  } catch {
    // The API did not answer at all (the web server's own errors are the only ones that throw).
    res.statusCode = 503;
    const message = 'Sentinel could not be reached. Try again in a moment.';
    return {
      props: { view: { ...emptyView(form.get('tenant') ?? ''), email: form.get('email') ?? '', message }, next: safeNext(form.get('next')), ended: null },
    };
  }
  const cookies = outcome.res.headers.getSetCookie();
  if (cookies.length) res.setHeader('set-cookie', cookies);
  const retryAfter = outcome.res.headers.get('retry-after');
  if (retryAfter) res.setHeader('retry-after', retryAfter);
  if ('redirect' in outcome) return { redirect: { destination: outcome.redirect, statusCode: 303 } };
  res.statusCode = outcome.res.status;
  return { props: { view: outcome.view, next: safeNext(form.get('next')), ended: null } };
};

function ErrorSummary({ message }: { message: string }) {
  // autoFocus: the page arrives with focus on the message, so a screen reader announces it.
  return (
    <div tabIndex={-1} autoFocus>
      <Notice kind="error" id="sign-in-error">
        {message}
      </Notice>
    </div>
  );
}

export default function SignInPage({ view, next, ended, sso = false }: Props) {
  const { message, fields } = view;
  return (
    <>
      <Head>
        <title>{view.step === 'code' ? 'Two-factor authentication · Sentinel' : 'Sign in · Sentinel'}</title>
        <meta key="viewport" name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <meta name="description" content="Sentinel console" />
        <link rel="icon" href="/icon.svg" type="image/svg+xml" />
      </Head>
      <AuthCard title={view.step === 'code' ? 'Two-factor authentication' : 'Sign in'}>
        {view.step === 'code' ? (
          <form method="post" action="/sign-in" noValidate className="flex flex-col gap-4" aria-describedby={message ? 'sign-in-error' : undefined}>
            <input type="hidden" name="step" value="code" />
            <input type="hidden" name="next" value={next} />
            {message && <ErrorSummary message={message} />}
            <Field
              id="code"
              label="Authentication code"
              hint="The 6-digit code from your authenticator app, or a recovery code"
              autoComplete="one-time-code"
              required
              autoFocus={!message}
              error={fields.code}
            />
            <button type="submit" className={buttonClass}>
              Verify
            </button>
          </form>
        ) : (
          <form method="post" action="/sign-in" noValidate className="flex flex-col gap-4" aria-describedby={message ? 'sign-in-error' : undefined}>
            <input type="hidden" name="next" value={next} />
            {ended && <Notice kind="info">{ended}</Notice>}
            {message && <ErrorSummary message={message} />}
            <Field
              id="tenant"
              label="Organisation"
              hint="Your organisation's short name, e.g. acme"
              autoComplete="organization"
              required
              defaultValue={view.tenant}
              error={fields.tenant}
            />
            <Field id="email" label="Email" type="email" autoComplete="username" required defaultValue={view.email} error={fields.email} />
            <Field id="password" label="Password" type="password" autoComplete="current-password" required error={fields.password} />
            <button type="submit" className={buttonClass}>
              Sign in
            </button>
          </form>
        )}
        {view.step !== 'code' && (
          // Single sign-on: a separate GET form that sends the organisation's short name only
          // (never the password form's fields) to the console's SSO start route. A <details>
          // keeps it out of the way without script.
          <details open={sso || view.sso === true} className="mt-6 border-t border-slate-200 pt-4 dark:border-slate-700">
            <summary className="cursor-pointer text-sm font-medium">Sign in with single sign-on (SSO)</summary>
            <form method="get" action="/session/sso/start" className="mt-4 flex flex-col gap-4">
              <Field
                id="sso-tenant"
                name="tenant"
                label="Short name for single sign-on"
                hint="Your organisation's short name; its identity provider signs you in"
                autoComplete="organization"
                required
                defaultValue={view.tenant}
              />
              <button type="submit" className={secondaryButtonClass}>
                Continue with SSO
              </button>
            </form>
          </details>
        )}
      </AuthCard>
    </>
  );
}
