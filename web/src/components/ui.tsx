// The few building blocks every screen shares: fields with their errors, buttons, notices.
import Link from 'next/link';
import type { InputHTMLAttributes, ReactNode } from 'react';

export function Field({
  id,
  label,
  error,
  hint,
  ...input
}: { id: string; label: string; error?: string; hint?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <input
        id={id}
        name={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className="rounded-md border border-slate-400 bg-white px-3 py-2 text-base text-slate-900 aria-[invalid=true]:border-red-700 dark:border-slate-500 dark:bg-slate-900 dark:text-slate-100 dark:aria-[invalid=true]:border-red-400"
        {...input}
      />
      {hint && (
        <p id={`${id}-hint`} className="text-sm text-slate-600 dark:text-slate-400">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
    </div>
  );
}

export const buttonClass =
  'inline-flex items-center justify-center rounded-md bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:cursor-wait disabled:opacity-70 dark:bg-blue-500 dark:text-slate-950 dark:hover:bg-blue-400';
export const secondaryButtonClass =
  'inline-flex items-center justify-center rounded-md border border-slate-400 px-3 py-1.5 font-medium hover:bg-slate-100 dark:border-slate-500 dark:hover:bg-slate-800';

export function Notice({ kind, children, id }: { kind: 'error' | 'info'; children: ReactNode; id?: string }) {
  const tone =
    kind === 'error'
      ? 'border-red-700 bg-red-50 text-red-900 dark:border-red-400 dark:bg-red-950 dark:text-red-100'
      : 'border-blue-700 bg-blue-50 text-blue-950 dark:border-blue-400 dark:bg-blue-950 dark:text-blue-100';
  return (
    <div id={id} role={kind === 'error' ? 'alert' : 'status'} className={`rounded-md border px-3 py-2 text-sm ${tone}`}>
      {children}
    </div>
  );
}

export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="mx-auto flex min-h-screen w-full max-w-md flex-col justify-center px-4 py-10">
      <p className="mb-2 text-sm font-semibold tracking-wide text-blue-800 uppercase dark:text-blue-300">Sentinel</p>
      <h1 className="mb-6 text-2xl font-bold">{title}</h1>
      <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">{children}</div>
    </main>
  );
}

/** The way back from a page that has nothing to show (not allowed, not found). */
export function BackToOverview() {
  return (
    <p>
      <Link href="/" className="font-medium text-blue-800 underline dark:text-blue-300">
        Back to the overview
      </Link>
    </p>
  );
}
