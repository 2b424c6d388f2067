// The one way to declare an endpoint. A route states its inputs as zod schemas, who
// may call it and what it answers; from that single declaration come request
// validation (problem+json with the field at fault), the auth and quota checks, and
// the OpenAPI 3.1 document. Handlers receive parsed input and a tenant context.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { AppError, MAX_PAGE_SIZE, filterText, humanText, type FieldError, type Role, type TenantContext } from '@sentinel/platform';
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
  /**
   * A raw upload instead of a JSON body: the content type is checked (after
   * authentication and authorization) before a byte is read, and the handler streams
   * `req` itself (see http/upload.ts). Never combined with `body`.
   */
  upload?: { mediaType: 'text/csv'; schema: z.ZodString };
  responses: Record<number, { description: string; schema?: Schema }>;
  handler: (input: HandlerInput<Out<P>, Out<Q>, Out<B>>) => Promise<Reply>;
}

export interface RouteDeps {
  registry: OpenApiRegistry;
  /** Resolves the bearer token to a principal; throws AppError on failure. */
  authenticate: RequestHandler;
  /** Per-tenant quota, run after authentication. */
  quota: RequestHandler;
  /** The JSON body reader (size limit, no compression); runs only on routes that declare a `body`. */
  jsonBody: RequestHandler;
  /** Every declared path and its methods: unknown methods on a known path answer 405. */
  methods: MethodTable;
}

/**
 * Routers for the API: case-sensitive and strict, so `/api/v1/USERS` and
 * `/api/v1//users` match nothing. (The seed's single trailing slash is an explicit
 * alias: see `seedTrailingSlash` in app.ts.)
 */
export function apiRouter(): Router {
  return Router({ caseSensitive: true, strict: true });
}

/** Declared paths (Express syntax) and the methods each answers, for 405 and `Allow`. */
export class MethodTable {
  private readonly entries = new Map<string, { pattern: RegExp; methods: Set<string> }>();

  add(path: string, method: string): void {
    let e = this.entries.get(path);
    if (!e) {
      // Declared paths hold only letters, digits, '-', '/' and ':params'.
      const pattern = new RegExp(`^${path.replace(/:[A-Za-z_]+/g, '[^/]+')}$`);
      this.entries.set(path, (e = { pattern, methods: new Set() }));
    }
    e.methods.add(method.toUpperCase());
    if (method === 'get') e.methods.add('HEAD');
  }

  /**
   * The methods the resource at a concrete path answers, or undefined when no route has
   * that path. A literal segment beats a parameter: `/users/imports` is its own resource,
   * not `/users/:id` with the id "imports".
   */
  allowed(path: string): string[] | undefined {
    let best: { literals: number; methods: Set<string> } | undefined;
    for (const [declared, e] of this.entries) {
      if (!e.pattern.test(path)) continue;
      const literals = declared.split('/').filter((seg) => seg && !seg.startsWith(':')).length;
      if (!best || literals > best.literals) best = { literals, methods: e.methods };
    }
    return best ? [...best.methods].sort() : undefined;
  }

  /** True when some route has exactly this path (used for the trailing-slash alias). */
  has(path: string): boolean {
    for (const e of this.entries.values()) if (e.pattern.test(path)) return true;
    return false;
  }
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
  deps.methods.add(basePath + spec.path, spec.method);
  const guards: RequestHandler[] = spec.access === 'public' ? [] : [deps.authenticate, deps.quota];
  const roles = Array.isArray(spec.access) ? (spec.access as readonly Role[]) : undefined;

  // Nothing of the body is read before this point: an unauthenticated or unauthorised
  // request, or one with a content type the route does not take, is answered unread.
  const admit: RequestHandler = (req, res, next) => {
    const ctx = res.locals.principal as Principal | undefined;
    if (roles && (!ctx || !roles.includes(ctx.role))) throw new AppError('SENTINEL_FORBIDDEN', `Requires role ${roles.join(' or ')}`);
    if (!hasBody(req)) return next();
    const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    if (encoding !== 'identity') throw new AppError('SENTINEL_UNSUPPORTED_MEDIA_TYPE', 'Compressed request bodies are not accepted (Content-Encoding)');
    if (spec.upload) {
      if (!req.is(spec.upload.mediaType)) throw new AppError('SENTINEL_UNSUPPORTED_MEDIA_TYPE', `Send the body as ${spec.upload.mediaType}`);
      const charset = charsetOf(req);
      if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8' && charset !== 'us-ascii')
        throw new AppError('SENTINEL_UNSUPPORTED_MEDIA_TYPE', `The ${spec.upload.mediaType} body must be UTF-8, not ${charset}`);
      return next();
    }
    if (!spec.body) return next(); // the body is not read; the connection closes after the answer
    if (!req.is('application/json')) throw new AppError('SENTINEL_UNSUPPORTED_MEDIA_TYPE');
    deps.jsonBody(req, res, next);
  };

  const run: RequestHandler = async (req, res) => {
    const ctx = res.locals.principal as Principal | undefined;
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
    closeIfUnread(req, res);
    for (const [k, v] of Object.entries(reply.headers ?? {})) res.setHeader(k, v);
    const status = reply.status ?? 200;
    if (reply.body === undefined) res.status(status).end();
    else res.status(status).json(reply.body);
  };
  router[spec.method](basePath + spec.path, ...guards, admit, run);
}

/** The `charset` parameter of the Content-Type, lower-cased, if any. */
function charsetOf(req: Request): string | undefined {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(req.headers['content-type'] ?? '');
  return m?.[1]?.toLowerCase();
}

/**
 * A body the server did not read is not drained either: the answer carries
 * `Connection: close`, so a client cannot make the server read (and discard)
 * megabytes it never asked for.
 */
export function closeIfUnread(req: Request, res: Response): void {
  if (hasBody(req) && !req.complete && !res.headersSent) res.setHeader('Connection', 'close');
}

export function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

// Reusable schema pieces.

/** Human-readable text a client may send in a body (names): one Unicode policy, from the platform. */
export const text = humanText;
export { filterText };

export const uuidParam = z.object({ id: z.uuid({ message: 'must be a UUID' }) }).strict();

export const limitParam = z.coerce
  .number({ message: 'must be a number' })
  .int('must be an integer')
  .min(1)
  .max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`)
  .default(25);

/** The opaque cursor the API issues (checked part by part: packages/platform pagination): only a `nextCursor` the same endpoint returned is valid. */
export const cursorParam = z
  .string()
  .max(512, 'must be at most 512 characters')
  .regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor returned by this endpoint')
  .optional()
  .describe(
    'Opaque page token: pass the `nextCursor` of the previous page of the same list, unchanged. ' +
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
