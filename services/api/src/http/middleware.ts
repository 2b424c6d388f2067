import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { AppError, isUnavailableError, toProblem, type Logger, type Metrics } from '@sentinel/platform';
import { closeIfUnread, type MethodTable } from './route.js';
import { ClientGone } from './stream.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

declare module 'express-serve-static-core' {
  interface Locals {
    requestId: string;
    log: Logger;
  }
}

/**
 * Request id (a valid incoming X-Request-Id is kept, anything else replaced), a
 * child logger carrying it, one access log line, and the duration histogram
 * labelled by route template, never by raw path.
 */
export function requestContext(logger: Logger, metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = requestId;
    res.locals.log = logger.child({ requestId });
    res.setHeader('X-Request-Id', requestId);
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const route = routeTemplate(req);
      metrics.httpRequestDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      const tenantId = res.locals.principal?.tenantId;
      res.locals.log.info(
        {
          method: req.method,
          route,
          path: req.originalUrl.split('?')[0],
          status: res.statusCode,
          ms: Math.round(seconds * 1e4) / 10,
          ...(tenantId ? { tenantId } : {}),
        },
        'request',
      );
    });
    next();
  };
}

function routeTemplate(req: Request): string {
  if (!req.route) return 'unmatched';
  return `${req.baseUrl}${String(req.route.path)}`;
}

/**
 * The seed documented collection URLs with a trailing slash (`POST /api/v1/users/`).
 * Routing is strict, so exactly one trailing slash is accepted as an alias of a
 * declared path, and only of a declared path; `//`, `/USERS` and the like match nothing.
 */
export function seedTrailingSlash(methods: MethodTable): RequestHandler {
  return (req, _res, next) => {
    const path = req.path;
    if (path.length > 1 && path.endsWith('/') && !path.endsWith('//') && methods.has(path.slice(0, -1))) {
      const q = req.url.indexOf('?');
      req.url = path.slice(0, -1) + (q === -1 ? '' : req.url.slice(q));
    }
    next();
  };
}

/** A declared path asked with a method it does not answer: 405 with `Allow` (TRACE included). */
export function methodNotAllowed(methods: MethodTable): RequestHandler {
  return (req, res, next) => {
    const allowed = methods.allowed(req.path);
    if (!allowed || allowed.includes(req.method) || req.method === 'OPTIONS') return next();
    res.setHeader('Allow', [...allowed, 'OPTIONS'].join(', '));
    throw new AppError('SENTINEL_METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${req.path}; allowed: ${allowed.join(', ')}`);
  };
}

export const notFoundHandler: RequestHandler = (req) => {
  throw new AppError('SENTINEL_ROUTE_NOT_FOUND', `No endpoint ${req.method} ${req.path}`);
};

/** Body-parser failures carry a `type`; map them to catalog codes. */
function fromBodyParser(err: { type?: string; status?: number }): AppError | undefined {
  switch (err.type) {
    case 'entity.parse.failed':
      return new AppError('SENTINEL_MALFORMED_JSON', 'The body could not be parsed as JSON');
    case 'entity.too.large':
      return new AppError('SENTINEL_PAYLOAD_TOO_LARGE');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('SENTINEL_UNSUPPORTED_MEDIA_TYPE', 'Unsupported body encoding or charset');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return new AppError('SENTINEL_VALIDATION_FAILED', 'The request body was incomplete');
    default:
      // Any other error the body reader marks as the client's (status 4xx, expose) is one.
      if (typeof err.status === 'number' && err.status >= 400 && err.status < 500)
        return new AppError('SENTINEL_VALIDATION_FAILED', 'The request body could not be read');
      return undefined;
  }
}

/** The only place errors become HTTP: RFC 9457 problem+json; 5xx never shows internals. */
export const errorHandler: ErrorRequestHandler = (err: unknown, req, res, _next) => {
  // A streamed body whose client left: nothing to answer, nothing went wrong on this side.
  if (err instanceof ClientGone) {
    res.destroy();
    return;
  }
  let appErr: AppError;
  const parserErr = err && typeof err === 'object' && !(err instanceof AppError) ? fromBodyParser(err as { type?: string; status?: number }) : undefined;
  if (err instanceof AppError) appErr = err;
  else if (parserErr) appErr = parserErr;
  else if (isUnavailableError(err)) {
    appErr = new AppError('SENTINEL_UNAVAILABLE', undefined, { retryAfterSeconds: 2 });
    res.locals.log?.warn({ err: { message: (err as Error).message } }, 'dependency unavailable');
  } else {
    appErr = new AppError('SENTINEL_INTERNAL');
    (res.locals.log ?? console).error({ err }, 'unhandled error');
  }
  // Part of a body is out (a stream failed midway): a status can no longer be sent, and ending
  // the body would pass it off as whole. Cutting the connection is the signal left to the client.
  if (res.headersSent) {
    if (!res.writableEnded) res.destroy();
    return;
  }
  closeIfUnread(req, res);
  if (appErr.extras.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(appErr.extras.retryAfterSeconds));
  res
    .status(appErr.status)
    .type('application/problem+json')
    .send(JSON.stringify(toProblem(appErr, req.originalUrl.split('?')[0], res.locals.requestId)));
};
