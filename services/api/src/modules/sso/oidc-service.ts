// The OpenID Connect relying party, through openid-client: discovery (cached per tenant
// configuration), the authorization URL with state, nonce and PKCE (S256), and the code
// exchange with the ID token's checks (issuer, audience, nonce, expiry, signature).
// ID token signatures are checked too (enableNonRepudiationChecks): openid-client keeps the
// provider's JWKS and fetches it again when a token names a key it does not know (a key
// rotation), at most once a minute, and every 5 minutes anyway.
import * as oidc from 'openid-client';
import { AppError } from '@sentinel/platform';

export interface ProviderRef {
  tenantId: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
}

export interface SignInClaims {
  issuer: string;
  subject: string;
  email: string | undefined;
  emailVerified: boolean;
  name: string | undefined;
}

const DISCOVERY_TTL_MS = 3_600_000;
const unavailable = (detail: string) => new AppError('SENTINEL_SSO_PROVIDER_UNAVAILABLE', detail);
export const ssoInvalid = (detail?: string, field = 'body.code') =>
  new AppError('SENTINEL_AUTH_SSO_INVALID', detail, { errors: [{ field, message: detail ?? 'not valid, expired or already used' }] });

/** A failure the identity provider or the browser's answer caused (400), or the provider being out of reach (502). */
function classify(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof oidc.ResponseBodyError || err instanceof oidc.AuthorizationResponseError) return ssoInvalid(`The identity provider refused: ${err.error}`);
  if (err instanceof oidc.ClientError && err.code !== 'OAUTH_TIMEOUT') {
    // The library's own error wraps the check that failed (e.g. 'unexpected ID Token "nonce" claim value').
    const inner = err.cause instanceof Error ? err.cause.message : err.message;
    return ssoInvalid(`The identity provider's answer failed a check: ${inner}`);
  }
  return unavailable(`The identity provider could not be reached (${(err as Error)?.message ?? 'error'})`);
}

export class OidcProviders {
  private readonly configs = new Map<string, { key: string; at: number; config: Promise<oidc.Configuration> }>();

  constructor(private readonly opts: { allowHttp: boolean; timeoutMs: number }) {}

  /** The provider's configuration (discovered, cached an hour per tenant and settings). */
  async config(ref: ProviderRef): Promise<oidc.Configuration> {
    const key = `${ref.issuer}\n${ref.clientId}\n${ref.clientSecret}`;
    const hit = this.configs.get(ref.tenantId);
    if (hit && hit.key === key && Date.now() - hit.at < DISCOVERY_TTL_MS) return hit.config;
    const config = this.discover(ref);
    this.configs.set(ref.tenantId, { key, at: Date.now(), config });
    config.catch(() => this.configs.get(ref.tenantId)?.config === config && this.configs.delete(ref.tenantId));
    return config;
  }

  /** Discovery as an admin saves settings: the issuer must answer, and name itself exactly. */
  async check(ref: ProviderRef): Promise<void> {
    try {
      await this.discover(ref);
    } catch (err) {
      throw new AppError('SENTINEL_VALIDATION_FAILED', undefined, {
        errors: [{ field: 'body.issuer', message: `OpenID Connect discovery failed: ${(err as Error).message}` }],
      });
    }
  }

  private async discover(ref: ProviderRef): Promise<oidc.Configuration> {
    const execute = [oidc.enableNonRepudiationChecks, ...(this.opts.allowHttp ? [oidc.allowInsecureRequests] : [])];
    return oidc.discovery(new URL(ref.issuer), ref.clientId, { client_secret: ref.clientSecret }, oidc.ClientSecretBasic(ref.clientSecret), {
      execute,
      timeout: Math.ceil(this.opts.timeoutMs / 1000),
    });
  }

  async authorizationUrl(ref: ProviderRef, redirectUri: string): Promise<{ url: string; state: string; nonce: string; codeVerifier: string }> {
    let config: oidc.Configuration;
    try {
      config = await this.config(ref);
    } catch (err) {
      throw unavailable(`OpenID Connect discovery failed (${(err as Error).message})`);
    }
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state, nonce, codeVerifier };
  }

  /**
   * Exchanges the code (with the PKCE verifier) and checks the answer: `state` and, when the
   * provider sends it, `iss` (RFC 9207) against what this sign-in started with; the ID token's
   * issuer, audience, nonce, expiry and signature. Missing email claims are read from userinfo.
   */
  async finish(
    ref: ProviderRef,
    pending: { redirectUri: string; codeVerifier: string; nonce: string },
    response: { code: string; state: string; iss?: string | undefined },
  ): Promise<SignInClaims> {
    try {
      const config = await this.config(ref);
      const current = new URL(pending.redirectUri);
      current.searchParams.set('code', response.code);
      current.searchParams.set('state', response.state);
      if (response.iss !== undefined) current.searchParams.set('iss', response.iss);
      const tokens = await oidc.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: response.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims || claims.iss !== config.serverMetadata().issuer) throw ssoInvalid('The ID token is not from this tenant’s identity provider');
      let info: Record<string, unknown> = claims;
      if (claims.email === undefined && config.serverMetadata().userinfo_endpoint) {
        info = { ...(await oidc.fetchUserInfo(config, tokens.access_token, claims.sub)), ...claims };
      }
      return {
        issuer: claims.iss,
        subject: claims.sub,
        email: typeof info.email === 'string' ? info.email.toLowerCase() : undefined,
        // Some providers send the boolean as a string.
        emailVerified: info.email_verified === true || info.email_verified === 'true',
        name: typeof info.name === 'string' ? info.name : undefined,
      };
    } catch (err) {
      throw classify(err);
    }
  }
}
