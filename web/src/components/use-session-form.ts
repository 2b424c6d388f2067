'use client';
import { useRef, useState } from 'react';
import { fieldErrors, formMessage } from '@/lib/problem';
import { postSession } from '@/lib/session-client';

/**
 * A form that starts a session (sign-in, accepting an invitation): while it waits the button
 * says so; on success the browser navigates (a full load, so the next page renders on the
 * server with the new cookies); on failure the API's message shows above the form, with focus
 * moved there for screen readers, and its field errors beside their fields.
 */
export function useSessionForm(path: '/session/login' | '/session/accept-invite') {
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string>();
  const [fields, setFields] = useState<Record<string, string>>({});
  const summary = useRef<HTMLDivElement>(null);
  /** Set when the password was right and a second factor is needed (sign-in only). */
  const [mfa, setMfa] = useState<{ enrolmentRequired: boolean }>();

  async function send(body: unknown, then: string) {
    setPending(true);
    setMessage(undefined);
    setFields({});
    const r = await postSession(path, body);
    if (r.ok) {
      const b = r.body as { mfaRequired?: boolean; enrolmentRequired?: boolean } | undefined;
      if (b?.mfaRequired) {
        setPending(false);
        setMfa({ enrolmentRequired: !!b.enrolmentRequired });
        return;
      }
      window.location.assign(then);
      return;
    }
    setPending(false);
    setFields(fieldErrors(r.problem));
    setMessage(formMessage(r.problem, r.retryAfterS));
    queueMicrotask(() => summary.current?.focus());
  }

  return { pending, message, setMessage, fields, summary, send, mfa };
}
