// Generated from the API's OpenAPI document by web/scripts/generate-api.mjs: do not edit.
// Regenerate with `npm run api:generate -w web` after changing an API schema.

export interface paths {
    "/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Service information
         * @description Public: no authentication.
         */
        get: operations["getRoot"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List your tenant's API keys (platform admins: the platform keys) (newest first, at most 500; never their secrets)
         * @description Only tenant admins and platform admins; other roles get 403.
         */
        get: operations["getApiKeys"];
        put?: never;
        /**
         * Create an API key for your tenant (platform admins: a platform key, with platform scopes); the key is in the answer this once. Step-up: A user with MFA must have proven it within MFA_STEP_UP_MAX_AGE_S (at sign-in) or send a current code in the `X-MFA-Code` header (403 SENTINEL_MFA_STEP_UP_REQUIRED otherwise; 403 SENTINEL_MFA_CODE_INVALID for a wrong one)
         * @description Only tenant admins and platform admins; other roles get 403.
         */
        post: operations["postApiKeys"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an API key of your tenant (never its secret)
         * @description Only tenant admins and platform admins; other roles get 403.
         */
        get: operations["getApiKeysById"];
        put?: never;
        post?: never;
        /**
         * Revoke an API key (final; revoking a revoked key does nothing)
         * @description Only tenant admins and platform admins; other roles get 403.
         */
        delete: operations["deleteApiKeysById"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-keys/{id}/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate an API key: a new secret for the same key id; the old one stops working at once. Step-up: A user with MFA must have proven it within MFA_STEP_UP_MAX_AGE_S (at sign-in) or send a current code in the `X-MFA-Code` header (403 SENTINEL_MFA_STEP_UP_REQUIRED otherwise; 403 SENTINEL_MFA_CODE_INVALID for a wrong one)
         * @description Only tenant admins and platform admins; other roles get 403.
         */
        post: operations["postApiKeysByIdRotate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit-logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Audit log: tenant admins see their tenant's, platform admins any tenant's
         * @description Only tenant admins and platform admins; other roles get 403. API keys need the scope `audit:read`.
         */
        get: operations["getAuditLogs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit-logs/exports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Export your tenant's audit log (filtered) as NDJSON or CSV; runs in the background
         * @description Only tenant admins and platform admins; other roles get 403.
         */
        post: operations["postAuditLogsExports"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit-logs/exports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An export: state, progress, and its download link once completed
         * @description Only tenant admins and platform admins; other roles get 403.
         */
        get: operations["getAuditLogsExportsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit-logs/exports/{id}/download": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download a completed export (application/x-ndjson or text/csv, streamed)
         * @description Only tenant admins and platform admins; other roles get 403.
         */
        get: operations["getAuditLogsExportsByIdDownload"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/accept-invite": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set your password with the token from an invitation email, and log in
         * @description Public: no authentication.
         */
        post: operations["postAuthAcceptInvite"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Log in with tenant slug, email and password
         * @description Public: no authentication.
         */
        post: operations["postAuthLogin"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke the given refresh token's session, or all of the caller's sessions
         * @description Any authenticated user (platform admins, tenant admins, members); what each may do is in the summary.
         */
        post: operations["postAuthLogout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The authenticated user and their tenant
         * @description Any authenticated user (platform admins, tenant admins, members); what each may do is in the summary.
         */
        get: operations["getAuthMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/mfa": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your multi-factor authentication: enrolled or not, recovery codes left, whether your tenant requires it
         * @description Any authenticated user (platform admins, tenant admins, members); what each may do is in the summary.
         */
        get: operations["getAuthMfa"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/mfa/challenge/enrolment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * With an enrolment challenge (`enrolmentRequired: true` at login), start enrolling an authenticator; then verify with its first code
         * @description Public: no authentication.
         */
        post: operations["postAuthMfaChallengeEnrolment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/mfa/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Turn your MFA off, proven with a current code or a recovery code (refused while your tenant requires MFA)
         * @description Any authenticated user (platform admins, tenant admins, members); what each may do is in the summary.
         */
        post: operations["postAuthMfaDisable"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/mfa/enrolment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start enrolling a TOTP authenticator: a new secret (and otpauth:// URI for a QR code), pending until confirmed
         * @description Any authenticated user (platform admins, tenant admins, members); what each may do is in the summary.
         */
        post: operations["postAuthMfaEnrolment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/mfa/enrolment/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm the pending enrolment with a code from the authenticator; answers the one-time recovery codes
         * @description Any authenticated user (platform admins, tenant admins, members); what each may do is in the summary.
         */
        post: operations["postAuthMfaEnrolmentConfirm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/mfa/recovery-codes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Replace all your recovery codes with ten new ones (the old ones stop working at once), proven with a current code from your authenticator (not a recovery code); the new codes are shown only in this answer. Audited
         * @description Any authenticated user (platform admins, tenant admins, members); what each may do is in the summary.
         */
        post: operations["postAuthMfaRecoveryCodes"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/mfa/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Finish a sign-in that answered `mfaRequired`: the challenge and a code from the authenticator (or a recovery code)
         * @description Public: no authentication.
         */
        post: operations["postAuthMfaVerify"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate a refresh token (reusing a rotated one revokes its whole family)
         * @description Public: no authentication.
         */
        post: operations["postAuthRefresh"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your active sessions (one per sign-in, kept across refreshes); `current` marks the one this request comes from
         * @description Any authenticated user (platform admins, tenant admins, members); what each may do is in the summary.
         */
        get: operations["getAuthSessions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * End one of your sessions: its refresh token stops working, as after logout (access tokens already issued run out on their own)
         * @description Any authenticated user (platform admins, tenant admins, members); what each may do is in the summary.
         */
        delete: operations["deleteAuthSessionsById"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sso/{tenant}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Start a single sign-on at the tenant's identity provider (authorization code flow with PKCE, state and nonce): answers the URL to send the browser to
         * @description Public: no authentication.
         */
        get: operations["getAuthSsoByTenantStart"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sso/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Finish a single sign-on with what the provider sent to the redirect URI: tokens, as a password sign-in answers them
         * @description Public: no authentication.
         */
        post: operations["postAuthSsoCallback"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/erasures": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Erasure tombstones (the pseudonym, when, by whom, what was rewritten): tenant admins see their tenant's, platform admins any tenant's
         * @description Only tenant admins and platform admins; other roles get 403. API keys need the scope `audit:read`.
         */
        get: operations["getErasures"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness: the process is up (checks no dependency)
         * @description Public: no authentication.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Background jobs: tenant admins see their tenant's, platform admins any tenant's
         * @description Only tenant admins and platform admins; other roles get 403. API keys need the scope `jobs:read`.
         */
        get: operations["getJobs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A job: state, progress, attempts, failure reason
         * @description Only tenant admins and platform admins; other roles get 403. API keys need the scope `jobs:read`.
         */
        get: operations["getJobsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A job's progress as server-sent events, until it completes or fails (tenant admins: their tenant's jobs; platform admins: any)
         * @description Only tenant admins and platform admins; other roles get 403. API keys need the scope `jobs:read`.
         */
        get: operations["getJobsByIdEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Retry a failed job
         * @description Only platform admins; other roles get 403.
         */
        post: operations["postJobsByIdRetry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness for traffic: PostgreSQL answers within the timeout and the API is not draining. Redis and the read replica are reported; without them the API serves, degraded (200, status degraded)
         * @description Public: no authentication.
         */
        get: operations["getReady"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant/sso": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your tenant's single sign-on (OpenID Connect) settings, never the client secret
         * @description Only tenant admins; other roles get 403.
         */
        get: operations["getTenantSso"];
        /**
         * Configure your tenant's OpenID Connect provider (the issuer must answer discovery); the client secret is stored encrypted. Audited. A user with MFA must have proven it within MFA_STEP_UP_MAX_AGE_S (at sign-in) or send a current code in the `X-MFA-Code` header (403 SENTINEL_MFA_STEP_UP_REQUIRED otherwise; 403 SENTINEL_MFA_CODE_INVALID for a wrong one)
         * @description Only tenant admins; other roles get 403.
         */
        put: operations["putTenantSso"];
        post?: never;
        /**
         * Remove your tenant's single sign-on (people linked keep their accounts). Audited. A user with MFA must have proven it within MFA_STEP_UP_MAX_AGE_S (at sign-in) or send a current code in the `X-MFA-Code` header (403 SENTINEL_MFA_STEP_UP_REQUIRED otherwise; 403 SENTINEL_MFA_CODE_INVALID for a wrong one)
         * @description Only tenant admins; other roles get 403.
         */
        delete: operations["deleteTenantSso"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List tenants
         * @description Only platform admins; other roles get 403. API keys need the scope `tenants:read`.
         */
        get: operations["getTenants"];
        put?: never;
        /**
         * Create a tenant, optionally with its first admin (invited by email) (409 SENTINEL_TENANTS_MANAGED_BY_KUBERNETES when TENANT_SOURCE=kubernetes)
         * @description Only platform admins; other roles get 403. API keys need the scope `tenants:write`.
         */
        post: operations["postTenants"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a tenant (platform admins: any; others: their own). API keys: platform keys with `tenants:read` only (a tenant's keys: 403)
         * @description Any authenticated user (platform admins, tenant admins, members); what each may do is in the summary.
         */
        get: operations["getTenantsById"];
        /**
         * Replace a tenant's display name, plan and status (409 for tenants owned by a Tenant resource)
         * @description Only platform admins; other roles get 403. API keys need the scope `tenants:write`.
         */
        put: operations["putTenantsById"];
        post?: never;
        /**
         * Delete a tenant and all its data, as a Tenant resource with deletionPolicy Delete does (the platform audit row stays); `confirm` must be its slug. Export it first if anyone may need the data (docs/data-rights.md). 409 for tenants owned by a Tenant resource: kubectl delete tenant
         * @description Only platform admins; other roles get 403. API keys need the scope `tenants:write`.
         */
        delete: operations["deleteTenantsById"];
        options?: never;
        head?: never;
        /**
         * Change some fields of a tenant. Platform admins: any field of any tenant; status=suspended stops its tokens at once. Tenant admins: their own tenant's displayName only (other fields: 403 naming each). API keys: platform keys with `tenants:write` only (a tenant's keys: 403)
         * @description Only tenant admins and platform admins; other roles get 403.
         */
        patch: operations["patchTenantsById"];
        trace?: never;
    };
    "/api/v1/tenants/{id}/admins": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Make a user a tenant admin: a new user is created and invited by email, a member is promoted, a user without a password is invited again (platform admins; 409 for tenants owned by a Tenant resource: set its spec.admin)
         * @description Only platform admins; other roles get 403. API keys need the scope `tenants:write`.
         */
        post: operations["postTenantsByIdAdmins"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{id}/exports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Export all of a tenant's data (tenant, users, invitations, audit log, jobs, usage, API keys, webhook endpoints; never a secret) as a .tar.gz of NDJSON files with a manifest; runs in the background. Audited
         * @description Only tenant admins and platform admins; other roles get 403.
         */
        post: operations["postTenantsByIdExports"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{id}/exports/{exportId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A tenant export: state, progress, its files once completed, and its download link while it can be downloaded
         * @description Only tenant admins and platform admins; other roles get 403.
         */
        get: operations["getTenantsByIdExportsByExportId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{id}/exports/{exportId}/download": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download a completed tenant export (application/gzip, streamed), once: a complete download deletes the file. `Repr-Digest` carries its SHA-256. Audited
         * @description Only tenant admins and platform admins; other roles get 403.
         */
        get: operations["getTenantsByIdExportsByExportIdDownload"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{id}/mfa-policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who must use MFA in your tenant
         * @description Any authenticated user (platform admins, tenant admins, members); what each may do is in the summary.
         */
        get: operations["getTenantsByIdMfaPolicy"];
        /**
         * Require MFA in your tenant (tenant admins): `all` users or `admins` only. A user it covers who has no authenticator must enrol at their next sign-in; refreshing a session is refused until then
         * @description Only tenant admins; other roles get 403.
         */
        put: operations["putTenantsByIdMfaPolicy"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{id}/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A tenant's usage per day (users, active users, API requests), from the daily rollup; default: the last 30 days
         * @description Only platform admins; other roles get 403. API keys need the scope `tenants:read`.
         */
        get: operations["getTenantsByIdUsage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your tenant's usage per day (users, active users, API requests), from the daily rollup; default: the last 30 days
         * @description Only tenant admins; other roles get 403.
         */
        get: operations["getUsage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List your tenant's users (keyset pagination)
         * @description Any authenticated user (platform admins, tenant admins, members); what each may do is in the summary. API keys need the scope `users:read`.
         */
        get: operations["getUsers"];
        put?: never;
        /**
         * Create a user in your tenant
         * @description Only tenant admins and platform admins; other roles get 403. API keys need the scope `users:write`.
         */
        post: operations["postUsers"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a user of your tenant
         * @description Any authenticated user (platform admins, tenant admins, members); what each may do is in the summary. API keys need the scope `users:read`.
         */
        get: operations["getUsersById"];
        /**
         * Replace a user's email, display name and role
         * @description Only tenant admins and platform admins; other roles get 403. API keys need the scope `users:write`.
         */
        put: operations["putUsersById"];
        post?: never;
        /**
         * Delete a user of your tenant
         * @description Only tenant admins and platform admins; other roles get 403. API keys need the scope `users:write`.
         */
        delete: operations["deleteUsersById"];
        options?: never;
        head?: never;
        /**
         * Change some fields of a user (members: own display name and password)
         * @description Any authenticated user (platform admins, tenant admins, members); what each may do is in the summary. API keys need the scope `users:write`.
         */
        patch: operations["patchUsersById"];
        trace?: never;
    };
    "/api/v1/users/{id}/erase": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Erase a user's personal data (GDPR right to erasure): the account, sessions, invitations and MFA are deleted; every audit row, webhook event, delivery and job that named them is rewritten to a pseudonym, in one transaction. Unlike DELETE /users/{id}, which keeps the email in the audit trail. Cannot be undone.
         * @description Only tenant admins and platform admins; other roles get 403.
         */
        post: operations["postUsersByIdErase"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/invite": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Email a new invitation to a user who has not set a password (earlier links stop working)
         * @description Only tenant admins and platform admins; other roles get 403. API keys need the scope `users:write`.
         */
        post: operations["postUsersByIdInvite"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/mfa": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Reset a user's MFA (a lost authenticator): they sign in with their password and enrol again if required. Audited
         * @description Only tenant admins and platform admins; other roles get 403.
         */
        delete: operations["deleteUsersByIdMfa"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/imports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import users from a CSV (Content-Type: text/csv; columns email, displayName, optional role); runs in the background
         * @description Only tenant admins and platform admins; other roles get 403.
         */
        post: operations["postUsersImports"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List your tenant's webhook endpoints (newest first; never their secrets)
         * @description Only tenant admins; other roles get 403.
         */
        get: operations["getWebhooksEndpoints"];
        put?: never;
        /**
         * Register a webhook endpoint of your tenant; its signing secret is in the answer this once (docs/webhooks.md)
         * @description Only tenant admins; other roles get 403.
         */
        post: operations["postWebhooksEndpoints"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/endpoints/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a webhook endpoint of your tenant (never its secret)
         * @description Only tenant admins; other roles get 403.
         */
        get: operations["getWebhooksEndpointsById"];
        put?: never;
        post?: never;
        /**
         * Delete a webhook endpoint (nothing more is delivered to it)
         * @description Only tenant admins; other roles get 403.
         */
        delete: operations["deleteWebhooksEndpointsById"];
        options?: never;
        head?: never;
        /**
         * Change a webhook endpoint's URL, description, event types, or whether it is enabled
         * @description Only tenant admins; other roles get 403.
         */
        patch: operations["patchWebhooksEndpointsById"];
        trace?: never;
    };
    "/api/v1/webhooks/endpoints/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An endpoint's deliveries, newest first: the event, attempts, the receiver's last status, latency, the next retry
         * @description Only tenant admins; other roles get 403.
         */
        get: operations["getWebhooksEndpointsByIdDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/endpoints/{id}/deliveries/{deliveryId}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a delivery again: a fresh series of attempts with the same event (same `webhook-id`), whatever became of the last one
         * @description Only tenant admins; other roles get 403.
         */
        post: operations["postWebhooksEndpointsByIdDeliveriesByDeliveryIdRedeliver"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/endpoints/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate the signing secret: the new one is in the answer this once; the previous one keeps signing (both signatures sent) until `previousSecretExpiresAt` (WEBHOOK_SECRET_OVERLAP_S, 24 h by default)
         * @description Only tenant admins; other roles get 403.
         */
        post: operations["postWebhooksEndpointsByIdRotateSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    "export.completed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** An export finished: an audit log export (`audit.export`: GET /api/v1/audit-logs/exports/{id}) or a full tenant export (`tenant.export`: GET /api/v1/tenants/{tenantId}/exports/{id}) (`export.completed`, version 1) */
        post: operations["webhook-export.completed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "import.completed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A bulk user import finished (`import.completed`, version 1) */
        post: operations["webhook-import.completed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "tenant.resumed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The tenant was made active again (`tenant.resumed`, version 1) */
        post: operations["webhook-tenant.resumed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "tenant.suspended": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The tenant was suspended (`tenant.suspended`, version 1) */
        post: operations["webhook-tenant.suspended"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "user.created": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A user was created (`user.created`, version 1) */
        post: operations["webhook-user.created"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "user.deleted": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A user was deleted, or erased (POST /users/{id}/erase: `email` is then the pseudonym and `erased` is true; erase your copy) (`user.deleted`, version 1) */
        post: operations["webhook-user.deleted"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "user.invited": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A user was invited by email (created without a password, or invited again) (`user.invited`, version 1) */
        post: operations["webhook-user.invited"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "user.updated": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A user was changed: the user after the change, and each changed field (`user.updated`, version 1) */
        post: operations["webhook-user.updated"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        Problem: {
            /** @enum {string} */
            code: "SENTINEL_VALIDATION_FAILED" | "SENTINEL_MALFORMED_JSON" | "SENTINEL_AUTH_REQUIRED" | "SENTINEL_AUTH_TOKEN_INVALID" | "SENTINEL_AUTH_INVALID_CREDENTIALS" | "SENTINEL_AUTH_REFRESH_INVALID" | "SENTINEL_AUTH_TENANT_SUSPENDED" | "SENTINEL_MFA_CHALLENGE_INVALID" | "SENTINEL_AUTH_MFA_CODE_INVALID" | "SENTINEL_AUTH_SSO_INVALID" | "SENTINEL_AUTH_MFA_ENROLMENT_REQUIRED" | "SENTINEL_FORBIDDEN" | "SENTINEL_AUTH_SSO_DENIED" | "SENTINEL_AUTH_SSO_REQUIRED" | "SENTINEL_MFA_STEP_UP_REQUIRED" | "SENTINEL_MFA_CODE_INVALID" | "SENTINEL_MFA_ENROLMENT_REQUIRED" | "SENTINEL_MFA_ALREADY_ENROLLED" | "SENTINEL_MFA_NOT_ENROLLED" | "SENTINEL_MFA_REQUIRED_BY_TENANT" | "SENTINEL_NOT_FOUND" | "SENTINEL_ROUTE_NOT_FOUND" | "SENTINEL_METHOD_NOT_ALLOWED" | "SENTINEL_USER_EMAIL_TAKEN" | "SENTINEL_TENANT_SLUG_TAKEN" | "SENTINEL_USER_HAS_PASSWORD" | "SENTINEL_INVITATION_INVALID" | "SENTINEL_EXPORT_NOT_READY" | "SENTINEL_EXPORT_GONE" | "SENTINEL_EXPORT_BUSY" | "SENTINEL_API_KEY_REVOKED" | "SENTINEL_WEBHOOK_ENDPOINT_LIMIT" | "SENTINEL_WEBHOOK_ENDPOINT_DISABLED" | "SENTINEL_JOB_NOT_FAILED" | "SENTINEL_JOB_INPUT_INVALID" | "SENTINEL_JOB_TARGET_GONE" | "SENTINEL_TENANT_RESERVED" | "SENTINEL_TENANT_OWNED_ELSEWHERE" | "SENTINEL_TENANTS_MANAGED_BY_KUBERNETES" | "SENTINEL_TENANT_USER_LIMIT" | "SENTINEL_PAYLOAD_TOO_LARGE" | "SENTINEL_UNSUPPORTED_MEDIA_TYPE" | "SENTINEL_UPLOADS_BUSY" | "SENTINEL_STREAMS_BUSY" | "SENTINEL_RATE_LIMITED" | "SENTINEL_LOGIN_THROTTLED" | "SENTINEL_MFA_THROTTLED" | "SENTINEL_INTERNAL" | "SENTINEL_SSO_PROVIDER_UNAVAILABLE" | "SENTINEL_UNAVAILABLE";
            detail?: string;
            errors?: {
                field: string;
                message: string;
            }[];
            instance?: string;
            requestId?: string;
            status: number;
            title: string;
            type: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getRoot: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Name, version and links */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        docs: string;
                        health: string;
                        name: string;
                        openapi: string;
                        version: string;
                    };
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getApiKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The keys */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** Format: date-time */
                            createdAt: string;
                            expiresAt: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @description Recorded at most once a minute per key */
                            lastUsedAt: string | null;
                            name: string;
                            revokedAt: string | null;
                            rotatedAt: string | null;
                            scopes: ("users:read" | "users:write" | "audit:read" | "jobs:read" | "tenants:read" | "tenants:write")[];
                            /** @enum {string} */
                            status: "active" | "expired" | "revoked";
                        }[];
                    };
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (tenant_admin, platform_admin only) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postApiKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: date-time
                     * @description In the future; omit for a key that does not expire
                     */
                    expiresAt?: string;
                    /** @description Unicode text in NFC (normalised on input): no control characters (C0, C1, DEL), bidi embeddings, overrides or isolates (U+202A-U+202E, U+2066-U+2069), zero-width or invisible characters (U+200B-U+200F, U+2060-U+2064, U+FEFF), noncharacters (U+FDD0-U+FDEF, U+nFFFE, U+nFFFF) or lone surrogates. Lengths count code points. Leading and trailing spaces are removed; 1 to 100 characters remain. */
                    name: string;
                    scopes: ("users:read" | "users:write" | "audit:read" | "jobs:read" | "tenants:read" | "tenants:write")[];
                };
            };
        };
        responses: {
            /** @description Created: `key` is the secret, shown only now */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        expiresAt: string | null;
                        /** Format: uuid */
                        id: string;
                        /** @description The key itself (`snl_…`): shown this once, never again. Send it as `Authorization: Bearer <key>`. */
                        key: string;
                        /** @description Recorded at most once a minute per key */
                        lastUsedAt: string | null;
                        name: string;
                        revokedAt: string | null;
                        rotatedAt: string | null;
                        scopes: ("users:read" | "users:write" | "audit:read" | "jobs:read" | "tenants:read" | "tenants:write")[];
                        /** @enum {string} */
                        status: "active" | "expired" | "revoked";
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (tenant_admin, platform_admin only); or a fresh second factor is needed (SENTINEL_MFA_STEP_UP_REQUIRED), the X-MFA-Code is wrong (SENTINEL_MFA_CODE_INVALID), or your tenant requires MFA and you have none (SENTINEL_MFA_ENROLMENT_REQUIRED) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not `application/json` or is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getApiKeysById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The key */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        expiresAt: string | null;
                        /** Format: uuid */
                        id: string;
                        /** @description Recorded at most once a minute per key */
                        lastUsedAt: string | null;
                        name: string;
                        revokedAt: string | null;
                        rotatedAt: string | null;
                        scopes: ("users:read" | "users:write" | "audit:read" | "jobs:read" | "tenants:read" | "tenants:write")[];
                        /** @enum {string} */
                        status: "active" | "expired" | "revoked";
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (tenant_admin, platform_admin only) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in your tenant (ids of other tenants answer 404 too) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteApiKeysById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (tenant_admin, platform_admin only) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in your tenant (ids of other tenants answer 404 too) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postApiKeysByIdRotate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Rotated: `key` is the new secret, shown only now */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        expiresAt: string | null;
                        /** Format: uuid */
                        id: string;
                        /** @description The key itself (`snl_…`): shown this once, never again. Send it as `Authorization: Bearer <key>`. */
                        key: string;
                        /** @description Recorded at most once a minute per key */
                        lastUsedAt: string | null;
                        name: string;
                        revokedAt: string | null;
                        rotatedAt: string | null;
                        scopes: ("users:read" | "users:write" | "audit:read" | "jobs:read" | "tenants:read" | "tenants:write")[];
                        /** @enum {string} */
                        status: "active" | "expired" | "revoked";
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (tenant_admin, platform_admin only); or a fresh second factor is needed (SENTINEL_MFA_STEP_UP_REQUIRED), or the X-MFA-Code is wrong (SENTINEL_MFA_CODE_INVALID) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in your tenant (ids of other tenants answer 404 too) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key is revoked (SENTINEL_API_KEY_REVOKED) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAuditLogs: {
        parameters: {
            query?: {
                /** @description Unicode text in NFC (normalised on input): no control characters (C0, C1, DEL), bidi embeddings, overrides or isolates (U+202A-U+202E, U+2066-U+2069), zero-width or invisible characters (U+200B-U+200F, U+2060-U+2064, U+FEFF), noncharacters (U+FDD0-U+FDEF, U+nFFFE, U+nFFFF) or lone surrogates. Lengths count code points. At most 100 characters. */
                action?: string;
                actorId?: string;
                /** @description Opaque page token: pass the `nextCursor` of the previous page of the same list, unchanged. Any other value (forged, altered, from another list) answers 400 naming `query.cursor`. */
                cursor?: string;
                /** @description Inclusive lower bound on createdAt. RFC 3339 in UTC (`Z`), from 1970-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z, at most microsecond precision. */
                from?: string;
                limit?: number;
                sort?: "-createdAt" | "createdAt";
                /** @description Unicode text in NFC (normalised on input): no control characters (C0, C1, DEL), bidi embeddings, overrides or isolates (U+202A-U+202E, U+2066-U+2069), zero-width or invisible characters (U+200B-U+200F, U+2060-U+2064, U+FEFF), noncharacters (U+FDD0-U+FDEF, U+nFFFE, U+nFFFF) or lone surrogates. Lengths count code points. At most 200 characters. */
                targetId?: string;
                /** @description Unicode text in NFC (normalised on input): no control characters (C0, C1, DEL), bidi embeddings, overrides or isolates (U+202A-U+202E, U+2066-U+2069), zero-width or invisible characters (U+200B-U+200F, U+2060-U+2064, U+FEFF), noncharacters (U+FDD0-U+FDEF, U+nFFFE, U+nFFFF) or lone surrogates. Lengths count code points. At most 100 characters. */
                targetType?: string;
                /** @description Platform admins: one tenant (default: all) */
                tenantId?: string;
                /** @description Exclusive upper bound on createdAt; after `from` when both are given. RFC 3339 in UTC (`Z`), from 1970-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z, at most microsecond precision. */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page, newest first by default */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            action: string;
                            /** @description A user id, or an API key id when actorKind is api_key */
                            actorId: string | null;
                            /** @enum {string} */
                            actorKind: "user" | "api_key";
                            changes: {
                                [key: string]: unknown;
                            };
                            clientIp: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: uuid */
                            id: string;
                            requestId: string | null;
                            targetId: string | null;
                            targetType: string;
                            /** Format: uuid */
                            tenantId: string;
                        }[];
                        /** @description Pass as `cursor` for the next page; null on the last page */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (tenant_admin, platform_admin only) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAuditLogsExports: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Unicode text in NFC (normalised on input): no control characters (C0, C1, DEL), bidi embeddings, overrides or isolates (U+202A-U+202E, U+2066-U+2069), zero-width or invisible characters (U+200B-U+200F, U+2060-U+2064, U+FEFF), noncharacters (U+FDD0-U+FDEF, U+nFFFE, U+nFFFF) or lone surrogates. Lengths count code points. At most 100 characters. */
                    action?: string;
                    /** Format: uuid */
                    actorId?: string;
                    /**
                     * @default ndjson
                     * @enum {string}
                     */
                    format?: "ndjson" | "csv";
                    /**
                     * Format: date-time
                     * @description Inclusive lower bound on createdAt. RFC 3339 in UTC (`Z`), from 1970-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z, at most microsecond precision.
                     */
                    from?: string;
                    /** @description Unicode text in NFC (normalised on input): no control characters (C0, C1, DEL), bidi embeddings, overrides or isolates (U+202A-U+202E, U+2066-U+2069), zero-width or invisible characters (U+200B-U+200F, U+2060-U+2064, U+FEFF), noncharacters (U+FDD0-U+FDEF, U+nFFFE, U+nFFFF) or lone surrogates. Lengths count code points. At most 200 characters. */
                    targetId?: string;
                    /** @description Unicode text in NFC (normalised on input): no control characters (C0, C1, DEL), bidi embeddings, overrides or isolates (U+202A-U+202E, U+2066-U+2069), zero-width or invisible characters (U+200B-U+200F, U+2060-U+2064, U+FEFF), noncharacters (U+FDD0-U+FDEF, U+nFFFE, U+nFFFF) or lone surrogates. Lengths count code points. At most 100 characters. */
                    targetType?: string;
                    /**
                     * Format: date-time
                     * @description Exclusive upper bound on createdAt; after `from` when both are given. RFC 3339 in UTC (`Z`), from 1970-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z, at most microsecond precision.
                     */
                    to?: string;
                };
            };
        };
        responses: {
            /** @description Queued; poll the export */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        /** @description Where to fetch the file once completed */
                        download: string | null;
                        /** @description As on GET /api/v1/jobs/{id}: a stable code when the last attempt failed */
                        failureCode: string | null;
                        failureReason: string | null;
                        finishedAt: string | null;
                        /** @enum {string} */
                        format: "ndjson" | "csv";
                        /**
                         * Format: uuid
                         * @description The export, which is also a job: GET /api/v1/jobs/{id}
                         */
                        id: string;
                        /** @description `rows` written so far of `total`; `total` is left out when counting the rows took longer than the statement timeout */
                        progress: {
                            [key: string]: unknown;
                        };
                        result: unknown | null;
                        /** @enum {string} */
                        state: "queued" | "active" | "completed" | "failed";
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (tenant_admin, platform_admin only) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not `application/json` or is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAuditLogsExportsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The export */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        /** @description Where to fetch the file once completed */
                        download: string | null;
                        /** @description As on GET /api/v1/jobs/{id}: a stable code when the last attempt failed */
                        failureCode: string | null;
                        failureReason: string | null;
                        finishedAt: string | null;
                        /** @enum {string} */
                        format: "ndjson" | "csv";
                        /**
                         * Format: uuid
                         * @description The export, which is also a job: GET /api/v1/jobs/{id}
                         */
                        id: string;
                        /** @description `rows` written so far of `total`; `total` is left out when counting the rows took longer than the statement timeout */
                        progress: {
                            [key: string]: unknown;
                        };
                        result: unknown | null;
                        /** @enum {string} */
                        state: "queued" | "active" | "completed" | "failed";
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (tenant_admin, platform_admin only) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in your tenant (ids of other tenants answer 404 too) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAuditLogsExportsByIdDownload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file, streamed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": string;
                    "text/csv": string;
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (tenant_admin, platform_admin only) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in your tenant (ids of other tenants answer 404 too) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The export has not completed (SENTINEL_EXPORT_NOT_READY) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAuthAcceptInvite: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description 12 to 1024 characters; refused when too easy to guess (zxcvbn score below 3, or built on the email or tenant slug) */
                    password: string;
                    token: string;
                };
            };
        };
        responses: {
            /** @description Access and refresh tokens; or, when the tenant requires MFA of the user, an enrolment challenge as at login (`mfaRequired: true`) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        accessToken: string;
                        /** @description Seconds until the access token expires */
                        expiresIn: number;
                        refreshExpiresIn: number;
                        refreshToken: string;
                        /** @constant */
                        tokenType: "Bearer";
                    } | {
                        /** @description Send it with a code to POST /api/v1/auth/mfa/verify */
                        challenge: string;
                        /** @description Seconds until the challenge expires (then sign in again) */
                        challengeExpiresIn: number;
                        /** @description true: your tenant requires MFA and you have none yet. The challenge then only allows enrolling: POST /api/v1/auth/mfa/challenge/enrolment, then verify with the first code */
                        enrolmentRequired: boolean;
                        /**
                         * @description The password was right; a second factor is needed before any token is issued
                         * @constant
                         */
                        mfaRequired: true;
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`); or the token is not a live invitation (SENTINEL_INVITATION_INVALID naming `body.token`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant is suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your tenant requires single sign-on of members: the invitation cannot set a password (SENTINEL_AUTH_SSO_REQUIRED: sign in with your tenant's single sign-on) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not `application/json` or is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAuthLogin: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: email
                     * @description An email address (dot-atom local part, at most 64 characters; compared case-insensitively)
                     */
                    email: string;
                    password: string;
                    /** @description Tenant slug */
                    tenant: string;
                };
            };
        };
        responses: {
            /** @description Access and refresh tokens; or, for a user with MFA (or whose tenant requires it), `mfaRequired: true` and a challenge to send with a code to /auth/mfa/verify */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        accessToken: string;
                        /** @description Seconds until the access token expires */
                        expiresIn: number;
                        refreshExpiresIn: number;
                        refreshToken: string;
                        /** @constant */
                        tokenType: "Bearer";
                    } | {
                        /** @description Send it with a code to POST /api/v1/auth/mfa/verify */
                        challenge: string;
                        /** @description Seconds until the challenge expires (then sign in again) */
                        challengeExpiresIn: number;
                        /** @description true: your tenant requires MFA and you have none yet. The challenge then only allows enrolling: POST /api/v1/auth/mfa/challenge/enrolment, then verify with the first code */
                        enrolmentRequired: boolean;
                        /**
                         * @description The password was right; a second factor is needed before any token is issued
                         * @constant
                         */
                        mfaRequired: true;
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unknown tenant, email or wrong password (one answer for all), or the tenant is suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The password is right but your tenant requires single sign-on of members (SENTINEL_AUTH_SSO_REQUIRED: sign in with your tenant's single sign-on) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not `application/json` or is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many attempts from this address or for this account (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAuthLogout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    refreshToken?: string;
                };
            };
        };
        responses: {
            /** @description Revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended; The given refresh token is not one of your sessions */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not `application/json` or is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAuthMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Profile */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        tenant: {
                            displayName: string;
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            plan: "free" | "pro" | "enterprise";
                            slug: string;
                            /** @enum {string} */
                            status: "active" | "suspended";
                        };
                        user: {
                            displayName: string;
                            email: string;
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            role: "platform_admin" | "tenant_admin" | "member";
                            /** Format: uuid */
                            tenantId: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAuthMfa: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Your MFA status */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        confirmedAt: string | null;
                        /** @description An authenticator is confirmed: sign-in asks for its code */
                        enrolled: boolean;
                        /** @description An enrolment was started and not confirmed yet */
                        pending: boolean;
                        /** @description Unused recovery codes */
                        recoveryCodesLeft: number;
                        /** @description Your tenant's policy requires MFA of you (it cannot be turned off) */
                        required: boolean;
                    };
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAuthMfaChallengeEnrolment: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The `challenge` from the login answer */
                    challenge: string;
                };
            };
        };
        responses: {
            /** @description Started: scan the URI or type the secret, then POST /auth/mfa/verify with the challenge and a code */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description `otpauth://totp/…` (SHA-1, 6 digits, 30 s) for a QR code: shown only now */
                        otpauthUri: string;
                        /** @description The TOTP secret in base32, for typing into an authenticator: shown only now */
                        secret: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not a valid enrolment challenge (SENTINEL_MFA_CHALLENGE_INVALID) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An authenticator is already enrolled (SENTINEL_MFA_ALREADY_ENROLLED) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not `application/json` or is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAuthMfaDisable: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The 6-digit code your authenticator shows now, or one of your recovery codes (`xxxxx-xxxxx`) */
                    code: string;
                };
            };
        };
        responses: {
            /** @description Disabled: your authenticator and recovery codes are gone */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The code is wrong, expired or already used (SENTINEL_MFA_CODE_INVALID naming `body.code`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing is enrolled (SENTINEL_MFA_NOT_ENROLLED), or your tenant requires MFA (SENTINEL_MFA_REQUIRED_BY_TENANT) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not `application/json` or is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After); Too many wrong codes for your account (SENTINEL_MFA_THROTTLED) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAuthMfaEnrolment: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Started: scan the URI or type the secret, then confirm with a code */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description `otpauth://totp/…` (SHA-1, 6 digits, 30 s) for a QR code: shown only now */
                        otpauthUri: string;
                        /** @description The TOTP secret in base32, for typing into an authenticator: shown only now */
                        secret: string;
                    };
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An authenticator is already enrolled (SENTINEL_MFA_ALREADY_ENROLLED): disable it first */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description MFA is not configured on this server (MFA_ENCRYPTION_KEY) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAuthMfaEnrolmentConfirm: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    code: string;
                };
            };
        };
        responses: {
            /** @description Enrolled: sign-in now asks for a code */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description One-time recovery codes: shown only now; each signs in once instead of a code */
                        recoveryCodes: string[];
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The code is wrong or expired (SENTINEL_MFA_CODE_INVALID naming `body.code`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No enrolment is pending (SENTINEL_MFA_NOT_ENROLLED), or one is confirmed already */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not `application/json` or is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After); Too many wrong codes for your account (SENTINEL_MFA_THROTTLED, see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAuthMfaRecoveryCodes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    code: string;
                };
            };
        };
        responses: {
            /** @description The ten new recovery codes, shown only now */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description One-time recovery codes: shown only now; each signs in once instead of a code */
                        recoveryCodes: string[];
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The code is wrong, expired or already used (SENTINEL_MFA_CODE_INVALID naming `body.code`) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No authenticator is enrolled (SENTINEL_MFA_NOT_ENROLLED) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not `application/json` or is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After); Too many wrong codes for your account (SENTINEL_MFA_THROTTLED, see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAuthMfaVerify: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The `challenge` from the login answer */
                    challenge: string;
                    /** @description The 6-digit code your authenticator shows now, or one of your recovery codes (`xxxxx-xxxxx`) */
                    code: string;
                };
            };
        };
        responses: {
            /** @description Access and refresh tokens (plus the recovery codes when the challenge enrolled an authenticator) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        accessToken: string;
                        /** @description Seconds until the access token expires */
                        expiresIn: number;
                        /** @description Only when the challenge enrolled an authenticator: the one-time recovery codes, shown only now */
                        recoveryCodes?: string[];
                        refreshExpiresIn: number;
                        refreshToken: string;
                        /** @constant */
                        tokenType: "Bearer";
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The code is wrong, expired or already used (SENTINEL_AUTH_MFA_CODE_INVALID naming `body.code`), or the challenge is not valid, expired or used (SENTINEL_MFA_CHALLENGE_INVALID: sign in again) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your tenant came to require single sign-on of members after the password step, or you are a member now (SENTINEL_AUTH_SSO_REQUIRED: sign in with your tenant's single sign-on) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An enrolment challenge whose enrolment was not started (SENTINEL_MFA_NOT_ENROLLED) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not `application/json` or is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many codes for this challenge or this account (SENTINEL_MFA_THROTTLED, see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAuthRefresh: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    refreshToken: string;
                };
            };
        };
        responses: {
            /** @description A new token pair */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        accessToken: string;
                        /** @description Seconds until the access token expires */
                        expiresIn: number;
                        refreshExpiresIn: number;
                        refreshToken: string;
                        /** @constant */
                        tokenType: "Bearer";
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The refresh token is unknown, expired, revoked or reused, or the tenant is suspended, or your tenant now requires MFA and you have none (SENTINEL_AUTH_MFA_ENROLMENT_REQUIRED: sign in again and enrol) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A password session of a member in a tenant that now requires single sign-on (SENTINEL_AUTH_SSO_REQUIRED: sign in with your tenant's single sign-on) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not `application/json` or is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAuthSessions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Your active sessions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Active sessions only (not ended, not expired), most recently used first; at most 100 */
                        items: {
                            /**
                             * Format: date-time
                             * @description Sign-in: when the first token of the session was issued
                             */
                            createdAt: string;
                            /** @description true for the session the request's access token belongs to */
                            current: boolean;
                            /**
                             * Format: date-time
                             * @description When the current refresh token expires unless it is used
                             */
                            expiresAt: string;
                            /**
                             * Format: uuid
                             * @description The session (refresh-token family): DELETE /api/v1/auth/sessions/{id} ends it
                             */
                            id: string;
                            /**
                             * Format: date-time
                             * @description When the session was last refreshed (or created)
                             */
                            lastUsedAt: string;
                        }[];
                    };
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteAuthSessionsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ended */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in your tenant (ids of other tenants answer 404 too); No active session of yours has this id */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAuthSsoByTenantStart: {
        parameters: {
            query?: {
                /** @description Where the provider sends the person back: one of the URIs this server allows (SSO_REDIRECT_URIS); default: the console's callback (PUBLIC_URL + /session/sso/callback) */
                redirect_uri?: string;
            };
            header?: never;
            path: {
                /** @description Tenant slug */
                tenant: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The authorization URL and its state */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * Format: uri
                         * @description Send the browser here: the tenant's identity provider
                         */
                        authorizationUrl: string;
                        /** @description Seconds the sign-in may take */
                        expiresIn: number;
                        /** @description The redirect URI this sign-in uses */
                        redirectUri: string;
                        /** @description The state of this sign-in (also in the URL): bind it to the browser, e.g. in a cookie, and check it at the callback */
                        state: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`); The redirect URI is not one this server allows (naming `query.redirect_uri`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in your tenant (ids of other tenants answer 404 too); No such tenant, or it has no enabled single sign-on (one answer for both) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many sign-in attempts from this address (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider could not be reached (SENTINEL_SSO_PROVIDER_UNAVAILABLE) */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAuthSsoCallback: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The `code` the provider sent to the redirect URI */
                    code: string;
                    /** @description The `iss` it sent back, when it does (RFC 9207) */
                    iss?: string;
                    /** @description The `state` it sent back */
                    state: string;
                };
            };
        };
        responses: {
            /** @description Access and refresh tokens (no TOTP step: the identity provider authenticated the person) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        accessToken: string;
                        /** @description Seconds until the access token expires */
                        expiresIn: number;
                        refreshExpiresIn: number;
                        refreshToken: string;
                        /** @constant */
                        tokenType: "Bearer";
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`); The state is unknown, expired or already used, or the provider refused the code or its answer failed a check (issuer, audience, nonce, signature) (SENTINEL_AUTH_SSO_INVALID) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant is suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The email is missing, at a domain not allowed, or matches an existing user while unverified (SENTINEL_AUTH_SSO_DENIED) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant has reached its plan's user limit (SENTINEL_TENANT_USER_LIMIT) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not `application/json` or is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many sign-in attempts from this address (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The identity provider could not be reached (SENTINEL_SSO_PROVIDER_UNAVAILABLE) */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getErasures: {
        parameters: {
            query?: {
                /** @description Opaque page token: pass the `nextCursor` of the previous page of the same list, unchanged. Any other value (forged, altered, from another list) answers 400 naming `query.cursor`. */
                cursor?: string;
                limit?: number;
                /** @description By the time of the erasure */
                sort?: "-createdAt" | "createdAt";
                /** @description Platform admins: one tenant (default: all) */
                tenantId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page, newest first by default */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @description Rows rewritten (audit_logs, webhook_events, webhook_deliveries, jobs, api_keys, webhook_endpoints) or deleted (job_chunks, refresh_tokens, invitations, user_mfa), per table */
                            counts: {
                                api_keys: number;
                                audit_logs: number;
                                invitations: number;
                                job_chunks: number;
                                jobs: number;
                                refresh_tokens: number;
                                user_mfa: number;
                                webhook_deliveries: number;
                                webhook_endpoints: number;
                                webhook_events: number;
                            };
                            /** Format: date-time */
                            erasedAt: string;
                            /** Format: uuid */
                            id: string;
                            /** @description `erased-user-<32 hex>`: what the email and display name became in every row that named the user */
                            pseudonym: string;
                            /**
                             * Format: uuid
                             * @description What the user id became (audit actorId/targetId, job and key creators)
                             */
                            pseudonymId: string;
                            /** @description The admin (user id, or API key id) who asked */
                            requestedBy: string | null;
                            /** @enum {string} */
                            requestedByKind: "user" | "api_key";
                            /** @description SHA-256 (hex) of the erased user id: whoever still knows the id can check it was erased */
                            subjectHash: string;
                            /** Format: uuid */
                            tenantId: string;
                        }[];
                        /** @description Pass as `cursor` for the next page; null on the last page */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (tenant_admin, platform_admin only) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Alive */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        status: "ok";
                    };
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getJobs: {
        parameters: {
            query?: {
                /** @description Opaque page token: pass the `nextCursor` of the previous page of the same list, unchanged. Any other value (forged, altered, from another list) answers 400 naming `query.cursor`. */
                cursor?: string;
                limit?: number;
                /** @description Unicode text in NFC (normalised on input): no control characters (C0, C1, DEL), bidi embeddings, overrides or isolates (U+202A-U+202E, U+2066-U+2069), zero-width or invisible characters (U+200B-U+200F, U+2060-U+2064, U+FEFF), noncharacters (U+FDD0-U+FDEF, U+nFFFE, U+nFFFF) or lone surrogates. Lengths count code points. At most 100 characters. */
                name?: string;
                sort?: "-createdAt" | "createdAt";
                state?: "queued" | "active" | "completed" | "failed";
                /** @description Platform admins: one tenant (default: all) */
                tenantId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page, newest first by default */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            attempts: number;
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string | null;
                            /** @description Why the last attempt failed, as a stable error code (SENTINEL_...); null unless it failed. Kept while a retry is pending */
                            failureCode: string | null;
                            /** @description The same, as a sentence for people; never internal error text */
                            failureReason: string | null;
                            finishedAt: string | null;
                            /** Format: uuid */
                            id: string;
                            name: string;
                            progress: {
                                [key: string]: unknown;
                            };
                            result: unknown | null;
                            /** @enum {string} */
                            state: "queued" | "active" | "completed" | "failed";
                            /** Format: uuid */
                            tenantId: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                        /** @description Pass as `cursor` for the next page; null on the last page */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (tenant_admin, platform_admin only) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getJobsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The job */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        attempts: number;
                        /** Format: date-time */
                        createdAt: string;
                        createdBy: string | null;
                        /** @description Why the last attempt failed, as a stable error code (SENTINEL_...); null unless it failed. Kept while a retry is pending */
                        failureCode: string | null;
                        /** @description The same, as a sentence for people; never internal error text */
                        failureReason: string | null;
                        finishedAt: string | null;
                        /** Format: uuid */
                        id: string;
                        name: string;
                        progress: {
                            [key: string]: unknown;
                        };
                        result: unknown | null;
                        /** @enum {string} */
                        state: "queued" | "active" | "completed" | "failed";
                        /** Format: uuid */
                        tenantId: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (tenant_admin, platform_admin only) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in your tenant (ids of other tenants answer 404 too) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getJobsByIdEvents: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event stream */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": {
                        /** @description The job as JSON, exactly as GET /api/v1/jobs/{id} answers it */
                        data: string;
                        /** @constant */
                        event: "job";
                        /** @description Counts the events of this stream: 1, 2, ... */
                        id: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (tenant_admin, platform_admin only) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in your tenant (ids of other tenants answer 404 too) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After); or the tenant already has JOB_STREAMS_PER_TENANT streams open on this server (SENTINEL_STREAMS_BUSY) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postJobsByIdRetry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued again */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        attempts: number;
                        /** Format: date-time */
                        createdAt: string;
                        createdBy: string | null;
                        /** @description Why the last attempt failed, as a stable error code (SENTINEL_...); null unless it failed. Kept while a retry is pending */
                        failureCode: string | null;
                        /** @description The same, as a sentence for people; never internal error text */
                        failureReason: string | null;
                        finishedAt: string | null;
                        /** Format: uuid */
                        id: string;
                        name: string;
                        progress: {
                            [key: string]: unknown;
                        };
                        result: unknown | null;
                        /** @enum {string} */
                        state: "queued" | "active" | "completed" | "failed";
                        /** Format: uuid */
                        tenantId: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (platform_admin only) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in your tenant (ids of other tenants answer 404 too) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The job has not failed (SENTINEL_JOB_NOT_FAILED) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getReady: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready (status ok, or degraded without Redis) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        checks: {
                            postgres: {
                                error?: string;
                                ms: number;
                                /** @enum {string} */
                                status: "ok" | "fail";
                            };
                            redis: {
                                error?: string;
                                ms: number;
                                /** @enum {string} */
                                status: "ok" | "fail";
                            };
                            /** @description Only with DATABASE_READ_URL: fail means reads fall back to the primary */
                            replica?: {
                                error?: string;
                                /** @description From its last probe; null when unknown */
                                lagSeconds: number | null;
                                ms: number;
                                /** @enum {string} */
                                status: "ok" | "fail";
                            };
                        };
                        /**
                         * @description degraded: Redis does not answer, or the read replica is down or lagging; the API serves without them (docs/operations.md, docs/scaling.md)
                         * @enum {string}
                         */
                        status: "ok" | "degraded" | "fail";
                    };
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL does not answer, or draining (same body) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        checks: {
                            postgres: {
                                error?: string;
                                ms: number;
                                /** @enum {string} */
                                status: "ok" | "fail";
                            };
                            redis: {
                                error?: string;
                                ms: number;
                                /** @enum {string} */
                                status: "ok" | "fail";
                            };
                            /** @description Only with DATABASE_READ_URL: fail means reads fall back to the primary */
                            replica?: {
                                error?: string;
                                /** @description From its last probe; null when unknown */
                                lagSeconds: number | null;
                                ms: number;
                                /** @enum {string} */
                                status: "ok" | "fail";
                            };
                        };
                        /**
                         * @description degraded: Redis does not answer, or the read replica is down or lagging; the API serves without them (docs/operations.md, docs/scaling.md)
                         * @enum {string}
                         */
                        status: "ok" | "degraded" | "fail";
                    };
                };
            };
        };
    };
    getTenantSso: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The settings (`provider: null` until configured) and the redirect URI to register */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * Format: uri
                         * @description The redirect URI to register at the identity provider (the console's callback)
                         */
                        callbackUrl: string;
                        configured: boolean;
                        /** @description null until configured; the client secret is never returned */
                        provider: {
                            allowedDomains: string[];
                            clientId: string;
                            /** @enum {string} */
                            defaultRole: "member" | "tenant_admin";
                            enabled: boolean;
                            issuer: string;
                            ssoRequired: boolean;
                            /** Format: date-time */
                            updatedAt: string;
                        } | null;
                    };
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (tenant_admin only) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putTenantSso: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Only people whose email is at one of these domains may sign in */
                    allowedDomains: string[];
                    clientId: string;
                    /** @description Required the first time; omitted later: the stored one is kept. Never returned */
                    clientSecret?: string;
                    /**
                     * @description The role of users created at their first SSO sign-in
                     * @default member
                     * @enum {string}
                     */
                    defaultRole?: "member" | "tenant_admin";
                    /** @default true */
                    enabled?: boolean;
                    /**
                     * Format: uri
                     * @description The provider's issuer identifier, exactly as its discovery document names it
                     */
                    issuer: string;
                    /**
                     * @description Members must sign in with SSO: their password sign-in is refused (and their password sessions end); admins keep their password as the way in when the provider fails
                     * @default false
                     */
                    ssoRequired?: boolean;
                };
            };
        };
        responses: {
            /** @description Saved */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * Format: uri
                         * @description The redirect URI to register at the identity provider (the console's callback)
                         */
                        callbackUrl: string;
                        configured: boolean;
                        /** @description null until configured; the client secret is never returned */
                        provider: {
                            allowedDomains: string[];
                            clientId: string;
                            /** @enum {string} */
                            defaultRole: "member" | "tenant_admin";
                            enabled: boolean;
                            issuer: string;
                            ssoRequired: boolean;
                            /** Format: date-time */
                            updatedAt: string;
                        } | null;
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`); or discovery failed at the issuer (naming `body.issuer`), or the client secret is missing the first time (`body.clientSecret`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (tenant_admin only); or a fresh second factor is needed (SENTINEL_MFA_STEP_UP_REQUIRED), or the X-MFA-Code is wrong (SENTINEL_MFA_CODE_INVALID) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not `application/json` or is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Single sign-on is not configured on this server (SSO_ENCRYPTION_KEY) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteTenantSso: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (tenant_admin only); or a fresh second factor is needed (SENTINEL_MFA_STEP_UP_REQUIRED) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No single sign-on is configured */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTenants: {
        parameters: {
            query?: {
                /** @description Opaque page token: pass the `nextCursor` of the previous page of the same list, unchanged. Any other value (forged, altered, from another list) answers 400 naming `query.cursor`. */
                cursor?: string;
                limit?: number;
                plan?: "free" | "pro" | "enterprise";
                /** @description Unicode text in NFC (normalised on input): no control characters (C0, C1, DEL), bidi embeddings, overrides or isolates (U+202A-U+202E, U+2066-U+2069), zero-width or invisible characters (U+200B-U+200F, U+2060-U+2064, U+FEFF), noncharacters (U+FDD0-U+FDEF, U+nFFFE, U+nFFFF) or lone surrogates. Lengths count code points. At most 63 characters. */
                slugPrefix?: string;
                sort?: "createdAt" | "-createdAt" | "slug" | "-slug";
                status?: "active" | "suspended";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @description Audit rows older than this are deleted (default 365) */
                            auditRetentionDays: number;
                            /** Format: date-time */
                            createdAt: string;
                            /** @description Set when its Tenant resource was deleted with deletionPolicy Retain: data kept, access gone */
                            deletedAt: string | null;
                            displayName: string;
                            /** Format: uuid */
                            id: string;
                            /**
                             * @description kubernetes: owned by a Tenant resource; change it with kubectl, not this API
                             * @enum {string}
                             */
                            managedBy: "api" | "kubernetes";
                            /** @description Most users the tenant may have (Tenant spec.limits.maxUsers); null: no limit */
                            maxUsers: number | null;
                            /** @enum {string} */
                            plan: "free" | "pro" | "enterprise";
                            /** @description The Tenant controller's last report on the resource that owns this tenant (its status subresource); null for tenants the API owns */
                            resource: {
                                /** @description As on the resource: Ready, Paused, Suspended, WithinLimits, DatabaseReady, PoliciesReady, DirectAccessReady */
                                conditions: {
                                    lastTransitionTime: string;
                                    message: string;
                                    reason: string;
                                    status: string;
                                    type: string;
                                }[];
                                /** @description The resource's generation when the controller reported; ahead of observedGeneration while a change is applied */
                                generation: number;
                                /** @description The spec generation the controller last acted on */
                                observedGeneration: number;
                                /** @description Pending, Ready, Suspended, Failed or Deleting */
                                phase: string;
                                /** Format: date-time */
                                reportedAt: string;
                            } | null;
                            slug: string;
                            /** @enum {string} */
                            status: "active" | "suspended";
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                        /** @description Pass as `cursor` for the next page; null on the last page */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (platform_admin only) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postTenants: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The tenant's first admin, invited by email in the same transaction as the tenant */
                    admin?: {
                        /** @description For a new user (default: the part of the email before @) */
                        displayName?: string;
                        /**
                         * Format: email
                         * @description Who becomes a tenant admin; a new user is invited by email to set a password
                         */
                        email: string;
                    };
                    /** @description Audit rows older than this are deleted (default 365) */
                    auditRetentionDays?: number;
                    /** @description Unicode text in NFC (normalised on input): no control characters (C0, C1, DEL), bidi embeddings, overrides or isolates (U+202A-U+202E, U+2066-U+2069), zero-width or invisible characters (U+200B-U+200F, U+2060-U+2064, U+FEFF), noncharacters (U+FDD0-U+FDEF, U+nFFFE, U+nFFFF) or lone surrogates. Lengths count code points. Leading and trailing spaces are removed; 1 to 200 characters remain. */
                    displayName: string;
                    /**
                     * @default free
                     * @enum {string}
                     */
                    plan?: "free" | "pro" | "enterprise";
                    /** @description Tenant slug; reserved: platform */
                    slug: string;
                    /**
                     * @default active
                     * @enum {string}
                     */
                    status?: "active" | "suspended";
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Present when the request named an admin */
                        admin?: {
                            /** @description false: an existing user of the tenant, now a tenant admin */
                            created: boolean;
                            displayName: string;
                            email: string;
                            /** @description null: the user already has a password and signs in as before */
                            invitation: {
                                /** Format: date-time */
                                expiresAt: string;
                                /** Format: uuid */
                                invitationId: string;
                                /**
                                 * Format: uuid
                                 * @description The mail job: GET /api/v1/jobs/{id} (as a platform admin)
                                 */
                                jobId: string;
                                /** @description false: Redis was unavailable; the job is recorded and a platform admin can retry it */
                                queued: boolean;
                            } | null;
                            /** @constant */
                            role: "tenant_admin";
                            /** Format: uuid */
                            userId: string;
                        };
                        /** @description Audit rows older than this are deleted (default 365) */
                        auditRetentionDays: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description Set when its Tenant resource was deleted with deletionPolicy Retain: data kept, access gone */
                        deletedAt: string | null;
                        displayName: string;
                        /** Format: uuid */
                        id: string;
                        /**
                         * @description kubernetes: owned by a Tenant resource; change it with kubectl, not this API
                         * @enum {string}
                         */
                        managedBy: "api" | "kubernetes";
                        /** @description Most users the tenant may have (Tenant spec.limits.maxUsers); null: no limit */
                        maxUsers: number | null;
                        /** @enum {string} */
                        plan: "free" | "pro" | "enterprise";
                        /** @description The Tenant controller's last report on the resource that owns this tenant (its status subresource); null for tenants the API owns */
                        resource: {
                            /** @description As on the resource: Ready, Paused, Suspended, WithinLimits, DatabaseReady, PoliciesReady, DirectAccessReady */
                            conditions: {
                                lastTransitionTime: string;
                                message: string;
                                reason: string;
                                status: string;
                                type: string;
                            }[];
                            /** @description The resource's generation when the controller reported; ahead of observedGeneration while a change is applied */
                            generation: number;
                            /** @description The spec generation the controller last acted on */
                            observedGeneration: number;
                            /** @description Pending, Ready, Suspended, Failed or Deleting */
                            phase: string;
                            /** Format: date-time */
                            reportedAt: string;
                        } | null;
                        slug: string;
                        /** @enum {string} */
                        status: "active" | "suspended";
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (platform_admin only) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The slug is taken (SENTINEL_TENANT_SLUG_TAKEN), or tenants are Kubernetes resources here */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not `application/json` or is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTenantsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The tenant */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Audit rows older than this are deleted (default 365) */
                        auditRetentionDays: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description Set when its Tenant resource was deleted with deletionPolicy Retain: data kept, access gone */
                        deletedAt: string | null;
                        displayName: string;
                        /** Format: uuid */
                        id: string;
                        /**
                         * @description kubernetes: owned by a Tenant resource; change it with kubectl, not this API
                         * @enum {string}
                         */
                        managedBy: "api" | "kubernetes";
                        /** @description Most users the tenant may have (Tenant spec.limits.maxUsers); null: no limit */
                        maxUsers: number | null;
                        /** @enum {string} */
                        plan: "free" | "pro" | "enterprise";
                        /** @description The Tenant controller's last report on the resource that owns this tenant (its status subresource); null for tenants the API owns */
                        resource: {
                            /** @description As on the resource: Ready, Paused, Suspended, WithinLimits, DatabaseReady, PoliciesReady, DirectAccessReady */
                            conditions: {
                                lastTransitionTime: string;
                                message: string;
                                reason: string;
                                status: string;
                                type: string;
                            }[];
                            /** @description The resource's generation when the controller reported; ahead of observedGeneration while a change is applied */
                            generation: number;
                            /** @description The spec generation the controller last acted on */
                            observedGeneration: number;
                            /** @description Pending, Ready, Suspended, Failed or Deleting */
                            phase: string;
                            /** Format: date-time */
                            reportedAt: string;
                        } | null;
                        slug: string;
                        /** @enum {string} */
                        status: "active" | "suspended";
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in your tenant (ids of other tenants answer 404 too) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putTenantsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description Audit rows older than this are deleted (default 365)
                     * @default 365
                     */
                    auditRetentionDays?: number;
                    /** @description Unicode text in NFC (normalised on input): no control characters (C0, C1, DEL), bidi embeddings, overrides or isolates (U+202A-U+202E, U+2066-U+2069), zero-width or invisible characters (U+200B-U+200F, U+2060-U+2064, U+FEFF), noncharacters (U+FDD0-U+FDEF, U+nFFFE, U+nFFFF) or lone surrogates. Lengths count code points. Leading and trailing spaces are removed; 1 to 200 characters remain. */
                    displayName: string;
                    /** @enum {string} */
                    plan: "free" | "pro" | "enterprise";
                    /** @enum {string} */
                    status: "active" | "suspended";
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Audit rows older than this are deleted (default 365) */
                        auditRetentionDays: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description Set when its Tenant resource was deleted with deletionPolicy Retain: data kept, access gone */
                        deletedAt: string | null;
                        displayName: string;
                        /** Format: uuid */
                        id: string;
                        /**
                         * @description kubernetes: owned by a Tenant resource; change it with kubectl, not this API
                         * @enum {string}
                         */
                        managedBy: "api" | "kubernetes";
                        /** @description Most users the tenant may have (Tenant spec.limits.maxUsers); null: no limit */
                        maxUsers: number | null;
                        /** @enum {string} */
                        plan: "free" | "pro" | "enterprise";
                        /** @description The Tenant controller's last report on the resource that owns this tenant (its status subresource); null for tenants the API owns */
                        resource: {
                            /** @description As on the resource: Ready, Paused, Suspended, WithinLimits, DatabaseReady, PoliciesReady, DirectAccessReady */
                            conditions: {
                                lastTransitionTime: string;
                                message: string;
                                reason: string;
                                status: string;
                                type: string;
                            }[];
                            /** @description The resource's generation when the controller reported; ahead of observedGeneration while a change is applied */
                            generation: number;
                            /** @description The spec generation the controller last acted on */
                            observedGeneration: number;
                            /** @description Pending, Ready, Suspended, Failed or Deleting */
                            phase: string;
                            /** Format: date-time */
                            reportedAt: string;
                        } | null;
                        slug: string;
                        /** @enum {string} */
                        status: "active" | "suspended";
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (platform_admin only) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in your tenant (ids of other tenants answer 404 too) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The platform tenant, or a tenant owned by a Tenant resource (SENTINEL_TENANTS_MANAGED_BY_KUBERNETES) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not `application/json` or is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteTenantsById: {
        parameters: {
            query: {
                /** @description The tenant's slug, typed by whoever deletes it: the deletion cannot be undone (export first: docs/data-rights.md) */
                confirm: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`); `confirm` missing or not the tenant's slug (naming `query.confirm`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (platform_admin only) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in your tenant (ids of other tenants answer 404 too) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The platform tenant, or a tenant owned by a Tenant resource: kubectl delete tenant */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patchTenantsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Audit rows older than this are deleted (default 365) */
                    auditRetentionDays?: number;
                    /** @description Unicode text in NFC (normalised on input): no control characters (C0, C1, DEL), bidi embeddings, overrides or isolates (U+202A-U+202E, U+2066-U+2069), zero-width or invisible characters (U+200B-U+200F, U+2060-U+2064, U+FEFF), noncharacters (U+FDD0-U+FDEF, U+nFFFE, U+nFFFF) or lone surrogates. Lengths count code points. Leading and trailing spaces are removed; 1 to 200 characters remain. */
                    displayName?: string;
                    /** @enum {string} */
                    plan?: "free" | "pro" | "enterprise";
                    /** @enum {string} */
                    status?: "active" | "suspended";
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Audit rows older than this are deleted (default 365) */
                        auditRetentionDays: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description Set when its Tenant resource was deleted with deletionPolicy Retain: data kept, access gone */
                        deletedAt: string | null;
                        displayName: string;
                        /** Format: uuid */
                        id: string;
                        /**
                         * @description kubernetes: owned by a Tenant resource; change it with kubectl, not this API
                         * @enum {string}
                         */
                        managedBy: "api" | "kubernetes";
                        /** @description Most users the tenant may have (Tenant spec.limits.maxUsers); null: no limit */
                        maxUsers: number | null;
                        /** @enum {string} */
                        plan: "free" | "pro" | "enterprise";
                        /** @description The Tenant controller's last report on the resource that owns this tenant (its status subresource); null for tenants the API owns */
                        resource: {
                            /** @description As on the resource: Ready, Paused, Suspended, WithinLimits, DatabaseReady, PoliciesReady, DirectAccessReady */
                            conditions: {
                                lastTransitionTime: string;
                                message: string;
                                reason: string;
                                status: string;
                                type: string;
                            }[];
                            /** @description The resource's generation when the controller reported; ahead of observedGeneration while a change is applied */
                            generation: number;
                            /** @description The spec generation the controller last acted on */
                            observedGeneration: number;
                            /** @description Pending, Ready, Suspended, Failed or Deleting */
                            phase: string;
                            /** Format: date-time */
                            reportedAt: string;
                        } | null;
                        slug: string;
                        /** @enum {string} */
                        status: "active" | "suspended";
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (tenant_admin, platform_admin only); or a tenant admin sent a field other than displayName (`errors` names each: `body.plan`, `body.status`, ...) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in your tenant (ids of other tenants answer 404 too) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The platform tenant, or a tenant owned by a Tenant resource, or TENANT_SOURCE=kubernetes (SENTINEL_TENANTS_MANAGED_BY_KUBERNETES) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not `application/json` or is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postTenantsByIdAdmins: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description For a new user (default: the part of the email before @) */
                    displayName?: string;
                    /**
                     * Format: email
                     * @description Who becomes a tenant admin; a new user is invited by email to set a password
                     */
                    email: string;
                };
            };
        };
        responses: {
            /** @description An existing user, now a tenant admin (invited again if it has no password) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description false: an existing user of the tenant, now a tenant admin */
                        created: boolean;
                        displayName: string;
                        email: string;
                        /** @description null: the user already has a password and signs in as before */
                        invitation: {
                            /** Format: date-time */
                            expiresAt: string;
                            /** Format: uuid */
                            invitationId: string;
                            /**
                             * Format: uuid
                             * @description The mail job: GET /api/v1/jobs/{id} (as a platform admin)
                             */
                            jobId: string;
                            /** @description false: Redis was unavailable; the job is recorded and a platform admin can retry it */
                            queued: boolean;
                        } | null;
                        /** @constant */
                        role: "tenant_admin";
                        /** Format: uuid */
                        userId: string;
                    };
                };
            };
            /** @description A new user, invited */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description false: an existing user of the tenant, now a tenant admin */
                        created: boolean;
                        displayName: string;
                        email: string;
                        /** @description null: the user already has a password and signs in as before */
                        invitation: {
                            /** Format: date-time */
                            expiresAt: string;
                            /** Format: uuid */
                            invitationId: string;
                            /**
                             * Format: uuid
                             * @description The mail job: GET /api/v1/jobs/{id} (as a platform admin)
                             */
                            jobId: string;
                            /** @description false: Redis was unavailable; the job is recorded and a platform admin can retry it */
                            queued: boolean;
                        } | null;
                        /** @constant */
                        role: "tenant_admin";
                        /** Format: uuid */
                        userId: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (platform_admin only) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in your tenant (ids of other tenants answer 404 too) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The platform tenant (SENTINEL_TENANT_RESERVED), a tenant owned by a Tenant resource or TENANT_SOURCE=kubernetes, or the plan's user limit (SENTINEL_TENANT_USER_LIMIT) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not `application/json` or is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postTenantsByIdExports: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued; follow it with GET /api/v1/jobs/{id}/events, or poll the export */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Once completed: the .tar.gz itself */
                        archive: {
                            bytes: number;
                            /** @description Hex SHA-256 of the .tar.gz */
                            sha256: string;
                        } | null;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description Where to fetch the archive, while it is completed, not yet downloaded and not expired */
                        download: string | null;
                        /** @description When it was downloaded: an export downloads once, later attempts answer 410 */
                        downloadedAt: string | null;
                        /**
                         * Format: date-time
                         * @description After this the file is deleted and its download answers 410
                         */
                        expiresAt: string;
                        /** @description As on GET /api/v1/jobs/{id}: a stable code when the last attempt failed */
                        failureCode: string | null;
                        failureReason: string | null;
                        /** @description Once completed: the archive's files, as its manifest.json lists them */
                        files: {
                            bytes: number;
                            /** @description The file in the archive, e.g. `users.ndjson` */
                            name: string;
                            /** @description Lines (one JSON object each) */
                            rows: number;
                            /** @description Hex SHA-256 of the file, as `sha256sum` prints it */
                            sha256: string;
                        }[] | null;
                        finishedAt: string | null;
                        /**
                         * Format: uuid
                         * @description The export, which is also a job: GET /api/v1/jobs/{id} and its progress events GET /api/v1/jobs/{id}/events
                         */
                        id: string;
                        /** @description `rows` written so far of `total`; `total` is left out when counting the rows took longer than the statement timeout */
                        progress: {
                            [key: string]: unknown;
                        };
                        /** @enum {string} */
                        state: "queued" | "active" | "completed" | "failed";
                        /** Format: uuid */
                        tenantId: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (tenant_admin, platform_admin only) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in your tenant (ids of other tenants answer 404 too); No such tenant, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTenantsByIdExportsByExportId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                exportId: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The export */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Once completed: the .tar.gz itself */
                        archive: {
                            bytes: number;
                            /** @description Hex SHA-256 of the .tar.gz */
                            sha256: string;
                        } | null;
                        /** Format: date-time */
                        createdAt: string;
                        /** @description Where to fetch the archive, while it is completed, not yet downloaded and not expired */
                        download: string | null;
                        /** @description When it was downloaded: an export downloads once, later attempts answer 410 */
                        downloadedAt: string | null;
                        /**
                         * Format: date-time
                         * @description After this the file is deleted and its download answers 410
                         */
                        expiresAt: string;
                        /** @description As on GET /api/v1/jobs/{id}: a stable code when the last attempt failed */
                        failureCode: string | null;
                        failureReason: string | null;
                        /** @description Once completed: the archive's files, as its manifest.json lists them */
                        files: {
                            bytes: number;
                            /** @description The file in the archive, e.g. `users.ndjson` */
                            name: string;
                            /** @description Lines (one JSON object each) */
                            rows: number;
                            /** @description Hex SHA-256 of the file, as `sha256sum` prints it */
                            sha256: string;
                        }[] | null;
                        finishedAt: string | null;
                        /**
                         * Format: uuid
                         * @description The export, which is also a job: GET /api/v1/jobs/{id} and its progress events GET /api/v1/jobs/{id}/events
                         */
                        id: string;
                        /** @description `rows` written so far of `total`; `total` is left out when counting the rows took longer than the statement timeout */
                        progress: {
                            [key: string]: unknown;
                        };
                        /** @enum {string} */
                        state: "queued" | "active" | "completed" | "failed";
                        /** Format: uuid */
                        tenantId: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (tenant_admin, platform_admin only) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in your tenant (ids of other tenants answer 404 too); No such export in the tenant, or not your tenant */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTenantsByIdExportsByExportIdDownload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                exportId: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The archive, streamed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/gzip": string;
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (tenant_admin, platform_admin only) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in your tenant (ids of other tenants answer 404 too); No such export in the tenant, or not your tenant */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The export has not completed (SENTINEL_EXPORT_NOT_READY), or another download of it is in progress (SENTINEL_EXPORT_BUSY, with Retry-After) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Already downloaded, or expired (SENTINEL_EXPORT_GONE): start a new export */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTenantsByIdMfaPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The policy */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        required: "off" | "admins" | "all";
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in your tenant (ids of other tenants answer 404 too); Not your tenant */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putTenantsByIdMfaPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description off; admins: tenant (and platform) admins; all: every user
                     * @enum {string}
                     */
                    required: "off" | "admins" | "all";
                };
            };
        };
        responses: {
            /** @description Set */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        required: "off" | "admins" | "all";
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (tenant_admin only) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in your tenant (ids of other tenants answer 404 too); Not your tenant */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not `application/json` or is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTenantsByIdUsage: {
        parameters: {
            query?: {
                /** @description First day, included (default: 29 days before `to`). `from` must not be after `to`, and the range holds at most 366 days (400 naming `query.from` otherwise). */
                from?: string;
                /** @description Last day, included (default: today, UTC). */
                to?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The days of the range that have been rolled up */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description One per day the daily rollup has written, in day order; days it has not written (today, before the first rollup) are absent */
                        items: {
                            /** @description Users who signed in that day */
                            activeUsers: number;
                            /** @description Authenticated API requests the tenant's tokens made that day */
                            apiRequests: number;
                            /**
                             * Format: date
                             * @description The UTC day
                             */
                            day: string;
                            /** @description The tenant's users at the end of the day */
                            users: number;
                        }[];
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (platform_admin only) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in your tenant (ids of other tenants answer 404 too) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getUsage: {
        parameters: {
            query?: {
                /** @description First day, included (default: 29 days before `to`). `from` must not be after `to`, and the range holds at most 366 days (400 naming `query.from` otherwise). */
                from?: string;
                /** @description Last day, included (default: today, UTC). */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The days of the range that have been rolled up */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description One per day the daily rollup has written, in day order; days it has not written (today, before the first rollup) are absent */
                        items: {
                            /** @description Users who signed in that day */
                            activeUsers: number;
                            /** @description Authenticated API requests the tenant's tokens made that day */
                            apiRequests: number;
                            /**
                             * Format: date
                             * @description The UTC day
                             */
                            day: string;
                            /** @description The tenant's users at the end of the day */
                            users: number;
                        }[];
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (tenant_admin only) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getUsers: {
        parameters: {
            query?: {
                /** @description Opaque page token: pass the `nextCursor` of the previous page of the same list, unchanged. Any other value (forged, altered, from another list) answers 400 naming `query.cursor`. */
                cursor?: string;
                /** @description Unicode text in NFC (normalised on input): no control characters (C0, C1, DEL), bidi embeddings, overrides or isolates (U+202A-U+202E, U+2066-U+2069), zero-width or invisible characters (U+200B-U+200F, U+2060-U+2064, U+FEFF), noncharacters (U+FDD0-U+FDEF, U+nFFFE, U+nFFFF) or lone surrogates. Lengths count code points. At most 254 characters. */
                emailPrefix?: string;
                limit?: number;
                role?: "platform_admin" | "tenant_admin" | "member";
                sort?: "createdAt" | "-createdAt" | "email" | "-email";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** Format: date-time */
                            createdAt: string;
                            displayName: string;
                            email: string;
                            hasPassword: boolean;
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            role: "platform_admin" | "tenant_admin" | "member";
                            /** Format: uuid */
                            tenantId: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                        /** @description Pass as `cursor` for the next page; null on the last page */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postUsers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Unicode text in NFC (normalised on input): no control characters (C0, C1, DEL), bidi embeddings, overrides or isolates (U+202A-U+202E, U+2066-U+2069), zero-width or invisible characters (U+200B-U+200F, U+2060-U+2064, U+FEFF), noncharacters (U+FDD0-U+FDEF, U+nFFFE, U+nFFFF) or lone surrogates. Lengths count code points. Leading and trailing spaces are removed; 1 to 200 characters remain. */
                    displayName: string;
                    /**
                     * Format: email
                     * @description An email address (dot-atom local part, at most 64 characters; compared case-insensitively)
                     */
                    email: string;
                    /** @description Omit to email the user an invitation instead */
                    password?: string;
                    /**
                     * @default member
                     * @enum {string}
                     */
                    role?: "platform_admin" | "tenant_admin" | "member";
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        displayName: string;
                        email: string;
                        hasPassword: boolean;
                        /** Format: uuid */
                        id: string;
                        /** @enum {string} */
                        role: "platform_admin" | "tenant_admin" | "member";
                        /** Format: uuid */
                        tenantId: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (tenant_admin, platform_admin only); A role your tenant cannot hold (the platform tenant: platform_admin only; others: tenant_admin or member), naming `body.role` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The email is taken in this tenant, or the tenant is at its user limit */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not `application/json` or is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getUsersById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The user */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        displayName: string;
                        email: string;
                        hasPassword: boolean;
                        /** Format: uuid */
                        id: string;
                        /** @enum {string} */
                        role: "platform_admin" | "tenant_admin" | "member";
                        /** Format: uuid */
                        tenantId: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in your tenant (ids of other tenants answer 404 too) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putUsersById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Unicode text in NFC (normalised on input): no control characters (C0, C1, DEL), bidi embeddings, overrides or isolates (U+202A-U+202E, U+2066-U+2069), zero-width or invisible characters (U+200B-U+200F, U+2060-U+2064, U+FEFF), noncharacters (U+FDD0-U+FDEF, U+nFFFE, U+nFFFF) or lone surrogates. Lengths count code points. Leading and trailing spaces are removed; 1 to 200 characters remain. */
                    displayName: string;
                    /**
                     * Format: email
                     * @description An email address (dot-atom local part, at most 64 characters; compared case-insensitively)
                     */
                    email: string;
                    /** @enum {string} */
                    role: "platform_admin" | "tenant_admin" | "member";
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        displayName: string;
                        email: string;
                        hasPassword: boolean;
                        /** Format: uuid */
                        id: string;
                        /** @enum {string} */
                        role: "platform_admin" | "tenant_admin" | "member";
                        /** Format: uuid */
                        tenantId: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (tenant_admin, platform_admin only); Changing your own role, or a role your tenant cannot hold */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in your tenant (ids of other tenants answer 404 too) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The email is taken in this tenant */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not `application/json` or is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteUsersById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (tenant_admin, platform_admin only); Deleting yourself */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in your tenant (ids of other tenants answer 404 too) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patchUsersById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Required when changing your own password */
                    currentPassword?: string;
                    /** @description Unicode text in NFC (normalised on input): no control characters (C0, C1, DEL), bidi embeddings, overrides or isolates (U+202A-U+202E, U+2066-U+2069), zero-width or invisible characters (U+200B-U+200F, U+2060-U+2064, U+FEFF), noncharacters (U+FDD0-U+FDEF, U+nFFFE, U+nFFFF) or lone surrogates. Lengths count code points. Leading and trailing spaces are removed; 1 to 200 characters remain. */
                    displayName?: string;
                    /**
                     * Format: email
                     * @description An email address (dot-atom local part, at most 64 characters; compared case-insensitively)
                     */
                    email?: string;
                    /** @description 12 to 1024 characters; refused when too easy to guess (zxcvbn score below 3, or built on the email or tenant slug) */
                    password?: string;
                    /** @enum {string} */
                    role?: "platform_admin" | "tenant_admin" | "member";
                } | unknown | unknown | unknown | unknown;
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        displayName: string;
                        email: string;
                        hasPassword: boolean;
                        /** Format: uuid */
                        id: string;
                        /** @enum {string} */
                        role: "platform_admin" | "tenant_admin" | "member";
                        /** Format: uuid */
                        tenantId: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A member changing another user, their own email or role; anyone changing their own role; a role your tenant cannot hold */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in your tenant (ids of other tenants answer 404 too) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The email is taken in this tenant */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not `application/json` or is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postUsersByIdErase: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Erased: the tombstone, with the pseudonym the user became */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Rows rewritten (audit_logs, webhook_events, webhook_deliveries, jobs, api_keys, webhook_endpoints) or deleted (job_chunks, refresh_tokens, invitations, user_mfa), per table */
                        counts: {
                            api_keys: number;
                            audit_logs: number;
                            invitations: number;
                            job_chunks: number;
                            jobs: number;
                            refresh_tokens: number;
                            user_mfa: number;
                            webhook_deliveries: number;
                            webhook_endpoints: number;
                            webhook_events: number;
                        };
                        /** Format: date-time */
                        erasedAt: string;
                        /** Format: uuid */
                        id: string;
                        /** @description `erased-user-<32 hex>`: what the email and display name became in every row that named the user */
                        pseudonym: string;
                        /**
                         * Format: uuid
                         * @description What the user id became (audit actorId/targetId, job and key creators)
                         */
                        pseudonymId: string;
                        /** @description The admin (user id, or API key id) who asked */
                        requestedBy: string | null;
                        /** @enum {string} */
                        requestedByKind: "user" | "api_key";
                        /** @description SHA-256 (hex) of the erased user id: whoever still knows the id can check it was erased */
                        subjectHash: string;
                        /** Format: uuid */
                        tenantId: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (tenant_admin, platform_admin only); Erasing yourself; a member erasing anyone */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in your tenant (ids of other tenants answer 404 too) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postUsersByIdInvite: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Invitation created and its mail queued */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        expiresAt: string;
                        /** Format: uuid */
                        invitationId: string;
                        /**
                         * Format: uuid
                         * @description Follow the mail job at GET /api/v1/jobs/{jobId}
                         */
                        jobId: string;
                        /** @description false if the mail job could not be queued; retry with POST /users/{id}/invite */
                        queued: boolean;
                        /** Format: uuid */
                        userId: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (tenant_admin, platform_admin only) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in your tenant (ids of other tenants answer 404 too) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The user has already set a password (SENTINEL_USER_HAS_PASSWORD) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteUsersByIdMfa: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Reset (or there was nothing to reset) */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (tenant_admin, platform_admin only) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in your tenant (ids of other tenants answer 404 too); No such user in your tenant */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postUsersImports: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "text/csv": string;
            };
        };
        responses: {
            /** @description Queued; follow it at GET /api/v1/jobs/{id} */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        bytes: number;
                        /**
                         * Format: uuid
                         * @description The import job: GET /api/v1/jobs/{id} shows progress and, when done, counts and per-row errors
                         */
                        id: string;
                        /** @constant */
                        state: "queued";
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (tenant_admin, platform_admin only) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not `text/csv` in UTF-8 or is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWebhooksEndpoints: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The endpoints */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** Format: date-time */
                            createdAt: string;
                            description: string;
                            /** @description Why the server disabled the endpoint (every delivery failing for WEBHOOK_DISABLE_AFTER_S); null when enabled or disabled by an admin */
                            disabledReason: string | null;
                            enabled: boolean;
                            eventTypes: ("user.created" | "user.updated" | "user.deleted" | "user.invited" | "import.completed" | "export.completed" | "tenant.suspended" | "tenant.resumed")[];
                            /** @description Every delivery has failed since then (null: the last one succeeded) */
                            failingSince: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @description Until then deliveries are also signed with the secret before the last rotation */
                            previousSecretExpiresAt: string | null;
                            rotatedAt: string | null;
                            /** Format: date-time */
                            updatedAt: string;
                            url: string;
                        }[];
                    };
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (tenant_admin only) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postWebhooksEndpoints: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Unicode text in NFC (normalised on input): no control characters (C0, C1, DEL), bidi embeddings, overrides or isolates (U+202A-U+202E, U+2066-U+2069), zero-width or invisible characters (U+200B-U+200F, U+2060-U+2064, U+FEFF), noncharacters (U+FDD0-U+FDEF, U+nFFFE, U+nFFFF) or lone surrogates. Lengths count code points. Leading and trailing spaces are removed; 0 to 500 characters remain. */
                    description?: string;
                    /** @description Default true */
                    enabled?: boolean;
                    /** @description The events this endpoint receives (docs/webhooks.md describes each payload) */
                    eventTypes: ("user.created" | "user.updated" | "user.deleted" | "user.invited" | "import.completed" | "export.completed" | "tenant.suspended" | "tenant.resumed")[];
                    /**
                     * Format: uri
                     * @description Where deliveries are POSTed: https:// (http:// is accepted outside production)
                     */
                    url: string;
                };
            };
        };
        responses: {
            /** @description Created: `secret` verifies the signatures, shown only now */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        description: string;
                        /** @description Why the server disabled the endpoint (every delivery failing for WEBHOOK_DISABLE_AFTER_S); null when enabled or disabled by an admin */
                        disabledReason: string | null;
                        enabled: boolean;
                        eventTypes: ("user.created" | "user.updated" | "user.deleted" | "user.invited" | "import.completed" | "export.completed" | "tenant.suspended" | "tenant.resumed")[];
                        /** @description Every delivery has failed since then (null: the last one succeeded) */
                        failingSince: string | null;
                        /** Format: uuid */
                        id: string;
                        /** @description Until then deliveries are also signed with the secret before the last rotation */
                        previousSecretExpiresAt: string | null;
                        rotatedAt: string | null;
                        /** @description The signing secret (`whsec_` + base64, Standard Webhooks): shown this once, never again. Verify `webhook-signature` with it. */
                        secret: string;
                        /** Format: date-time */
                        updatedAt: string;
                        url: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (tenant_admin only) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant has 50 endpoints already (SENTINEL_WEBHOOK_ENDPOINT_LIMIT) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not `application/json` or is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Webhooks are not configured on this server (WEBHOOK_ENCRYPTION_KEY) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWebhooksEndpointsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The endpoint */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        description: string;
                        /** @description Why the server disabled the endpoint (every delivery failing for WEBHOOK_DISABLE_AFTER_S); null when enabled or disabled by an admin */
                        disabledReason: string | null;
                        enabled: boolean;
                        eventTypes: ("user.created" | "user.updated" | "user.deleted" | "user.invited" | "import.completed" | "export.completed" | "tenant.suspended" | "tenant.resumed")[];
                        /** @description Every delivery has failed since then (null: the last one succeeded) */
                        failingSince: string | null;
                        /** Format: uuid */
                        id: string;
                        /** @description Until then deliveries are also signed with the secret before the last rotation */
                        previousSecretExpiresAt: string | null;
                        rotatedAt: string | null;
                        /** Format: date-time */
                        updatedAt: string;
                        url: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (tenant_admin only) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in your tenant (ids of other tenants answer 404 too) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteWebhooksEndpointsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (tenant_admin only) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in your tenant (ids of other tenants answer 404 too) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patchWebhooksEndpointsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Unicode text in NFC (normalised on input): no control characters (C0, C1, DEL), bidi embeddings, overrides or isolates (U+202A-U+202E, U+2066-U+2069), zero-width or invisible characters (U+200B-U+200F, U+2060-U+2064, U+FEFF), noncharacters (U+FDD0-U+FDEF, U+nFFFE, U+nFFFF) or lone surrogates. Lengths count code points. Leading and trailing spaces are removed; 0 to 500 characters remain. */
                    description?: string;
                    enabled?: boolean;
                    /** @description The events this endpoint receives (docs/webhooks.md describes each payload) */
                    eventTypes?: ("user.created" | "user.updated" | "user.deleted" | "user.invited" | "import.completed" | "export.completed" | "tenant.suspended" | "tenant.resumed")[];
                    /**
                     * Format: uri
                     * @description Where deliveries are POSTed: https:// (http:// is accepted outside production)
                     */
                    url?: string;
                };
            };
        };
        responses: {
            /** @description The endpoint as changed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        description: string;
                        /** @description Why the server disabled the endpoint (every delivery failing for WEBHOOK_DISABLE_AFTER_S); null when enabled or disabled by an admin */
                        disabledReason: string | null;
                        enabled: boolean;
                        eventTypes: ("user.created" | "user.updated" | "user.deleted" | "user.invited" | "import.completed" | "export.completed" | "tenant.suspended" | "tenant.resumed")[];
                        /** @description Every delivery has failed since then (null: the last one succeeded) */
                        failingSince: string | null;
                        /** Format: uuid */
                        id: string;
                        /** @description Until then deliveries are also signed with the secret before the last rotation */
                        previousSecretExpiresAt: string | null;
                        rotatedAt: string | null;
                        /** Format: date-time */
                        updatedAt: string;
                        url: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (tenant_admin only) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in your tenant (ids of other tenants answer 404 too) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not `application/json` or is compressed */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWebhooksEndpointsByIdDeliveries: {
        parameters: {
            query?: {
                /** @description At most this many, newest first (1 to 100, default 50) */
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The deliveries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            attempts: number;
                            /** Format: date-time */
                            createdAt: string;
                            deliveredAt: string | null;
                            /**
                             * Format: uuid
                             * @description The event: every attempt carries it as `webhook-id`
                             */
                            eventId: string;
                            /** @enum {string} */
                            eventType: "user.created" | "user.updated" | "user.deleted" | "user.invited" | "import.completed" | "export.completed" | "tenant.suspended" | "tenant.resumed";
                            /** Format: uuid */
                            id: string;
                            lastError: string | null;
                            /** @description The receiver's HTTP status at the last attempt (null: no answer) */
                            lastStatus: number | null;
                            /** @description How long the last attempt took */
                            latencyMs: number | null;
                            nextAttemptAt: string | null;
                            /**
                             * @description pending: attempts left (next at nextAttemptAt); failed: none left or refused; skipped: the endpoint was disabled
                             * @enum {string}
                             */
                            state: "pending" | "succeeded" | "failed" | "skipped";
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (tenant_admin only) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in your tenant (ids of other tenants answer 404 too) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postWebhooksEndpointsByIdDeliveriesByDeliveryIdRedeliver: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                deliveryId: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued again */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        attempts: number;
                        /** Format: date-time */
                        createdAt: string;
                        deliveredAt: string | null;
                        /**
                         * Format: uuid
                         * @description The event: every attempt carries it as `webhook-id`
                         */
                        eventId: string;
                        /** @enum {string} */
                        eventType: "user.created" | "user.updated" | "user.deleted" | "user.invited" | "import.completed" | "export.completed" | "tenant.suspended" | "tenant.resumed";
                        /** Format: uuid */
                        id: string;
                        lastError: string | null;
                        /** @description The receiver's HTTP status at the last attempt (null: no answer) */
                        lastStatus: number | null;
                        /** @description How long the last attempt took */
                        latencyMs: number | null;
                        nextAttemptAt: string | null;
                        /**
                         * @description pending: attempts left (next at nextAttemptAt); failed: none left or refused; skipped: the endpoint was disabled
                         * @enum {string}
                         */
                        state: "pending" | "succeeded" | "failed" | "skipped";
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (tenant_admin only) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in your tenant (ids of other tenants answer 404 too) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The endpoint is disabled (SENTINEL_WEBHOOK_ENDPOINT_DISABLED) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description PostgreSQL or Redis is unavailable; retry later */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postWebhooksEndpointsByIdRotateSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Rotated: `secret` is the new secret, shown only now */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        description: string;
                        /** @description Why the server disabled the endpoint (every delivery failing for WEBHOOK_DISABLE_AFTER_S); null when enabled or disabled by an admin */
                        disabledReason: string | null;
                        enabled: boolean;
                        eventTypes: ("user.created" | "user.updated" | "user.deleted" | "user.invited" | "import.completed" | "export.completed" | "tenant.suspended" | "tenant.resumed")[];
                        /** @description Every delivery has failed since then (null: the last one succeeded) */
                        failingSince: string | null;
                        /** Format: uuid */
                        id: string;
                        /** @description Until then deliveries are also signed with the secret before the last rotation */
                        previousSecretExpiresAt: string | null;
                        rotatedAt: string | null;
                        /** @description The signing secret (`whsec_` + base64, Standard Webhooks): shown this once, never again. Verify `webhook-signature` with it. */
                        secret: string;
                        /** Format: date-time */
                        updatedAt: string;
                        url: string;
                    };
                };
            };
            /** @description Invalid input: `errors` names each field at fault (`body.email`, `query.cursor`, `params.id`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired access token, or the user or tenant is gone or suspended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role may not call this (tenant_admin only) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in your tenant (ids of other tenants answer 404 too) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The tenant's request quota is exhausted (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal error: a stable code and the requestId, never internals (the cause is in the log under that id) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Webhooks are not configured on this server (WEBHOOK_ENCRYPTION_KEY) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    "webhook-export.completed": {
        parameters: {
            query?: never;
            header: {
                /** @description The event id: the same on every attempt and redelivery (deduplicate on it) */
                "webhook-id": string;
                /** @description `v1,<base64 HMAC-SHA-256 of "<webhook-id>.<webhook-timestamp>.<body>">` per live secret, space-separated */
                "webhook-signature": string;
                /** @description This attempt, in seconds since the epoch (refuse old ones) */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    data: {
                        job: {
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            name: "audit.export" | "tenant.export";
                            result: {
                                [key: string]: unknown;
                            } | null;
                        };
                    };
                    /**
                     * Format: date-time
                     * @description When the event happened
                     */
                    timestamp: string;
                    /** @constant */
                    type: "export.completed";
                    /**
                     * @description The payload version: a change that is not backwards compatible bumps it
                     * @constant
                     */
                    version: 1;
                };
            };
        };
        responses: {
            /** @description Any 2xx: delivered. Anything else, a timeout or a redirect is retried (docs/webhooks.md) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    "webhook-import.completed": {
        parameters: {
            query?: never;
            header: {
                /** @description The event id: the same on every attempt and redelivery (deduplicate on it) */
                "webhook-id": string;
                /** @description `v1,<base64 HMAC-SHA-256 of "<webhook-id>.<webhook-timestamp>.<body>">` per live secret, space-separated */
                "webhook-signature": string;
                /** @description This attempt, in seconds since the epoch (refuse old ones) */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    data: {
                        job: {
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            name: "users.import";
                            result: {
                                [key: string]: unknown;
                            } | null;
                        };
                    };
                    /**
                     * Format: date-time
                     * @description When the event happened
                     */
                    timestamp: string;
                    /** @constant */
                    type: "import.completed";
                    /**
                     * @description The payload version: a change that is not backwards compatible bumps it
                     * @constant
                     */
                    version: 1;
                };
            };
        };
        responses: {
            /** @description Any 2xx: delivered. Anything else, a timeout or a redirect is retried (docs/webhooks.md) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    "webhook-tenant.resumed": {
        parameters: {
            query?: never;
            header: {
                /** @description The event id: the same on every attempt and redelivery (deduplicate on it) */
                "webhook-id": string;
                /** @description `v1,<base64 HMAC-SHA-256 of "<webhook-id>.<webhook-timestamp>.<body>">` per live secret, space-separated */
                "webhook-signature": string;
                /** @description This attempt, in seconds since the epoch (refuse old ones) */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    data: {
                        tenant: {
                            displayName: string;
                            /** Format: uuid */
                            id: string;
                            slug: string;
                            /** @enum {string} */
                            status: "active" | "suspended";
                        };
                    };
                    /**
                     * Format: date-time
                     * @description When the event happened
                     */
                    timestamp: string;
                    /** @constant */
                    type: "tenant.resumed";
                    /**
                     * @description The payload version: a change that is not backwards compatible bumps it
                     * @constant
                     */
                    version: 1;
                };
            };
        };
        responses: {
            /** @description Any 2xx: delivered. Anything else, a timeout or a redirect is retried (docs/webhooks.md) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    "webhook-tenant.suspended": {
        parameters: {
            query?: never;
            header: {
                /** @description The event id: the same on every attempt and redelivery (deduplicate on it) */
                "webhook-id": string;
                /** @description `v1,<base64 HMAC-SHA-256 of "<webhook-id>.<webhook-timestamp>.<body>">` per live secret, space-separated */
                "webhook-signature": string;
                /** @description This attempt, in seconds since the epoch (refuse old ones) */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    data: {
                        tenant: {
                            displayName: string;
                            /** Format: uuid */
                            id: string;
                            slug: string;
                            /** @enum {string} */
                            status: "active" | "suspended";
                        };
                    };
                    /**
                     * Format: date-time
                     * @description When the event happened
                     */
                    timestamp: string;
                    /** @constant */
                    type: "tenant.suspended";
                    /**
                     * @description The payload version: a change that is not backwards compatible bumps it
                     * @constant
                     */
                    version: 1;
                };
            };
        };
        responses: {
            /** @description Any 2xx: delivered. Anything else, a timeout or a redirect is retried (docs/webhooks.md) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    "webhook-user.created": {
        parameters: {
            query?: never;
            header: {
                /** @description The event id: the same on every attempt and redelivery (deduplicate on it) */
                "webhook-id": string;
                /** @description `v1,<base64 HMAC-SHA-256 of "<webhook-id>.<webhook-timestamp>.<body>">` per live secret, space-separated */
                "webhook-signature": string;
                /** @description This attempt, in seconds since the epoch (refuse old ones) */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    data: {
                        user: {
                            /** Format: date-time */
                            createdAt: string;
                            displayName: string;
                            email: string;
                            hasPassword: boolean;
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            role: "platform_admin" | "tenant_admin" | "member";
                            /** Format: uuid */
                            tenantId: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                    /**
                     * Format: date-time
                     * @description When the event happened
                     */
                    timestamp: string;
                    /** @constant */
                    type: "user.created";
                    /**
                     * @description The payload version: a change that is not backwards compatible bumps it
                     * @constant
                     */
                    version: 1;
                };
            };
        };
        responses: {
            /** @description Any 2xx: delivered. Anything else, a timeout or a redirect is retried (docs/webhooks.md) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    "webhook-user.deleted": {
        parameters: {
            query?: never;
            header: {
                /** @description The event id: the same on every attempt and redelivery (deduplicate on it) */
                "webhook-id": string;
                /** @description `v1,<base64 HMAC-SHA-256 of "<webhook-id>.<webhook-timestamp>.<body>">` per live secret, space-separated */
                "webhook-signature": string;
                /** @description This attempt, in seconds since the epoch (refuse old ones) */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    data: {
                        user: {
                            email: string;
                            /** @constant */
                            erased?: true;
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            role: "platform_admin" | "tenant_admin" | "member";
                            /** Format: uuid */
                            tenantId: string;
                        };
                    };
                    /**
                     * Format: date-time
                     * @description When the event happened
                     */
                    timestamp: string;
                    /** @constant */
                    type: "user.deleted";
                    /**
                     * @description The payload version: a change that is not backwards compatible bumps it
                     * @constant
                     */
                    version: 1;
                };
            };
        };
        responses: {
            /** @description Any 2xx: delivered. Anything else, a timeout or a redirect is retried (docs/webhooks.md) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    "webhook-user.invited": {
        parameters: {
            query?: never;
            header: {
                /** @description The event id: the same on every attempt and redelivery (deduplicate on it) */
                "webhook-id": string;
                /** @description `v1,<base64 HMAC-SHA-256 of "<webhook-id>.<webhook-timestamp>.<body>">` per live secret, space-separated */
                "webhook-signature": string;
                /** @description This attempt, in seconds since the epoch (refuse old ones) */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    data: {
                        invitation: {
                            /** Format: date-time */
                            expiresAt: string;
                            /** Format: uuid */
                            id: string;
                        };
                        user: {
                            email: string;
                            /** Format: uuid */
                            id: string;
                        };
                    };
                    /**
                     * Format: date-time
                     * @description When the event happened
                     */
                    timestamp: string;
                    /** @constant */
                    type: "user.invited";
                    /**
                     * @description The payload version: a change that is not backwards compatible bumps it
                     * @constant
                     */
                    version: 1;
                };
            };
        };
        responses: {
            /** @description Any 2xx: delivered. Anything else, a timeout or a redirect is retried (docs/webhooks.md) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    "webhook-user.updated": {
        parameters: {
            query?: never;
            header: {
                /** @description The event id: the same on every attempt and redelivery (deduplicate on it) */
                "webhook-id": string;
                /** @description `v1,<base64 HMAC-SHA-256 of "<webhook-id>.<webhook-timestamp>.<body>">` per live secret, space-separated */
                "webhook-signature": string;
                /** @description This attempt, in seconds since the epoch (refuse old ones) */
                "webhook-timestamp": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    data: {
                        changes: {
                            [key: string]: {
                                from: unknown;
                                to: unknown;
                            } | {
                                /** @constant */
                                changed: true;
                            };
                        };
                        user: {
                            /** Format: date-time */
                            createdAt: string;
                            displayName: string;
                            email: string;
                            hasPassword: boolean;
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            role: "platform_admin" | "tenant_admin" | "member";
                            /** Format: uuid */
                            tenantId: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                    /**
                     * Format: date-time
                     * @description When the event happened
                     */
                    timestamp: string;
                    /** @constant */
                    type: "user.updated";
                    /**
                     * @description The payload version: a change that is not backwards compatible bumps it
                     * @constant
                     */
                    version: 1;
                };
            };
        };
        responses: {
            /** @description Any 2xx: delivered. Anything else, a timeout or a redirect is retried (docs/webhooks.md) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
