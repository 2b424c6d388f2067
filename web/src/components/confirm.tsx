'use client';
// A destructive action asks first, in a modal <dialog> (focus moves into it, Escape cancels).
// With `typed`, the confirm button stays disabled until that exact text is typed.
import { useRef, useState, type ReactNode } from 'react';
import { buttonClass, dangerButtonClass, secondaryButtonClass } from './ui';

export function Confirm({
  trigger,
  title,
  children,
  confirm,
  typed,
  onConfirm,
  danger = true,
}: {
  trigger: string;
  title: string;
  children: ReactNode;
  confirm: string;
  typed?: string;
  onConfirm: () => Promise<boolean | void>;
  danger?: boolean;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const ready = !typed || text === typed;
  const id = `confirm-${trigger.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <>
      <button type="button" className={danger ? dangerButtonClass : secondaryButtonClass} onClick={() => dialog.current?.showModal()}>
        {trigger}
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={`${id}-title`}
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-slate-300 bg-white p-5 text-slate-900 shadow-xl backdrop:bg-slate-950/50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
        onClose={() => setText('')}
      >
        <h2 id={`${id}-title`} className="mb-2 text-lg font-bold">
          {title}
        </h2>
        <div className="mb-4 flex flex-col gap-2 text-sm">{children}</div>
        {typed && (
          <div className="mb-4 flex flex-col gap-1">
            <label htmlFor={`${id}-typed`} className="text-sm font-medium">
              Type <span className="font-mono">{typed}</span> to confirm
            </label>
            <input
              id={`${id}-typed`}
              autoComplete="off"
              value={text}
              onChange={(e) => setText(e.target.value)}
              className="rounded-md border border-slate-400 bg-white px-3 py-2 dark:border-slate-500 dark:bg-slate-950"
            />
          </div>
        )}
        <div className="flex justify-end gap-2">
          <button type="button" className={secondaryButtonClass} onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button
            type="button"
            className={danger ? dangerButtonClass : buttonClass}
            disabled={!ready || busy}
            onClick={async () => {
              setBusy(true);
              const keep = await onConfirm();
              setBusy(false);
              if (keep !== false) dialog.current?.close();
            }}
          >
            {busy ? 'Working…' : confirm}
          </button>
        </div>
      </dialog>
    </>
  );
}
