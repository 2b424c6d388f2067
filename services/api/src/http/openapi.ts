// OpenAPI 3.1 built from the routes' own zod schemas (zod 4 emits JSON Schema
// 2020-12, which OpenAPI 3.1 uses as is). Nothing here is written by hand per
// endpoint, so the document cannot drift from what the API validates.
import { z } from 'zod';
import { errorCatalog } from '@sentinel/platform';
import type { Role } from '@sentinel/platform';
import type { Access, RouteSpec } from './spec.js';

type AnySpec = Pick<
  RouteSpec<z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined>,
  'method' | 'summary' | 'tag' | 'access' | 'params' | 'query' | 'body' | 'upload' | 'responses' | 'scope'
>;

const jsonSchema = (s: z.ZodType, io: 'input' | 'output') => {
  const out = z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete out.$schema;
  return out;
};

const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string', enum: Object.keys(errorCatalog) },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

const ALL_ROLES: readonly Role[] = ['platform_admin', 'tenant_admin', 'member'];
const ROLE_NAMES: Record<Role, string> = { platform_admin: 'platform admins', tenant_admin: 'tenant admins', member: 'members' };

/** Who may call a route, from its declared `access`: the description and `x-sentinel-roles` both come from here. */
export function rolesOf(a: Access): readonly Role[] {
  if (a === 'public') return [];
  return a === 'authenticated' ? ALL_ROLES : a;
}

function describeAccess(a: Access): string {
  if (a === 'public') return 'Public: no authentication.';
  if (a === 'authenticated') return 'Any authenticated user (platform admins, tenant admins, members); what each may do is in the summary.';
  return `Only ${a.map((r) => ROLE_NAMES[r]).join(' and ')}; other roles get 403.`;
}

/**
 * A response or request body that is not JSON states its media types in its schema's
 * metadata: `schema.meta({ 'x-media-types': ['text/csv'] })`.
 */
function mediaTypes(s: z.ZodType): string[] | undefined {
  const m = z.globalRegistry.get(s) as { 'x-media-types'?: string[] } | undefined;
  return m?.['x-media-types'];
}

function content(s: z.ZodType, io: 'input' | 'output'): Record<string, { schema: unknown }> {
  const schema = jsonSchema(s, io);
  delete schema['x-media-types'];
  return Object.fromEntries((mediaTypes(s) ?? ['application/json']).map((t) => [t, { schema }]));
}

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });

/** Whether the body may be left out (an optional zod schema). */
const bodyOptional = (s: z.ZodType) => s.safeParse(undefined).success;

/** The headers every webhook request carries (Standard Webhooks). */
const WEBHOOK_HEADERS = [
  ['webhook-id', 'The event id: the same on every attempt and redelivery (deduplicate on it)'],
  ['webhook-timestamp', 'This attempt, in seconds since the epoch (refuse old ones)'],
  ['webhook-signature', '`v1,<base64 HMAC-SHA-256 of "<webhook-id>.<webhook-timestamp>.<body>">` per live secret, space-separated'],
].map(([name, description]) => ({ name, in: 'header', required: true, description, schema: { type: 'string' } }));

export class OpenApiRegistry {
  private readonly paths: Record<string, Record<string, Record<string, unknown>>> = {};
  private readonly webhooks: Record<string, Record<string, unknown>> = {};

  /** An outgoing webhook (OpenAPI 3.1 `webhooks`): what Sentinel POSTs to a tenant's endpoints for `event`. */
  addWebhook(event: string, summary: string, body: z.ZodType): void {
    this.webhooks[event] = {
      post: {
        operationId: `webhook-${event}`,
        summary,
        tags: ['webhooks'],
        parameters: WEBHOOK_HEADERS,
        requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(body, 'output') } } },
        responses: { '200': { description: 'Any 2xx: delivered. Anything else, a timeout or a redirect is retried (docs/webhooks.md)' } },
      },
    };
  }

  add(expressPath: string, spec: AnySpec): void {
    const path = expressPath.replace(/:([A-Za-z_]+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ['path', spec.params],
      ['query', spec.query],
    ] as const) {
      if (!schema) continue;
      const js = jsonSchema(schema, 'input') as { properties?: Record<string, { description?: string }>; required?: string[] };
      for (const [name, s] of Object.entries(js.properties ?? {}))
        parameters.push({
          name,
          in: where,
          required: where === 'path' || (js.required ?? []).includes(name),
          ...(s.description ? { description: s.description } : {}),
          schema: s,
        });
    }
    const isPublic = spec.access === 'public';
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(spec.responses))
      responses[status] = r.schema
        ? { description: r.description, content: content(r.schema, 'output') }
        : Number(status) >= 400
          ? problem(r.description)
          : { description: r.description };
    // The statuses every route of this shape can give, unless the route says more.
    const generic: Record<number, string | false> = {
      400:
        !!(spec.params || spec.query || spec.body || spec.upload) &&
        'Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`)',
      401: !isPublic && 'Missing, invalid or expired access token, or the user or tenant is gone or suspended',
      403: Array.isArray(spec.access) && `Your role may not call this (${rolesOf(spec.access).join(', ')} only)`,
      404: !!spec.params && 'No such resource in your tenant (ids of other tenants answer 404 too)',
      413: !!(spec.body || spec.upload) && 'The body is larger than the limit',
      415: !!(spec.body || spec.upload) && `The body is not \`${spec.upload ? `${spec.upload.mediaType}\` in UTF-8` : 'application/json`'} or is compressed`,
      429: !isPublic && "The tenant's request quota is exhausted (see Retry-After)",
    };
    for (const [status, description] of Object.entries(generic)) {
      if (!description) continue;
      const declared = spec.responses[Number(status)];
      responses[status] = problem(declared ? `${description}; ${declared.description}` : description);
    }
    // No `default`: a status the document does not list is a contract failure, not a catch-all.
    responses['500'] ??= problem('Internal error: a stable code and the requestId, never internals (the cause is in the log under that id)');
    responses['503'] ??= problem('PostgreSQL or Redis is unavailable; retry later');
    const roles = rolesOf(spec.access);
    const op: Record<string, unknown> = {
      summary: spec.summary,
      description: describeAccess(spec.access) + (spec.scope ? ` API keys need the scope \`${spec.scope}\`.` : ''),
      tags: [spec.tag],
      operationId: operationId(spec.method, path),
      security: isPublic ? [] : [{ bearer: [] }],
      'x-sentinel-roles': roles,
      ...(spec.scope ? { 'x-sentinel-api-key-scope': spec.scope } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(spec.body ? { requestBody: { required: !bodyOptional(spec.body), content: content(spec.body, 'input') } } : {}),
      ...(spec.upload ? { requestBody: { required: true, content: { [spec.upload.mediaType]: { schema: jsonSchema(spec.upload.schema, 'input') } } } } : {}),
      responses: Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b))),
    };
    (this.paths[path] ??= {})[spec.method] = op;
  }

  document(info: { title: string; version: string }) {
    return {
      openapi: '3.1.0',
      info: {
        ...info,
        description:
          'Sentinel REST API. Errors are RFC 9457 problem+json with a stable `code`; validation errors name each field in `errors`. ' +
          'Each operation states who may call it in its description and in `x-sentinel-roles` (empty: public).',
      },
      servers: [{ url: '/' }],
      paths: this.withLinks(),
      webhooks: this.webhooks,
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
        schemas: { Problem: problemSchema },
      },
    };
  }

  /** OpenAPI links from each create (201) to the operations on the created resource, so clients and fuzzers can follow them. */
  private withLinks() {
    const paths = structuredClone(this.paths);
    for (const [path, ops] of Object.entries(paths)) {
      const created = (ops.post?.responses as Record<string, Record<string, unknown>> | undefined)?.['201'];
      const item = paths[`${path}/{id}`];
      if (!created || !item) continue;
      created.links = Object.fromEntries(
        Object.values(item).map((op) => [op.operationId as string, { operationId: op.operationId, parameters: { id: '$response.body#/id' } }]),
      );
    }
    return paths;
  }
}

/** `get /api/v1/users/{id}` -> `getUsersById`; `get /` -> `getRoot`. */
function operationId(method: string, path: string): string {
  const words = path
    .replace(/^\/api\/v1/, '')
    .split('/')
    .filter(Boolean)
    .map((w) => (w.startsWith('{') ? `By-${w.slice(1, -1)}` : w));
  const camel = (words.length ? words : ['root']).join('-').replace(/(^|-)([a-z])/gi, (_, __, c: string) => c.toUpperCase());
  return method + camel;
}
