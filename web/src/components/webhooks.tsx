'use client';
// A tenant admin's webhook endpoints (docs/webhooks.md): register one (URL, description,
// event types) and see its signing secret once; change it, turn it off and on, rotate the
// secret (shown once; the old one still signs for a day), delete it (asked first); and see
// its deliveries, each of which can be sent again.
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { browserApi } from '@/api/browser';
import type { paths } from '@/api/schema';
import { ActionMessage } from './action-message';
import { Confirm } from './confirm';
import { CopyOnce } from './copy-once';
import { Empty, Field, Notice, Table, buttonClass, cellClass, hiddenCellClass, secondaryButtonClass, when } from './ui';
import { useAction } from './use-action';

export type WebhookEndpoint = paths['/api/v1/webhooks/endpoints/{id}']['get']['responses'][200]['content']['application/json'];
export type WebhookDelivery = paths['/api/v1/webhooks/endpoints/{id}/deliveries']['get']['responses'][200]['content']['application/json']['items'][number];
type EventType = WebhookEndpoint['eventTypes'][number];

export const EVENT_TYPES: { type: EventType; label: string }[] = [
  { type: 'user.created', label: 'A user was created' },
  { type: 'user.updated', label: 'A user was changed' },
  { type: 'user.deleted', label: 'A user was deleted' },
  { type: 'user.invited', label: 'A user was invited' },
  { type: 'import.completed', label: 'A bulk import finished' },
  { type: 'export.completed', label: 'An export finished (audit log or the whole organisation)' },
  { type: 'tenant.suspended', label: 'The organisation was suspended' },
  { type: 'tenant.resumed', label: 'The organisation was resumed' },
];

/** The signing secret, shown once (at creation or rotation), with a copy button. */
export function NewSecret({
  secret,
  rotated,
  overlapUntil,
  onDone,
}: {
  secret: string;
  rotated: boolean;
  /** After a rotation: until when the previous secret signs too (null: it stopped at once). */
  overlapUntil?: string | null | undefined;
  onDone: () => void;
}) {
  return (
    <section aria-labelledby="new-secret-title" className="flex flex-col gap-2 rounded-md border border-green-700 p-4 dark:border-green-500">
      <h2 id="new-secret-title" className="text-lg font-semibold">
        {rotated ? 'The new signing secret' : 'The signing secret'}
      </h2>
      <p className="text-sm">
        Copy it now into your receiver’s configuration: it will not be shown again. Your receiver verifies each request’s <code>webhook-signature</code> with
        it.
      </p>
      {rotated && (
        <p className="text-sm">
          {overlapUntil
            ? `Until ${when(overlapUntil)} (24 hours unless your operator changed it) every delivery is signed with both the previous secret and this one, so your receiver keeps accepting requests while you switch it over; after that only this one signs.`
            : 'The previous secret no longer signs: switch your receiver over now.'}
        </p>
      )}
      <CopyOnce id="new-secret-value" label="Signing secret" what="secret" secret={secret} onDone={onDone} />
    </section>
  );
}

/** URL, description, event types and enabled: the create and the edit form share these fields. */
function EndpointFields({
  prefix,
  value,
  fields,
  onChange,
}: {
  prefix: string;
  value: { url: string; description: string; eventTypes: EventType[]; enabled: boolean };
  fields: Record<string, string>;
  onChange: (v: { url: string; description: string; eventTypes: EventType[]; enabled: boolean }) => void;
}) {
  return (
    <>
      <Field
        id={`${prefix}-url`}
        label="URL"
        hint="Where Sentinel POSTs each event: https:// on a public address."
        type="url"
        required
        maxLength={2000}
        value={value.url}
        error={fields.url}
        onChange={(e) => onChange({ ...value, url: e.target.value })}
      />
      <Field
        id={`${prefix}-description`}
        label="Description (optional)"
        hint="What receives it, e.g. “CRM sync”."
        maxLength={500}
        value={value.description}
        error={fields.description}
        onChange={(e) => onChange({ ...value, description: e.target.value })}
      />
      <fieldset className="flex flex-col gap-1" aria-describedby={fields.eventTypes ? `${prefix}-events-error` : undefined}>
        <legend className="text-sm font-medium">Events</legend>
        {EVENT_TYPES.map((t) => (
          <label key={t.type} className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              name={`${prefix}-events`}
              value={t.type}
              checked={value.eventTypes.includes(t.type)}
              onChange={(e) =>
                onChange({ ...value, eventTypes: e.target.checked ? [...value.eventTypes, t.type] : value.eventTypes.filter((x) => x !== t.type) })
              }
            />
            <span>
              {t.label} (<code>{t.type}</code>)
            </span>
          </label>
        ))}
        {fields.eventTypes && (
          <p id={`${prefix}-events-error`} className="text-sm text-red-700 dark:text-red-300">
            {fields.eventTypes}
          </p>
        )}
      </fieldset>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={value.enabled} onChange={(e) => onChange({ ...value, enabled: e.target.checked })} />
        <span>Enabled (deliver events to it)</span>
      </label>
    </>
  );
}

const EMPTY = { url: '', description: '', eventTypes: [] as EventType[], enabled: true };

/** The list screen's form: a new endpoint, its secret shown once. */
export function CreateEndpointForm() {
  const router = useRouter();
  const create = useAction();
  const [value, setValue] = useState(EMPTY);
  const [secret, setSecret] = useState<string>();

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (value.eventTypes.length === 0) return create.refuse('Choose at least one event.');
    const r = await create.run(() =>
      browserApi.POST('/api/v1/webhooks/endpoints', {
        body: { url: value.url.trim(), eventTypes: value.eventTypes, enabled: value.enabled, ...(value.description ? { description: value.description } : {}) },
      }),
    );
    if (r.ok && r.data) {
      setSecret(r.data.secret);
      setValue(EMPTY);
      router.refresh();
    }
  }

  return (
    <div className="flex flex-col gap-4">
      {secret && <NewSecret secret={secret} rotated={false} onDone={() => setSecret(undefined)} />}
      <form aria-labelledby="create-endpoint-title" noValidate className="flex max-w-lg flex-col gap-3" onSubmit={submit}>
        <h2 id="create-endpoint-title" className="text-lg font-semibold">
          Add an endpoint
        </h2>
        <ActionMessage message={create.message} summary={create.summary} />
        <EndpointFields prefix="endpoint" value={value} fields={create.fields} onChange={setValue} />
        <div>
          <button type="submit" className={buttonClass} disabled={create.pending}>
            {create.pending ? 'Adding…' : 'Add endpoint'}
          </button>
        </div>
      </form>
    </div>
  );
}

/** One endpoint's screen: edit, turn off or on, rotate the secret, delete. */
export function EndpointManager({ endpoint }: { endpoint: WebhookEndpoint }) {
  const router = useRouter();
  const edit = useAction();
  const row = useAction();
  const [value, setValue] = useState({
    url: endpoint.url,
    description: endpoint.description,
    eventTypes: endpoint.eventTypes,
    enabled: endpoint.enabled,
  });
  const [saved, setSaved] = useState(false);
  const [secret, setSecret] = useState<{ value: string; overlapUntil: string | null }>();

  async function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(false);
    if (value.eventTypes.length === 0) return edit.refuse('Choose at least one event.');
    const r = await edit.run(() =>
      browserApi.PATCH('/api/v1/webhooks/endpoints/{id}', {
        params: { path: { id: endpoint.id } },
        body: { url: value.url.trim(), description: value.description, eventTypes: value.eventTypes, enabled: value.enabled },
      }),
    );
    if (r.ok) {
      setSaved(true);
      router.refresh();
    }
  }

  async function setEnabled(enabled: boolean) {
    const r = await row.run(() => browserApi.PATCH('/api/v1/webhooks/endpoints/{id}', { params: { path: { id: endpoint.id } }, body: { enabled } }));
    if (r.ok) {
      setValue((v) => ({ ...v, enabled }));
      router.refresh();
    }
  }

  return (
    <div className="flex flex-col gap-6">
      {secret && <NewSecret secret={secret.value} rotated overlapUntil={secret.overlapUntil} onDone={() => setSecret(undefined)} />}
      <section aria-labelledby="endpoint-actions-title" className="flex flex-col gap-3">
        <h2 id="endpoint-actions-title" className="text-lg font-semibold">
          Actions
        </h2>
        <ActionMessage message={row.message} summary={row.summary} />
        <div className="flex flex-wrap gap-2">
          <button type="button" className={secondaryButtonClass} disabled={row.pending} onClick={() => setEnabled(!endpoint.enabled)}>
            {endpoint.enabled ? 'Disable' : 'Enable'}
          </button>
          <Confirm
            trigger="Rotate the secret"
            title="Rotate the signing secret?"
            confirm="Rotate"
            danger={false}
            onConfirm={async () => {
              const r = await row.run(() => browserApi.POST('/api/v1/webhooks/endpoints/{id}/rotate-secret', { params: { path: { id: endpoint.id } } }));
              if (r.ok && r.data) {
                setSecret({ value: r.data.secret, overlapUntil: r.data.previousSecretExpiresAt });
                router.refresh();
              }
            }}
          >
            <p>A new secret is made and shown once. For 24 hours deliveries are signed with both the old and the new secret; then only the new one.</p>
          </Confirm>
          <Confirm
            trigger="Delete the endpoint"
            title="Delete this endpoint?"
            confirm="Delete"
            onConfirm={async () => {
              const r = await row.run(() => browserApi.DELETE('/api/v1/webhooks/endpoints/{id}', { params: { path: { id: endpoint.id } } }));
              if (r.ok) router.push('/webhooks?deleted=1');
            }}
          >
            <p>Nothing more is delivered to {endpoint.url}, and its delivery history goes with it. This cannot be undone.</p>
          </Confirm>
        </div>
      </section>
      <form aria-labelledby="edit-endpoint-title" noValidate className="flex max-w-lg flex-col gap-3" onSubmit={save}>
        <h2 id="edit-endpoint-title" className="text-lg font-semibold">
          Edit
        </h2>
        <ActionMessage message={edit.message} summary={edit.summary} />
        {saved && !edit.pending && <Notice kind="info">Saved.</Notice>}
        <EndpointFields prefix="edit" value={value} fields={edit.fields} onChange={setValue} />
        <div>
          <button type="submit" className={buttonClass} disabled={edit.pending}>
            {edit.pending ? 'Saving…' : 'Save changes'}
          </button>
        </div>
      </form>
    </div>
  );
}

const STATE: Record<WebhookDelivery['state'], string> = { pending: 'Pending', succeeded: 'Delivered', failed: 'Failed', skipped: 'Skipped' };

/** The endpoint's deliveries, newest first, each with a Redeliver button. */
export function DeliveriesList({ endpointId, enabled, items }: { endpointId: string; enabled: boolean; items: WebhookDelivery[] }) {
  const router = useRouter();
  const act = useAction();
  const [sent, setSent] = useState<string>();
  return (
    <section aria-labelledby="deliveries-title" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="deliveries-title" className="text-lg font-semibold">
          Deliveries
        </h2>
        <button type="button" className={secondaryButtonClass} onClick={() => router.refresh()}>
          Refresh
        </button>
      </div>
      <ActionMessage message={act.message} summary={act.summary} />
      <p aria-live="polite" className="text-sm">
        {sent ?? ''}
      </p>
      {items.length === 0 ? (
        <Empty>No deliveries yet: they appear here when an event this endpoint receives happens.</Empty>
      ) : (
        <Table
          caption="Deliveries to this endpoint, newest first"
          columns={['Event', ['Event id', 'hide'], 'Attempts', 'Status', ['Latency', 'hide'], ['Next retry', 'hide'], 'State', 'Actions']}
        >
          {items.map((d) => (
            <tr key={d.id}>
              <td className={cellClass}>
                <code>{d.eventType}</code>
                <span className="block text-xs text-slate-600 dark:text-slate-400">{when(d.createdAt)}</span>
              </td>
              <td className={`${hiddenCellClass} font-mono text-xs break-all`}>{d.eventId}</td>
              <td className={cellClass}>{d.attempts}</td>
              <td className={cellClass}>
                {d.lastStatus ?? '—'}
                {d.lastError && <span className="block text-xs break-words text-red-700 dark:text-red-300">{d.lastError}</span>}
              </td>
              <td className={hiddenCellClass}>{d.latencyMs === null ? '—' : `${d.latencyMs} ms`}</td>
              <td className={hiddenCellClass}>{d.nextAttemptAt ? when(d.nextAttemptAt) : '—'}</td>
              <td className={cellClass}>{STATE[d.state]}</td>
              <td className={cellClass}>
                <button
                  type="button"
                  className={secondaryButtonClass}
                  disabled={act.pending || !enabled}
                  aria-label={`Redeliver ${d.eventType} ${d.eventId}`}
                  onClick={async () => {
                    setSent(undefined);
                    const r = await act.run(() =>
                      browserApi.POST('/api/v1/webhooks/endpoints/{id}/deliveries/{deliveryId}/redeliver', {
                        params: { path: { id: endpointId, deliveryId: d.id } },
                      }),
                    );
                    if (r.ok) {
                      setSent(`The ${d.eventType} event is being sent again.`);
                      router.refresh();
                    }
                  }}
                >
                  Redeliver
                </button>
              </td>
            </tr>
          ))}
        </Table>
      )}
      {!enabled && items.length > 0 && <p className="text-sm">Enable the endpoint to redeliver.</p>}
    </section>
  );
}
