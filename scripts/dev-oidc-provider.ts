// `SSO_DEV_PROVIDER=1 npm run dev`: a local OpenID Provider (the `oidc-provider` package, a
// development dependency) to try single sign-on with. Its login page is oidc-provider's
// development one: any login and password sign in, and the login becomes the person's subject
// and, when it looks like one, their (verified) email. Never for production: it keeps
// everything in memory and signs with keys it makes at start.
import Provider from 'oidc-provider';

export interface DevProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

export async function startDevOidcProvider(port: number, redirectUri: string): Promise<DevProvider> {
  const issuer = `http://localhost:${port}`;
  const clientId = 'sentinel-dev';
  const clientSecret = 'sentinel-dev-client-secret';
  const provider = new Provider(issuer, {
    clients: [
      { client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'] },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    features: { devInteractions: { enabled: true } },
    findAccount: (_ctx, id) => ({
      accountId: id,
      claims: () => ({ sub: id, ...(id.includes('@') ? { email: id.toLowerCase(), email_verified: true } : {}), name: id.split('@')[0] }),
    }),
  });
  const server = await new Promise<ReturnType<typeof provider.listen>>((res, rej) => {
    const s = provider.listen(port, () => res(s));
    s.once('error', rej);
  });
  return { issuer, clientId, clientSecret, close: () => new Promise((res) => server.close(() => res())) };
}
