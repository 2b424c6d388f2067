// OpenAPI 3.1 built from the routes' own zod schemas (zod 4 emits JSON Schema
// 2020-12, which OpenAPI 3.1 uses as is). Nothing here is written by hand per
// endpoint, so the document cannot drift from what the API validates.
import { z } from 'zod';
import { errorCatalog } from '@sentinel/platform';
import type { Access, RouteSpec } from './route.js';

type AnySpec = Pick<
  RouteSpec<z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined>,
  'method' | 'summary' | 'tag' | 'access' | 'params' | 'query' | 'body' | 'responses'
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

export class OpenApiRegistry {
  private readonly paths: Record<string, Record<string, unknown>> = {};

  add(expressPath: string, spec: AnySpec): void {
    const path = expressPath.replace(/:([A-Za-z_]+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ['path', spec.params],
      ['query', spec.query],
    ] as const) {
      if (!schema) continue;
      const js = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(js.properties ?? {}))
        parameters.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: s });
    }
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(spec.responses))
      responses[status] = r.schema
        ? { description: r.description, content: { 'application/json': { schema: jsonSchema(r.schema, 'output') } } }
        : { description: r.description };
    responses.default = { description: 'Error (RFC 9457)', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
    const op: Record<string, unknown> = {
      summary: spec.summary,
      tags: [spec.tag],
      operationId: operationId(spec.method, path),
      security: spec.access === 'public' ? [] : [{ bearer: [] }],
      ...(describeAccess(spec.access) ? { description: describeAccess(spec.access) } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } } } } : {}),
      responses,
    };
    (this.paths[path] ??= {})[spec.method] = op;
  }

  document(info: { title: string; version: string }) {
    return {
      openapi: '3.1.0',
      info: { ...info, description: 'Sentinel REST API. Errors are RFC 9457 problem+json with a stable `code`.' },
      servers: [{ url: '/' }],
      paths: this.paths,
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
        schemas: { Problem: problemSchema },
      },
    };
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

function describeAccess(a: Access): string | undefined {
  if (a === 'public') return undefined;
  if (a === 'authenticated') return 'Any authenticated user.';
  return `Roles: ${a.join(', ')}.`;
}
