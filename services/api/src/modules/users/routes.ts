import type { Router } from 'express';
import { AppError } from '@sentinel/platform';
import { apiRouter, defineRoute, hasBody, type RouteDeps } from '../../http/route.js';
import { uuidParam } from '../../core/fields.js';
import type { UploadReceiver } from '../../http/upload.js';
import type { UsersService } from './service.js';
import {
  IMPORT_HEADER_MAX_BYTES,
  createUserBody,
  importAccepted,
  importCsv,
  importHeader,
  invitation,
  listUsersQuery,
  patchUserBody,
  replaceUserBody,
  user,
  userPage,
} from './schemas.js';

export function createUsersRouter(deps: RouteDeps, users: UsersService, uploads: UploadReceiver): Router {
  const r = apiRouter();
  const base = '/api/v1';
  const admins = ['tenant_admin', 'platform_admin'] as const;
  defineRoute(r, base, deps, {
    method: 'post',
    path: '/users',
    scope: 'users:write',
    summary: 'Create a user in your tenant',
    tag: 'users',
    access: admins,
    body: createUserBody,
    responses: {
      201: { description: 'Created', schema: user },
      403: { description: 'A role your tenant cannot hold (the platform tenant: platform_admin only; others: tenant_admin or member), naming `body.role`' },
      409: { description: 'The email is taken in this tenant, or the tenant is at its user limit' },
    },
    handler: async ({ ctx, body }) => ({ status: 201, body: await users.create(ctx, body) }),
  });
  defineRoute(r, base, deps, {
    method: 'post',
    path: '/users/imports',
    // No scope: a CSV may name admins and addresses to invite; keys are refused (route.ts).
    summary: 'Import users from a CSV (Content-Type: text/csv; columns email, displayName, optional role); runs in the background',
    tag: 'users',
    access: admins,
    upload: { mediaType: 'text/csv', schema: importCsv },
    responses: { 202: { description: 'Queued; follow it at GET /api/v1/jobs/{id}', schema: importAccepted } },
    handler: async ({ ctx, req }) => {
      if (!hasBody(req))
        throw new AppError('SENTINEL_VALIDATION_FAILED', 'The CSV is empty', {
          errors: [{ field: 'body', message: 'empty: the first line must be the header email,displayName' }],
        });
      return {
        status: 202,
        body: await uploads.receive(req, async (upload) => {
          // The header is checked here, so a file that cannot be imported is refused now, not as a failed job.
          const first = (await upload.head(IMPORT_HEADER_MAX_BYTES)).toString('utf8').split('\n')[0]!.replace(/\r$/, '');
          if (!importHeader.test(first))
            throw new AppError('SENTINEL_VALIDATION_FAILED', 'The CSV needs a header row', {
              errors: [{ field: 'body', message: 'the first line must be the header email,displayName (and optionally role), in any order' }],
            });
          return users.startImport(ctx, upload);
        }),
      };
    },
  });
  defineRoute(r, base, deps, {
    method: 'get',
    path: '/users',
    scope: 'users:read',
    summary: "List your tenant's users (keyset pagination)",
    tag: 'users',
    access: 'authenticated',
    query: listUsersQuery,
    responses: { 200: { description: 'One page', schema: userPage } },
    handler: async ({ ctx, query }) => ({ body: await users.list(ctx, query) }),
  });
  defineRoute(r, base, deps, {
    method: 'get',
    path: '/users/:id',
    scope: 'users:read',
    summary: 'Get a user of your tenant',
    tag: 'users',
    access: 'authenticated',
    params: uuidParam,
    responses: { 200: { description: 'The user', schema: user } },
    handler: async ({ ctx, params }) => ({ body: await users.get(ctx, params.id) }),
  });
  defineRoute(r, base, deps, {
    method: 'put',
    path: '/users/:id',
    scope: 'users:write',
    summary: "Replace a user's email, display name and role",
    tag: 'users',
    access: admins,
    params: uuidParam,
    body: replaceUserBody,
    responses: {
      200: { description: 'Updated', schema: user },
      403: { description: 'Changing your own role, or a role your tenant cannot hold' },
      409: { description: 'The email is taken in this tenant' },
    },
    handler: async ({ ctx, params, body }) => ({ body: await users.update(ctx, params.id, body) }),
  });
  defineRoute(r, base, deps, {
    method: 'patch',
    path: '/users/:id',
    scope: 'users:write',
    summary: 'Change some fields of a user (members: own display name and password)',
    tag: 'users',
    access: 'authenticated',
    params: uuidParam,
    body: patchUserBody,
    responses: {
      200: { description: 'Updated', schema: user },
      403: { description: 'A member changing another user, their own email or role; anyone changing their own role; a role your tenant cannot hold' },
      409: { description: 'The email is taken in this tenant' },
    },
    handler: async ({ ctx, params, body }) => ({ body: await users.update(ctx, params.id, body) }),
  });
  defineRoute(r, base, deps, {
    method: 'post',
    path: '/users/:id/invite',
    scope: 'users:write',
    summary: 'Email a new invitation to a user who has not set a password (earlier links stop working)',
    tag: 'users',
    access: admins,
    params: uuidParam,
    responses: {
      202: { description: 'Invitation created and its mail queued', schema: invitation },
      409: { description: 'The user has already set a password (SENTINEL_USER_HAS_PASSWORD)' },
    },
    handler: async ({ ctx, params }) => ({ status: 202, body: await users.invite(ctx, params.id) }),
  });
  defineRoute(r, base, deps, {
    method: 'delete',
    path: '/users/:id',
    scope: 'users:write',
    summary: 'Delete a user of your tenant',
    tag: 'users',
    access: admins,
    params: uuidParam,
    responses: { 204: { description: 'Deleted' }, 403: { description: 'Deleting yourself' } },
    handler: async ({ ctx, params }) => {
      await users.delete(ctx, params.id);
      return { status: 204 };
    },
  });
  return r;
}
