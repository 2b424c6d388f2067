'use client';
import type { RefObject } from 'react';
import { Notice } from './ui';

/** The form-level message of useAction, focusable so it is announced when it appears. */
export function ActionMessage({ message, summary, id }: { message?: string; summary: RefObject<HTMLDivElement | null>; id?: string }) {
  if (!message) return null;
  return (
    <div ref={summary} tabIndex={-1}>
      <Notice kind="error" id={id}>
        {message}
      </Notice>
    </div>
  );
}
