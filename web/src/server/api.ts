// The typed API client for server components: openapi-fetch over the generated schema, with
// the session's access token. A 401 ends the session (GET /session/ended clears the cookies and
// the sign-in page says why); no token at all means nobody signed in.
import createClient from 'openapi-fetch';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import type { paths } from '@/api/schema';
import { config } from './config';
import { ACCESS_COOKIE, REFRESH_COOKIE } from './session';

export type Me = Awaited<ReturnType<typeof loadMe>>;

/** A client for this request's session, or a redirect to sign-in. */
export const sessionClient = cache(async () => {
  const jar = await cookies();
  const token = jar.get(ACCESS_COOKIE)?.value;
  if (!token) redirect(jar.get(REFRESH_COOKIE) ? '/session/ended' : '/sign-in');
  return createClient<paths>({ baseUrl: config.apiUrl, headers: { authorization: `Bearer ${token}` }, cache: 'no-store' });
});

/** Ends the session when the API refused it; returns otherwise. */
export function endSessionOn401(response: Response, error: unknown): void {
  if (response.status !== 401) return;
  const code = (error as { code?: string } | undefined)?.code ?? 'SENTINEL_AUTH_REQUIRED';
  redirect(`/session/ended?code=${encodeURIComponent(code)}`);
}

async function loadMe() {
  const api = await sessionClient();
  const { data, error, response } = await api.GET('/api/v1/auth/me');
  endSessionOn401(response, error);
  if (!data) throw new Error(`GET /api/v1/auth/me answered ${response.status}`);
  return data;
}

/** The signed-in user and tenant, once per request. */
export const getMe = cache(loadMe);

export const isAdmin = (me: Me) => me.user.role === 'tenant_admin' || me.user.role === 'platform_admin';
