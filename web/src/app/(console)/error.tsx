'use client';
import { buttonClass } from '@/components/ui';

export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="flex flex-col items-start gap-3">
      <h1 className="text-2xl font-bold">Something went wrong</h1>
      <p>This page could not be loaded. Try again; if it keeps failing, give your administrator this reference: {error.digest ?? 'none'}.</p>
      <button type="button" className={buttonClass} onClick={reset}>
        Try again
      </button>
    </div>
  );
}
