'use client';
// A tenant admin's API keys, or a platform admin's platform keys: create (name, scopes,
// optional expiry) and see the key once, rotate (a new key, shown once; the old one stops at
// once), revoke (asked first). The two differ only in the scopes offered.
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { browserApi } from '@/api/browser';
import type { paths } from '@/api/schema';
import { ActionMessage } from './action-message';
import { Confirm } from './confirm';
import { Field, Notice, Table, buttonClass, cellClass, hiddenCellClass, secondaryButtonClass, when } from './ui';
import { useAction } from './use-action';

type ApiKey = paths['/api/v1/api-keys']['get']['responses'][200]['content']['application/json']['items'][number];
type Scope = ApiKey['scopes'][number];

const TENANT_SCOPES: { scope: Scope; label: string }[] = [
  { scope: 'users:read', label: 'Read users' },
  { scope: 'users:write', label: 'Create, change and delete users' },
  { scope: 'audit:read', label: 'Read the audit log' },
  { scope: 'jobs:read', label: 'Read jobs' },
];
const PLATFORM_SCOPES: { scope: Scope; label: string }[] = [
  { scope: 'tenants:read', label: 'Read tenants and their usage' },
  { scope: 'tenants:write', label: 'Create, change and delete tenants, add tenant admins' },
  { scope: 'audit:read', label: "Read every tenant's audit log" },
  { scope: 'jobs:read', label: "Read every tenant's jobs" },
];

const STATUS: Record<ApiKey['status'], string> = { active: 'Active', expired: 'Expired', revoked: 'Revoked' };

function NewKey({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState<string>();
  return (
    <section aria-labelledby="new-key-title" className="flex flex-col gap-2 rounded-md border border-green-700 p-4">
      <h2 id="new-key-title" className="text-lg font-semibold">
        The key “{name}”
      </h2>
      <p className="text-sm">Copy it now: it will not be shown again.</p>
      <label htmlFor="new-key-value" className="text-sm font-medium">
        Key
      </label>
      <input
        id="new-key-value"
        readOnly
        value={secret}
        className="rounded-md border border-slate-400 px-3 py-2 font-mono text-sm"
        onFocus={(e) => e.target.select()}
      />
      <div className="flex gap-2">
        <button
          type="button"
          className={secondaryButtonClass}
          onClick={async () => {
            // The clipboard can be refused (an insecure origin, a denied permission): say so.
            const ok = await navigator.clipboard.writeText(secret).then(
              () => true,
              () => false,
            );
            setCopied(ok ? 'Copied.' : 'The browser refused the clipboard: select the key and copy it by hand.');
          }}
        >
          Copy
        </button>
        <button type="button" className={secondaryButtonClass} onClick={onDone}>
          Done
        </button>
      </div>
      <p aria-live="polite" className="text-sm">
        {copied ?? ''}
      </p>
    </section>
  );
}

export function ApiKeysManager({ items, platform = false }: { items: ApiKey[]; platform?: boolean }) {
  const offered = platform ? PLATFORM_SCOPES : TENANT_SCOPES;
  const router = useRouter();
  const create = useAction();
  const row = useAction();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>([]);
  const [expires, setExpires] = useState('');
  const [shown, setShown] = useState<{ name: string; secret: string }>();
  // Shown once the API asks for a fresh second factor (step-up): creating a key needs one
  // from users with two-factor authentication who signed in more than 5 minutes ago.
  const [needCode, setNeedCode] = useState(false);
  const [code, setCode] = useState('');
  // The same for rotating: the code is asked for inside that key's confirmation dialog.
  const [rotateCode, setRotateCode] = useState<{ id: string; code: string; asked: boolean; error?: string | undefined }>({ id: '', code: '', asked: false });

  return (
    <div className="flex flex-col gap-6">
      {shown && <NewKey name={shown.name} secret={shown.secret} onDone={() => setShown(undefined)} />}
      <form
        aria-labelledby="create-key-title"
        className="flex max-w-lg flex-col gap-3"
        onSubmit={async (e) => {
          e.preventDefault();
          if (scopes.length === 0) return create.refuse('Choose at least one scope.');
          const r = await create.run(() =>
            browserApi.POST('/api/v1/api-keys', {
              body: { name, scopes, ...(expires ? { expiresAt: new Date(`${expires}T23:59:59Z`).toISOString() } : {}) },
              ...(needCode && code ? { headers: { 'x-mfa-code': code } } : {}),
            }),
          );
          if (!r.ok && (r.problem.code === 'SENTINEL_MFA_STEP_UP_REQUIRED' || r.problem.code === 'SENTINEL_MFA_CODE_INVALID')) setNeedCode(true);
          setCode('');
          if (r.ok && r.data) {
            setNeedCode(false);
            setShown({ name: r.data.name, secret: r.data.key });
            setName('');
            setScopes([]);
            setExpires('');
            router.refresh();
          }
        }}
      >
        <h2 id="create-key-title" className="text-lg font-semibold">
          Create a key
        </h2>
        <ActionMessage message={create.message} summary={create.summary} />
        <Field
          id="key-name"
          label="Name"
          hint="What uses it, e.g. “nightly sync”."
          required
          maxLength={100}
          value={name}
          error={create.fields.name}
          onChange={(e) => setName(e.target.value)}
        />
        <fieldset className="flex flex-col gap-1">
          <legend className="text-sm font-medium">Scopes</legend>
          {offered.map((s) => (
            <label key={s.scope} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                name="scopes"
                value={s.scope}
                checked={scopes.includes(s.scope)}
                onChange={(e) => setScopes((cur) => (e.target.checked ? [...cur, s.scope] : cur.filter((x) => x !== s.scope)))}
              />
              <span>
                {s.label} (<code>{s.scope}</code>)
              </span>
            </label>
          ))}
          {create.fields.scopes && <p className="text-sm text-red-700 dark:text-red-300">{create.fields.scopes}</p>}
        </fieldset>
        <Field
          id="key-expires"
          label="Expires (optional)"
          hint="The key stops working at the end of this day (UTC). Leave empty for no expiry."
          type="date"
          value={expires}
          error={create.fields.expiresAt}
          onChange={(e) => setExpires(e.target.value)}
        />
        {needCode && (
          <Field
            id="key-mfa-code"
            label="Authentication code"
            hint="You use two-factor authentication: the 6-digit code your app shows now (or a recovery code)."
            autoComplete="one-time-code"
            value={code}
            error={create.fields['header.x-mfa-code']}
            onChange={(e) => setCode(e.target.value)}
          />
        )}
        <div>
          <button type="submit" className={buttonClass} disabled={create.pending}>
            {create.pending ? 'Creating…' : 'Create key'}
          </button>
        </div>
      </form>

      <section aria-labelledby="keys-title" className="flex flex-col gap-3">
        <h2 id="keys-title" className="text-lg font-semibold">
          Keys
        </h2>
        <ActionMessage message={row.message} summary={row.summary} />
        {items.length === 0 ? (
          <Notice kind="info">No keys yet.</Notice>
        ) : (
          <Table
            caption="Your organisation's API keys, newest first"
            columns={['Name', 'Scopes', 'Status', ['Expires', 'hide'], ['Last used', 'hide'], 'Actions']}
          >
            {items.map((k) => (
              <tr key={k.id}>
                <td className={cellClass}>{k.name}</td>
                <td className={cellClass}>{k.scopes.join(', ')}</td>
                <td className={cellClass}>{STATUS[k.status]}</td>
                <td className={hiddenCellClass}>{k.expiresAt ? when(k.expiresAt) : 'never'}</td>
                <td className={hiddenCellClass}>{k.lastUsedAt ? when(k.lastUsedAt) : 'never'}</td>
                <td className={cellClass}>
                  {k.status !== 'revoked' && (
                    <div className="flex flex-wrap gap-2">
                      <Confirm
                        trigger={`Rotate ${k.name}`}
                        title={`Rotate the key “${k.name}”?`}
                        confirm="Rotate"
                        danger={false}
                        onConfirm={async () => {
                          const r = await row.run(() =>
                            browserApi.POST('/api/v1/api-keys/{id}/rotate', {
                              params: { path: { id: k.id } },
                              ...(rotateCode.id === k.id && rotateCode.code ? { headers: { 'x-mfa-code': rotateCode.code } } : {}),
                            }),
                          );
                          // Step-up, as on creation: the dialog stays open and asks for a code.
                          if (!r.ok && (r.problem.code === 'SENTINEL_MFA_STEP_UP_REQUIRED' || r.problem.code === 'SENTINEL_MFA_CODE_INVALID')) {
                            setRotateCode({
                              id: k.id,
                              code: '',
                              asked: true,
                              error: r.problem.code === 'SENTINEL_MFA_CODE_INVALID' ? 'wrong, expired or already used' : undefined,
                            });
                            return false;
                          }
                          setRotateCode({ id: '', code: '', asked: false });
                          if (r.ok && r.data) {
                            setShown({ name: r.data.name, secret: r.data.key });
                            router.refresh();
                          }
                        }}
                      >
                        <p>A new key replaces this one; programs using the current key stop working at once.</p>
                        {rotateCode.asked && rotateCode.id === k.id && (
                          <Field
                            id={`rotate-mfa-code-${k.id}`}
                            label="Authentication code"
                            hint="You use two-factor authentication: the 6-digit code your app shows now (or a recovery code)."
                            autoComplete="one-time-code"
                            value={rotateCode.code}
                            error={rotateCode.error}
                            onChange={(e) => setRotateCode({ ...rotateCode, code: e.target.value })}
                          />
                        )}
                      </Confirm>
                      <Confirm
                        trigger={`Revoke ${k.name}`}
                        title={`Revoke the key “${k.name}”?`}
                        confirm="Revoke"
                        onConfirm={async () => {
                          const r = await row.run(() => browserApi.DELETE('/api/v1/api-keys/{id}', { params: { path: { id: k.id } } }));
                          if (r.ok) router.refresh();
                        }}
                      >
                        <p>Programs using this key stop working at once. This cannot be undone.</p>
                      </Confirm>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </Table>
        )}
      </section>
    </div>
  );
}
