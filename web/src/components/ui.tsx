// The few building blocks every screen shares: fields with their errors, buttons, notices.
import Link from 'next/link';
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from 'react';

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

const controlClass =
  'rounded-md border border-slate-400 bg-white px-3 py-2 text-base text-slate-900 aria-[invalid=true]:border-red-700 dark:border-slate-500 dark:bg-slate-900 dark:text-slate-100 dark:aria-[invalid=true]:border-red-400';

export function Select({
  id,
  label,
  options,
  error,
  ...select
}: { id: string; label: string; options: readonly (readonly [string, string])[]; error?: string } & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <select
        id={id}
        name={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className={controlClass}
        {...select}
      >
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
      {error && (
        <p id={`${id}-error`} className="text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
    </div>
  );
}

export const dangerButtonClass =
  'inline-flex items-center justify-center rounded-md bg-red-700 px-4 py-2 font-medium text-white hover:bg-red-800 disabled:cursor-wait disabled:opacity-70 dark:bg-red-400 dark:text-slate-950 dark:hover:bg-red-300';
export const linkClass = 'font-medium text-blue-800 underline dark:text-blue-300';

/** A page's title with its actions on the right (they wrap under it on narrow screens). */
export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-3">
      <h1 className="text-2xl font-bold break-all">{title}</h1>
      {children && <div className="flex flex-wrap gap-2">{children}</div>}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="rounded-md border border-dashed border-slate-400 p-6 text-center text-slate-700 dark:text-slate-300">
      {children}
    </p>
  );
}

/** A table that scrolls inside its own box on narrow screens; `hide` columns give way below 640 px. */
export function Table({ caption, columns, children }: { caption: string; columns: readonly (string | readonly [string, 'hide'])[]; children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200 dark:border-slate-800">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-100 dark:bg-slate-900">
          <tr>
            {columns.map((c) => {
              const [label, hide] = typeof c === 'string' ? [c, undefined] : c;
              return (
                <th key={label} scope="col" className={`px-3 py-2 ${hide ? 'hidden sm:table-cell' : ''}`}>
                  {label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

export const cellClass = 'border-t border-slate-200 px-3 py-2 dark:border-slate-800';
export const hiddenCellClass = `${cellClass} hidden sm:table-cell`;

export const ROLE_LABEL: Record<string, string> = { platform_admin: 'Platform admin', tenant_admin: 'Admin', member: 'Member' };

export function when(iso: string | null | undefined): string {
  return iso
    ? new Date(iso)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC')
    : '—';
}

/** The way back to a list from one of its records or forms. */
export function BackLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <p>
      <Link href={href} className={`text-sm ${linkClass}`}>
        ← {children}
      </Link>
    </p>
  );
}

const filterClass = 'rounded-md border border-slate-400 bg-white px-3 py-2 dark:border-slate-500 dark:bg-slate-900';

/** A select of a GET filter form: "any" first, then the values (the URL keeps the choice). */
export function FilterSelect({
  id,
  label,
  any,
  options,
  value,
}: {
  id: string;
  label: string;
  any: string;
  options: readonly (string | readonly [string, string])[];
  value?: string | undefined;
}) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <select id={id} name={id} defaultValue={value ?? ''} className={filterClass}>
        <option value="">{any}</option>
        {options.map((o) => {
          const [v, text] = typeof o === 'string' ? [o, o] : o;
          return (
            <option key={v} value={v}>
              {text}
            </option>
          );
        })}
      </select>
    </div>
  );
}

/** A text input of a GET filter form (the URL keeps its value), with the API's error for it when there is one. */
export function FilterInput({
  id,
  label,
  value,
  error,
  type = 'search',
  wide = false,
}: {
  id: string;
  label: string;
  value?: string | undefined;
  error?: string | undefined;
  type?: string;
  wide?: boolean;
}) {
  return <Field id={id} label={label} type={type} defaultValue={value ?? ''} error={error} className={`${filterClass} ${wide ? 'w-72 max-w-full' : ''}`} />;
}
