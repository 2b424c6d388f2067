'use client';
// A keyset-paginated list in the browser: the first page comes from the server, "Load more"
// asks the API for the next one with its cursor. One piece for every list that pages.
import { useState } from 'react';
import { Notice, buttonClass } from './ui';

type Page<T> = { items: T[]; nextCursor: string | null };
type Fetched<T> = { data?: Page<T>; error?: { detail?: string; title: string } };

/**
 * The items so far and the list's footer: how many are shown (announced politely), why the last
 * "Load more" failed, and the button while there is a next page. `noun` is [singular, plural].
 */
export function usePages<T>(initial: Page<T>, next: (cursor: string) => Promise<Fetched<T>>, noun: readonly [string, string]) {
  const [items, setItems] = useState(initial.items);
  const [cursor, setCursor] = useState(initial.nextCursor);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string>();

  async function loadMore() {
    if (!cursor) return;
    setLoading(true);
    setError(undefined);
    const { data, error: problem } = await next(cursor).catch((): Fetched<T> => ({}));
    setLoading(false);
    if (!data) {
      setError(`Could not load more ${noun[1]}: ${problem ? `${problem.detail ?? problem.title}.` : 'Sentinel could not be reached. Try again.'}`);
      return;
    }
    setItems((prev) => [...prev, ...data.items]);
    setCursor(data.nextCursor);
  }

  const footer = (
    <>
      <p className="text-sm text-slate-700 dark:text-slate-300" aria-live="polite">
        Showing {items.length} {items.length === 1 ? noun[0] : noun[1]}
        {!cursor && items.length ? ' (all)' : ''}.
      </p>
      {error && <Notice kind="error">{error}</Notice>}
      {cursor && (
        <button type="button" className={`${buttonClass} self-start`} onClick={loadMore} disabled={loading}>
          {loading ? 'Loading…' : 'Load more'}
        </button>
      )}
    </>
  );
  return { items, footer };
}
