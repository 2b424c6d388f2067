'use client';
// A secret shown once (an API key, a webhook signing secret): read-only, selected on focus,
// a Copy button that says when the browser refuses the clipboard, and Done to put it away.
import { useState } from 'react';
import { secondaryButtonClass } from './ui';

export function CopyOnce({ id, label, what, secret, onDone }: { id: string; label: string; what: string; secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState<string>();
  return (
    <>
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <input
        id={id}
        readOnly
        value={secret}
        className="rounded-md border border-slate-400 bg-white px-3 py-2 font-mono text-sm text-slate-900 dark:border-slate-500 dark:bg-slate-900 dark:text-slate-100"
        onFocus={(e) => e.target.select()}
      />
      <div className="flex gap-2">
        <button
          type="button"
          className={secondaryButtonClass}
          onClick={async () => {
            // The clipboard can be refused (an insecure origin, a denied permission): say so.
            const ok = await navigator.clipboard.writeText(secret).then(
              () => true,
              () => false,
            );
            setCopied(ok ? 'Copied.' : `The browser refused the clipboard: select the ${what} and copy it by hand.`);
          }}
        >
          Copy
        </button>
        <button type="button" className={secondaryButtonClass} onClick={onDone}>
          Done
        </button>
      </div>
      <p aria-live="polite" className="text-sm">
        {copied ?? ''}
      </p>
    </>
  );
}
