export default function Loading() {
  return (
    <p role="status" aria-live="polite" className="text-slate-600 dark:text-slate-400">
      Loading webhooks…
    </p>
  );
}
