// A real OpenID Provider for tests: the `oidc-provider` package on a loopback port, with a
// minimal interaction of its own instead of a login page: whoever `login.account` names is
// signed in and consents at once. Sign-ins are driven with plain HTTP (signInAt) or by a
// browser following the same redirects. Nothing here is a mock: discovery, JWKS, the
// authorization and token endpoints, PKCE, state, nonce and `iss` are the provider's own.
import { generateKeyPairSync, randomUUID, type JsonWebKey } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestAccount {
  sub: string;
  email: string;
  email_verified: boolean;
  name?: string;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Accounts by subject; change one's email to see the next sign-in carry it. */
  accounts: Map<string, TestAccount>;
  /** Who the next interaction signs in (an object, so a suite fixture's stand-in can change it). */
  login: { account: string | undefined };
  close(): Promise<void>;
}

/** Starts a provider with one confidential client allowed to send people to `redirectUris`. */
export async function startOidcProvider(opts: {
  redirectUris: string[];
  clientId?: string;
  clientSecret?: string;
  port?: number;
  /** The signing key (a private JWK with a kid); default: a new RSA key. */
  signingKey?: JsonWebKey & { kid: string };
}): Promise<TestProvider> {
  const server: Server = createServer();
  await new Promise<void>((res) => server.listen(opts.port ?? 0, '127.0.0.1', res));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accounts = new Map<string, TestAccount>();
  const clientId = opts.clientId ?? 'sentinel';
  const clientSecret = opts.clientSecret ?? `secret-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  const provider = new Provider(issuer, {
    clients: [
      { client_id: clientId, client_secret: clientSecret, redirect_uris: opts.redirectUris, grant_types: ['authorization_code'], response_types: ['code'] },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ['test-provider-cookie-key'] },
    jwks: { keys: [(opts.signingKey ?? newSigningKey()) as never] },
    pkce: { required: () => true },
    findAccount: (_ctx, id) => {
      const a = accounts.get(id);
      return a ? { accountId: id, claims: () => ({ ...a, sub: id }) } : undefined;
    },
  });
  const handle = provider.callback();
  const op: TestProvider = {
    issuer,
    clientId,
    clientSecret,
    accounts,
    login: { account: undefined },
    close: async () => {
      server.closeAllConnections();
      await new Promise((res) => server.close(res));
    },
  };
  server.on('request', (req, res) => {
    if (!req.url?.startsWith('/interaction/')) return void handle(req, res);
    void (async () => {
      const details = await provider.interactionDetails(req, res);
      const accountId = op.login.account;
      if (!accountId || !accounts.has(accountId)) return void provider.interactionFinished(req, res, { error: 'access_denied' });
      const grant = new provider.Grant({ accountId, clientId: details.params.client_id as string });
      grant.addOIDCScope(String(details.params.scope));
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
    })().catch((err: Error) => {
      res.statusCode = 500;
      res.end(err.message);
    });
  });
  return op;
}

/** A new RSA signing key as a private JWK, with a kid of its own. */
export function newSigningKey(): JsonWebKey & { kid: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };
}

/**
 * Follows an authorization URL through the provider's redirects (keeping its cookies) until it
 * sends the browser to `redirectUri`; answers that URL's parameters (code, state, iss or error).
 */
export async function signInAt(authorizationUrl: string, redirectUri: string): Promise<Record<string, string>> {
  const jar = new Map<string, string>();
  let url = authorizationUrl;
  for (let hop = 0; hop < 10; hop++) {
    if (url.startsWith(redirectUri)) return Object.fromEntries(new URL(url).searchParams);
    const r = await fetch(url, { redirect: 'manual', headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const c of r.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    const location = r.headers.get('location');
    if (!location) throw new Error(`the provider answered ${r.status} without a redirect: ${(await r.text()).slice(0, 300)}`);
    url = new URL(location, url).href;
  }
  throw new Error('too many redirects at the provider');
}
