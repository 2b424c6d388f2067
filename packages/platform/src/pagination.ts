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
  s: string;
  v: string;
  id: string;
}

export const MAX_PAGE_SIZE = 100;

export function encodeCursor(sortName: string, value: Date | string, id: string): string {
  const v = value instanceof Date ? value.toISOString() : value;
  return Buffer.from(JSON.stringify({ s: sortName, v, id } satisfies CursorPayload)).toString('base64url');
}

function decodeCursor(sortName: string, cursor: string): CursorPayload {
  let p: Partial<CursorPayload> | undefined;
  try {
    p = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorPayload>;
  } catch {
    /* handled below */
  }
  if (!p || typeof p.v !== 'string' || typeof p.id !== 'string' || typeof p.s !== 'string')
    throw new AppError('SENTINEL_VALIDATION_FAILED', 'The cursor is not valid', {
      errors: [{ field: 'query.cursor', message: 'not a cursor returned by this endpoint' }],
    });
  if (p.s !== sortName)
    throw new AppError('SENTINEL_VALIDATION_FAILED', 'The cursor was made for another sort order', {
      errors: [{ field: 'query.cursor', message: `cursor belongs to sort=${p.s}` }],
    });
  return p as CursorPayload;
}

/** The position a cursor stands for, typed for its sort: `(value, id)`. */
export function cursorPosition(sortName: string, spec: SortSpec, cursor: string): { value: Date | string; id: string } {
  const c = decodeCursor(sortName, cursor);
  const value = spec.kind === 'date' ? new Date(c.v) : c.v;
  if (value instanceof Date && Number.isNaN(value.getTime()))
    throw new AppError('SENTINEL_VALIDATION_FAILED', 'The cursor is not valid', { errors: [{ field: 'query.cursor', message: 'bad value' }] });
  return { value, id: c.id };
}

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
