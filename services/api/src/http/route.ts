// The one way to declare an endpoint. A route states its inputs as zod schemas, who
// may call it and what it answers; from that single declaration come request
// validation (problem+json with the field at fault), the auth and quota checks, and
// the OpenAPI 3.1 document. Handlers receive parsed input and a tenant context.
import type { Request, RequestHandler, Response, Router } from 'express';
import { z } from 'zod';
import { AppError, MAX_PAGE_SIZE, type FieldError, type Role, type TenantContext } from '@sentinel/platform';
import type { OpenApiRegistry } from './openapi.js';

export type Access = 'public' | 'authenticated' | readonly Role[];

export interface Principal extends TenantContext {
  readonly plan: 'free' | 'pro' | 'enterprise';
}

export interface HandlerInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** Present on every route whose access is not 'public'. */
  ctx: Principal;
  req: Request;
  res: Response;
}

export interface Reply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** The handler wrote the response itself (a download stream). */
  sent?: boolean;
}

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteSpec<P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express-style path relative to the router, e.g. `/users/:id`. */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  responses: Record<number, { description: string; schema?: Schema }>;
  handler: (input: HandlerInput<Out<P>, Out<Q>, Out<B>>) => Promise<Reply>;
}

export interface RouteDeps {
  registry: OpenApiRegistry;
  /** Resolves the bearer token to a principal; throws AppError on failure. */
  authenticate: RequestHandler;
  /** Per-tenant quota, run after authentication. */
  quota: RequestHandler;
}

/** Prefix for problem `field`s and for OpenAPI parameter locations. */
type Part = 'params' | 'query' | 'body';

export function zodFieldErrors(part: Part, error: z.ZodError): FieldError[] {
  return error.issues.map((i) => {
    const path = [part, ...i.path.map(String)];
    // Unknown keys are reported on the object; name each key instead.
    if (i.code === 'unrecognized_keys') return { field: i.keys.map((k) => [...path, k].join('.')).join(', '), message: 'unknown field' };
    return { field: path.join('.'), message: i.message };
  });
}

function parsePart(part: Part, schema: Schema | undefined, value: unknown): { ok: true; value: unknown } | { ok: false; errors: FieldError[] } {
  if (!schema) return { ok: true, value: undefined };
  const r = schema.safeParse(value);
  return r.success ? { ok: true, value: r.data } : { ok: false, errors: zodFieldErrors(part, r.error) };
}

export function defineRoute<P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined>(
  router: Router,
  basePath: string,
  deps: RouteDeps,
  spec: RouteSpec<P, Q, B>,
): void {
  deps.registry.add(basePath + spec.path, spec);
  const guards: RequestHandler[] = spec.access === 'public' ? [] : [deps.authenticate, deps.quota];
  const roles = Array.isArray(spec.access) ? (spec.access as readonly Role[]) : undefined;

  const run: RequestHandler = async (req, res) => {
    const ctx = res.locals.principal as Principal | undefined;
    if (roles && (!ctx || !roles.includes(ctx.role))) throw new AppError('SENTINEL_FORBIDDEN', `Requires role ${roles.join(' or ')}`);
    if (spec.body && hasBody(req) && !req.is('application/json')) throw new AppError('SENTINEL_UNSUPPORTED_MEDIA_TYPE');
    const errors: FieldError[] = [];
    const parsed = {} as Record<Part, unknown>;
    for (const [part, schema, value] of [
      ['params', spec.params, req.params],
      ['query', spec.query, req.query],
      ['body', spec.body, req.body ?? (spec.body ? undefined : {})],
    ] as const) {
      const r = parsePart(part, schema, value);
      if (r.ok) parsed[part] = r.value;
      else errors.push(...r.errors);
    }
    if (errors.length) throw new AppError('SENTINEL_VALIDATION_FAILED', `${errors.length} field(s) failed validation`, { errors });
    const reply = await spec.handler({
      params: parsed.params as Out<P>,
      query: parsed.query as Out<Q>,
      body: parsed.body as Out<B>,
      ctx: ctx as Principal,
      req,
      res,
    });
    if (reply.sent) return;
    for (const [k, v] of Object.entries(reply.headers ?? {})) res.setHeader(k, v);
    const status = reply.status ?? 200;
    if (reply.body === undefined) res.status(status).end();
    else res.status(status).json(reply.body);
  };
  router[spec.method](basePath + spec.path, ...guards, run);
}

function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

// Reusable schema pieces.

/**
 * One Unicode policy for every human-readable field (PRECIS FreeformClass and UTS #39
 * in spirit): no C0/C1 controls or DEL, no bidi embeddings/overrides/isolates, no
 * zero-width or invisible format characters, no noncharacters, no lone surrogates;
 * stored in NFC. Written as a code point class that reads the same in ECMAScript
 * (flag u) and Python `re` (schemathesis), so the document's `pattern` is the rule.
 * Supplementary noncharacters are literal characters: Python has no `\u{...}` escape.
 */
const supplementaryNonchars = Array.from({ length: 16 }, (_, i) => String.fromCodePoint((i + 1) * 0x10000 + 0xfffe, (i + 1) * 0x10000 + 0xffff)).join('');
const FORBIDDEN_CLASS =
  '\\u0000-\\u001F\\u007F-\\u009F' + // C0, DEL, C1 controls
  '\\u200B-\\u200F\\u2060-\\u2064\\uFEFF' + // zero-width and invisible: ZWSP, ZWNJ, ZWJ, LRM, RLM, word joiner, invisible operators, BOM
  '\\u202A-\\u202E\\u2066-\\u2069' + // bidi embeddings, overrides and isolates
  '\\uFDD0-\\uFDEF\\uFFFE\\uFFFF' +
  supplementaryNonchars; // noncharacters
/** Whitespace that `String.prototype.trim` removes (bar the controls, refused anyway), spelled out: `\s` differs between dialects. */
const SPACE_CLASS = ' \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000';
const HUMAN_TEXT_POLICY =
  'Unicode text in NFC (normalised on input): no control characters (C0, C1, DEL), bidi embeddings, overrides or isolates ' +
  '(U+202A-U+202E, U+2066-U+2069), zero-width or invisible characters (U+200B-U+200F, U+2060-U+2064, U+FEFF), ' +
  'noncharacters (U+FDD0-U+FDEF, U+nFFFE, U+nFFFF) or lone surrogates. Lengths count code points.';

const allowedChars = new RegExp(`^[^${FORBIDDEN_CLASS}]*$`, 'u');
/** Not empty once trimmed: not spaces only. */
const hasVisible = new RegExp(`^(?![${SPACE_CLASS}]*$)[^${FORBIDDEN_CLASS}]*$`, 'u');

const codePoints = (s: string) => [...s].length;

function humanString(o: { min: number; max: number; trim: boolean; description: string }) {
  return z
    .string()
    .refine((v) => v.isWellFormed(), 'must be well-formed Unicode (no lone surrogates)')
    .regex(o.min > 0 ? hasVisible : allowedChars, 'must not contain control, bidi, invisible or noncharacter code points')
    .overwrite((v) => (o.trim ? v.trim() : v).normalize('NFC'))
    .refine((v) => codePoints(v) >= o.min, `must be at least ${o.min} character(s)`)
    .refine((v) => codePoints(v) <= o.max, `must be at most ${o.max} characters`)
    .meta({
      pattern: (o.min > 0 ? hasVisible : allowedChars).source,
      ...(o.min > 0 ? { minLength: o.min } : {}),
      maxLength: o.max,
      description: o.description,
    });
}

/** Human-readable text a client may send in a body (names): trimmed, NFC, bounded in code points. */
export const text = (min: number, max: number) =>
  humanString({ min, max, trim: true, description: `${HUMAN_TEXT_POLICY} Leading and trailing spaces are removed; ${min} to ${max} characters remain.` });

/** A filter value from a query string: the same policy, not trimmed, may be empty. */
export const filterText = (max: number) => humanString({ min: 0, max, trim: false, description: `${HUMAN_TEXT_POLICY} At most ${max} characters.` });

export const uuidParam = z.object({ id: z.uuid({ message: 'must be a UUID' }) }).strict();

export const limitParam = z.coerce
  .number({ message: 'must be a number' })
  .int('must be an integer')
  .min(1)
  .max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`)
  .default(25);

/** The signed, opaque cursor the API issues (see packages/platform pagination): only a `nextCursor` the same endpoint returned is valid. */
export const cursorParam = z
  .string()
  .max(512, 'must be at most 512 characters')
  .regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor returned by this endpoint')
  .optional()
  .describe(
    'Opaque, signed page token: pass the `nextCursor` of the previous page of the same list, unchanged. ' +
      'Any other value (forged, altered, from another list) answers 400 naming `query.cursor`.',
  );

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/)
      .max(512)
      .nullable()
      .describe('Pass as `cursor` for the next page; null on the last page'),
  });

/** A timestamp the API answers with (always UTC, `Z`). */
export const isoDate = z.iso.datetime();

/** Inputs are bounded to what PostgreSQL's timestamptz holds and the product means. */
export const MIN_DATE = '1970-01-01T00:00:00.000Z';
export const MAX_DATE = '9999-12-31T23:59:59.999Z';
const LEAP_DAY = '(?:\\d\\d(?:[2468][048]|[13579][26]|0[48])|(?:[2468][048]|[13579][26])00)-02-29';
const OTHER_DAYS = '\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|1\\d|2[0-8]))';
/** RFC 3339 in UTC, years 1970 to 9999, real calendar days, up to microseconds (PostgreSQL's precision). */
const DATE_PATTERN = new RegExp(`^(?=19[7-9]\\d|[2-9]\\d{3})(?:${LEAP_DAY}|${OTHER_DAYS})T(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d{1,6})?Z$`);

/** A date-time a client sends (filters, export ranges). */
export const dateInput = z
  .string()
  .regex(DATE_PATTERN, `must be an RFC 3339 UTC date-time (YYYY-MM-DDThh:mm:ss[.ffffff]Z) between ${MIN_DATE} and ${MAX_DATE}`)
  .meta({ format: 'date-time', description: `RFC 3339 in UTC (\`Z\`), from ${MIN_DATE} to ${MAX_DATE}, at most microsecond precision.` });
