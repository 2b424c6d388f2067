import Link from 'next/link';
import { SignOutButton } from '@/components/sign-out-button';
import { getMe } from '@/server/api';
import { navigation } from '@/lib/navigation';

// The signed-in shell: every page under it has a session (getMe redirects to sign-in otherwise).
export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const me = await getMe();
  const nav = navigation(me.user.role);
  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-slate-900"
      >
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <span className="font-semibold">
            Sentinel <span className="font-normal text-slate-600 dark:text-slate-400">· {me.tenant.displayName}</span>
          </span>
          <nav aria-label="Main" className="flex flex-wrap gap-x-4 gap-y-1">
            {nav.map((n) => (
              <Link key={n.href} href={n.href} className="rounded px-1 py-0.5 font-medium text-blue-800 hover:underline dark:text-blue-300">
                {n.label}
              </Link>
            ))}
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm">
            <span className="max-w-[12rem] truncate text-slate-700 dark:text-slate-300" title={me.user.email}>
              {me.user.email}
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6">
        {children}
      </main>
    </div>
  );
}
