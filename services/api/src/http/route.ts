// The one way to declare an endpoint. A route states its inputs as zod schemas, who
// may call it and what it answers; from that single declaration come request
// validation (problem+json with the field at fault), the auth and quota checks, and
// the OpenAPI 3.1 document. Handlers receive parsed input and a tenant context.
// Route declarations across modules share one shape on purpose (they are data, each a
// call into one service method), so a duplicate finder pairs them: not logic twins.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import { AppError, type FieldError, type Role } from '@sentinel/platform';
import type { Principal } from '../core/context.js';
import type { OpenApiRegistry } from './openapi.js';
import type { Out, RouteSpec, Schema } from './spec.js';

export type { Access, HandlerInput, Reply, RouteSpec } from './spec.js';

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
  if (!spec.othersPassOn) deps.registry.add(basePath + spec.path, spec);
  deps.methods.add(basePath + spec.path, spec.method);
  const guards: RequestHandler[] = spec.access === 'public' ? [] : [deps.authenticate, deps.quota];
  const roles = Array.isArray(spec.access) ? (spec.access as readonly Role[]) : undefined;

  // Nothing of the body is read before this point: an unauthenticated or unauthorised
  // request, or one with a content type the route does not take, is answered unread.
  const admit: RequestHandler = (req, res, next) => {
    const ctx = res.locals.principal as Principal | undefined;
    if (roles && (!ctx || !roles.includes(ctx.role))) {
      if (spec.othersPassOn && ctx) return next('route');
      throw new AppError('SENTINEL_FORBIDDEN', `Requires role ${roles.join(' or ')}`);
    }
    if (ctx?.scopes) {
      if (!spec.scope) throw new AppError('SENTINEL_FORBIDDEN', 'API keys cannot call this operation');
      if (!ctx.scopes.includes(spec.scope)) throw new AppError('SENTINEL_FORBIDDEN', `This API key lacks the scope ${spec.scope}`);
    }
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
