// What a route declares (see route.ts): its own module, so the OpenAPI registry and the
// route builder both read it without importing each other.
import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { ApiKeyScope, Role } from '@sentinel/platform';
import type { Principal } from '../core/context.js';

export type Access = 'public' | 'authenticated' | readonly Role[];

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

export type Schema = z.ZodType;
export type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteSpec<P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express-style path relative to the router, e.g. `/users/:id`. */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  /**
   * For a platform-admin route laid over a tenant-scoped one of the same method and path
   * (app.ts mounts the platform-admin router first): a caller whose role is not in
   * `access` passes on to that route instead of being refused. The tenant-scoped route
   * documents the operation; this one is left out of the OpenAPI document.
   */
  othersPassOn?: boolean;
  /**
   * The API key scope that admits a key to this operation. Without one, API keys are
   * refused (403): key management, sessions and everything else a person does stay with
   * people. A key passes the role check as a tenant admin of its tenant, then this one.
   */
  scope?: ApiKeyScope;
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
