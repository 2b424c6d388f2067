'use client';
// One way for every form and button that changes something through the API: while the call
// runs the control says so; a problem+json answer becomes a message (focused, so a screen
// reader announces it) and its errors[].field messages go next to their fields.
import { useRef, useState } from 'react';
import { fieldErrors, formMessage, isProblem, type Problem } from '@/lib/problem';

type Result<T> = { data?: T; error?: unknown; response: Response };

const unreachable: Problem = {
  type: 'about:blank',
  title: 'Sentinel could not be reached; check your connection and try again',
  status: 0,
  code: 'SENTINEL_UNAVAILABLE',
};

export function useAction() {
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string>();
  const [fields, setFields] = useState<Record<string, string>>({});
  const summary = useRef<HTMLDivElement>(null);

  /** Runs the call; resolves to its data on success and to undefined after showing the problem. */
  async function run<T>(call: () => Promise<Result<T>>): Promise<{ ok: true; data: T | undefined } | { ok: false; problem: Problem }> {
    setPending(true);
    setMessage(undefined);
    setFields({});
    let r: Result<T> | undefined;
    try {
      r = await call();
    } catch {
      r = undefined;
    }
    setPending(false);
    if (r && r.response.ok) return { ok: true, data: r.data };
    const problem = r
      ? isProblem(r.error)
        ? r.error
        : { ...unreachable, title: `Unexpected answer (${r.response.status})`, status: r.response.status }
      : unreachable;
    const retry = Number(r?.response.headers.get('retry-after'));
    setFields(fieldErrors(problem));
    setMessage(formMessage(problem, retry > 0 ? retry : undefined));
    queueMicrotask(() => summary.current?.focus());
    return { ok: false, problem };
  }

  /** A message of the form's own (a rule checked before calling the API). */
  function refuse(text: string) {
    setMessage(text);
    queueMicrotask(() => summary.current?.focus());
  }

  return { pending, message, fields, summary, run, refuse };
}
