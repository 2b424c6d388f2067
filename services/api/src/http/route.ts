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

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** Well-formed Unicode without control characters (PostgreSQL rejects NUL; the rest is never wanted in names). */
const clean = (s: z.ZodString) =>
  s.refine((v) => v.isWellFormed(), 'must be well-formed Unicode').refine((v) => !CONTROL_CHARS.test(v), 'must not contain control characters');

/** Text a client may send in a body: trimmed, bounded, clean. */
export const text = (min: number, max: number) => clean(z.string().trim().min(min).max(max));

/** A filter value from a query string: clean, not trimmed, may be empty. */
export const filterText = (max: number) => clean(z.string().max(max));

export const uuidParam = z.object({ id: z.uuid({ message: 'must be a UUID' }) }).strict();

export const limitParam = z.coerce
  .number({ message: 'must be a number' })
  .int('must be an integer')
  .min(1)
  .max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`)
  .default(25);

export const cursorParam = z.string().max(512).optional();

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page') });

export const isoDate = z.iso.datetime();
