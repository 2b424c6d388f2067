// Keyset (cursor) pagination. A page query walks the index from where the last page
// ended, so its cost does not depend on how deep the client has paged. The cursor
// is opaque to clients and bound to the sort it was made for.
import { AppError } from './errors.js';

export interface SortSpec {
  /** Prisma field name. */
  field: string;
  direction: 'asc' | 'desc';
  /** Unique within the scanned set (e.g. email within a tenant): no id tiebreak needed. */
  unique: boolean;
  /** How the field's value travels in a cursor. */
  kind: 'date' | 'string';
}

interface CursorPayload {
  /** The sort the cursor was made for. */
  s: string;
  /** The sort field's value of the last row: an ISO date or a string. */
  v: string;
  id: string;
}

export const MAX_PAGE_SIZE = 100;

/** The sorts every list offers: by creation time, oldest or newest first. */
export const createdAtSorts = {
  createdAt: { field: 'createdAt', direction: 'asc', unique: false, kind: 'date' },
  '-createdAt': { field: 'createdAt', direction: 'desc', unique: false, kind: 'date' },
} as const satisfies Record<string, SortSpec>;

export function encodeCursor(sortName: string, value: Date | string, id: string): string {
  const v = value instanceof Date ? value.toISOString() : value;
  return Buffer.from(JSON.stringify({ s: sortName, v, id } satisfies CursorPayload)).toString('base64url');
}

const CURSOR = /^[A-Za-z0-9_-]{1,512}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const badCursor = (message = 'not a cursor returned by this endpoint') =>
  new AppError('SENTINEL_VALIDATION_FAILED', 'The cursor is not valid', { errors: [{ field: 'query.cursor', message }] });

/**
 * The position a cursor stands for, typed for its sort: `(value, id)`.
 * A cursor is client input like any other: every part of it is checked (shape,
 * UUID, a date PostgreSQL can hold, clean text) before it reaches a query, and
 * anything else answers 400 naming `query.cursor`, never 500.
 */
export function cursorPosition(sortName: string, spec: SortSpec, cursor: string): { value: Date | string; id: string } {
  if (!CURSOR.test(cursor)) throw badCursor();
  let p: unknown;
  try {
    p = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (!p || typeof p !== 'object' || Array.isArray(p)) throw badCursor();
  const { s, v, id, ...rest } = p as Record<string, unknown>;
  if (Object.keys(rest).length || typeof s !== 'string' || typeof v !== 'string' || typeof id !== 'string') throw badCursor();
  if (s !== sortName) throw badCursor(`cursor belongs to another sort order`);
  if (!UUID.test(id)) throw badCursor();
  if (spec.kind === 'string') {
    if (v.length > 320 || !v.isWellFormed() || CONTROL.test(v)) throw badCursor();
    return { value: v, id };
  }
  const date = new Date(v);
  if (!ISO_MS.test(v) || Number.isNaN(date.getTime()) || date.toISOString() !== v || v < MIN_CURSOR_DATE || v > MAX_CURSOR_DATE) throw badCursor();
  return { value: date, id };
}

// Rows are created by this platform, so their timestamps lie well inside this range.
const MIN_CURSOR_DATE = '1970-01-01T00:00:00.000Z';
const MAX_CURSOR_DATE = '9999-12-31T23:59:59.999Z';

/** The Prisma `where` fragment and `orderBy` for one page after `cursor`. */
export function keyset(sortName: string, spec: SortSpec, cursor: string | undefined) {
  const orderBy: Record<string, 'asc' | 'desc'>[] = [{ [spec.field]: spec.direction }];
  if (!spec.unique) orderBy.push({ id: spec.direction });
  if (!cursor) return { where: {}, orderBy };
  const { value, id } = cursorPosition(sortName, spec, cursor);
  const past = spec.direction === 'asc' ? 'gt' : 'lt';
  const pastOrAt = spec.direction === 'asc' ? 'gte' : 'lte';
  if (spec.unique) return { where: { [spec.field]: { [past]: value } }, orderBy };
  // field >= v narrows the index range; the OR breaks ties on id within v.
  return {
    where: { AND: [{ [spec.field]: { [pastOrAt]: value } }, { OR: [{ [spec.field]: { [past]: value } }, { id: { [past]: id } }] }] },
    orderBy,
  };
}

/** Cut a `limit + 1` fetch into a page and the cursor of the next one. */
export function toPage<T extends { id: string }>(rows: T[], limit: number, sortName: string, spec: SortSpec): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor = rows.length > limit && last ? encodeCursor(sortName, (last as Record<string, unknown>)[spec.field] as Date | string, last.id) : null;
  return { items, nextCursor };
}
