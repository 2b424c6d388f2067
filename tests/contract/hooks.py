"""Schemathesis hooks for the Sentinel contract run (scripts/schemathesis.ts loads them
with SCHEMATHESIS_HOOKS=hooks).

They cover exactly the rules the OpenAPI document states in words because JSON Schema
cannot state them, and nothing else:

* `cursor` (list operations) is an opaque token issued by the server. A client cannot
  make a valid one; only a `nextCursor` the same list returned is valid. So positive
  (schema-valid) cases never invent one: they leave the optional parameter out. Negative
  cases still send malformed cursors (400 expected). Paging with real cursors is tested
  by the jest suites.
* `to` must be after `from` (audit-log filters and exports, `x-sentinel-after`). Positive
  cases that break it are put in order; negative cases are left alone.
* Usage ranges (`GET /usage`, `GET /tenants/{id}/usage`): `from` must not be after `to`
  (default: today) and the range holds at most 366 days. Positive cases that break it are
  put in order and shortened; negative cases are left alone.
* Secrets a generator cannot know: the `token` of POST /auth/accept-invite (mailed to the
  invitee) answers 400 SENTINEL_INVITATION_INVALID naming `body.token`; the
  `currentPassword` of PATCH /users/{id} (required to change your own password) answers
  400 naming `body.currentPassword`. Exactly those answers are accepted; any other 400,
  or one naming other fields as well, still fails.
* A new API key's `expiresAt` must be in the future (`x-sentinel-future`): positive cases
  with a past or present one get a date a year ahead; negative cases are left alone.
* A new API key's `scopes` are of its creator's kind (the field's description): tenant
  scopes for a tenant admin, platform scopes for a platform admin. Positive cases keep the
  scopes of the role the run signs in as (SENTINEL_CONTRACT_ROLE), or its first scope when
  none is left; negative cases are left alone.
* Deleting a tenant takes its slug as `confirm` (DELETE /tenants/{id}, docs/data-rights.md): a
  generated one is not the tenant's and answers 400 naming `query.confirm`. That answer alone
  is accepted.
* A new `password` must not be easy to guess (zxcvbn score 3, stated in the field's
  description): a generated one usually is, and answers 400 naming `body.password` with a
  message that starts "is too easy to guess". That answer alone is accepted.
* Single sign-on (OIDC): the `code` and `state` of POST /auth/sso/callback come from an
  identity provider and a sign-in the server started: invented ones answer 400
  SENTINEL_AUTH_SSO_INVALID naming `body.state` or `body.code`. The `redirect_uri` of GET
  /auth/sso/{tenant}/start must be one the server allows (configuration): another answers
  400 naming `query.redirect_uri`. The `issuer` of PUT /tenant/sso must answer OpenID
  Connect discovery (and `clientSecret` is required the first time): otherwise 400 naming
  `body.issuer` (or `body.clientSecret`). Exactly those answers are accepted.
* A tenant export downloads once (GET /tenants/{id}/exports/{exportId}/download,
  docs/data-export.md): the stateful phase follows the link from the export to its download
  and then calls it again, which answers 410 SENTINEL_EXPORT_GONE. That answer alone is
  accepted there.
"""
import json
import os
from datetime import date, datetime, timedelta, timezone

import schemathesis
from schemathesis import GenerationMode

RANGE_OPERATIONS = ("/audit-logs", "/audit-logs/exports")
USAGE_OPERATIONS = "/usage"
MAX_USAGE_DAYS = 366
# packages/platform/src/auth/api-keys.ts: API_KEY_SCOPES and PLATFORM_KEY_SCOPES.
KEY_SCOPES = {
    "tenant_admin": ["users:read", "users:write", "audit:read", "jobs:read"],
    "platform_admin": ["tenants:read", "tenants:write", "audit:read", "jobs:read"],
}
FIRST_DAY = date(1970, 1, 1)


def _positive(case) -> bool:
    meta = case.meta
    return meta is not None and meta.generation.mode == GenerationMode.POSITIVE


def _order_range(values: dict) -> None:
    start, end = values.get("from"), values.get("to")
    if isinstance(start, str) and isinstance(end, str) and not start < end:
        if end < start:
            values["from"], values["to"] = end, start
        else:
            del values["to"]


def _usage_range(values: dict) -> None:
    start, end = values.get("from"), values.get("to")
    if not isinstance(start, str):
        return
    try:
        first = date.fromisoformat(start)
        last = date.fromisoformat(end) if isinstance(end, str) else datetime.now(timezone.utc).date()
    except ValueError:
        return
    first, last = min(first, last), max(first, last)
    if (last - first).days >= MAX_USAGE_DAYS:
        first = last - timedelta(days=MAX_USAGE_DAYS - 1)
        if first < FIRST_DAY:
            first, last = FIRST_DAY, FIRST_DAY + timedelta(days=MAX_USAGE_DAYS - 1)
    values["from"], values["to"] = first.isoformat(), last.isoformat()


@schemathesis.hook
def map_case(context, case):
    if not _positive(case):
        return case
    if isinstance(case.query, dict) and "cursor" in case.query:
        # Only a server-issued cursor is valid (see above): positive cases do not forge one.
        del case.query["cursor"]
    if case.operation.path.endswith(RANGE_OPERATIONS):
        for values in (case.query, case.body):
            if isinstance(values, dict):
                _order_range(values)
    if case.operation.path.endswith(USAGE_OPERATIONS) and isinstance(case.query, dict):
        _usage_range(case.query)
    if case.operation.path.endswith("/api-keys") and isinstance(case.body, dict) and "expiresAt" in case.body:
        case.body["expiresAt"] = (datetime.now(timezone.utc) + timedelta(days=365)).isoformat()
    allowed = KEY_SCOPES.get(os.environ.get("SENTINEL_CONTRACT_ROLE", ""))
    if case.operation.path.endswith("/api-keys") and allowed and isinstance(case.body, dict) and isinstance(case.body.get("scopes"), list):
        kept = [s for s in case.body["scopes"] if s in allowed]
        case.body["scopes"] = kept or allowed[:1]
    return case


def _problem(response) -> dict:
    try:
        return json.loads(response.content)
    except (ValueError, TypeError):
        return {}


WEAK_PASSWORD = "is too easy to guess"


def _only_fields(problem: dict, code: str, fields: set) -> bool:
    errors = problem.get("errors") or []

    def documented(e: dict) -> bool:
        if e.get("field") == "body.password":
            return "body.password" in fields and str(e.get("message", "")).startswith(WEAK_PASSWORD)
        return e.get("field") in fields

    return problem.get("code") == code and bool(errors) and all(documented(e) for e in errors)


@schemathesis.hook
def filter_failure(context, failure, case, response):
    """Keep every failure except the documented answers to server-issued secrets."""
    if response.status_code == 410 and _positive(case):
        download_once = case.operation.method.upper() == "GET" and case.operation.path.endswith("/exports/{exportId}/download")
        return not (download_once and _problem(response).get("code") == "SENTINEL_EXPORT_GONE")
    if response.status_code != 400 or not _positive(case):
        return True
    problem = _problem(response)
    path, method = case.operation.path, case.operation.method.upper()
    if method == "POST" and path.endswith("/auth/accept-invite"):
        return not _only_fields(problem, "SENTINEL_INVITATION_INVALID", {"body.token"})
    if method == "PATCH" and path.endswith("/users/{id}"):
        return not _only_fields(problem, "SENTINEL_VALIDATION_FAILED", {"body.currentPassword", "body.password"})
    if method == "DELETE" and path.endswith("/tenants/{id}"):
        return not _only_fields(problem, "SENTINEL_VALIDATION_FAILED", {"query.confirm"})
    if method == "POST" and path.endswith("/auth/sso/callback"):
        return not _only_fields(problem, "SENTINEL_AUTH_SSO_INVALID", {"body.state", "body.code"})
    if method == "GET" and path.endswith("/auth/sso/{tenant}/start"):
        return not _only_fields(problem, "SENTINEL_VALIDATION_FAILED", {"query.redirect_uri"})
    if method == "PUT" and path.endswith("/tenant/sso"):
        return not _only_fields(problem, "SENTINEL_VALIDATION_FAILED", {"body.issuer", "body.clientSecret"})
    if isinstance(case.body, dict) and "password" in case.body:
        return not _only_fields(problem, "SENTINEL_VALIDATION_FAILED", {"body.password"})
    return True
