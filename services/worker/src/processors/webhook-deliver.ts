// One webhook delivery attempt (issue #16): the event POSTed to the endpoint, signed per
// Standard Webhooks with the endpoint's secret (and, during a rotation's overlap, the
// previous one too), under RLS as the tenant. Any failure throws, so BullMQ retries with the
// job's backoff (WEBHOOK_RETRY_SCHEDULE_MS); the delivery row says what happened and when the
// next attempt comes. An endpoint whose deliveries have all failed for WEBHOOK_DISABLE_AFTER_S
// is disabled, with an audit row and the reason on the endpoint.
import {
  JobFailure,
  WEBHOOK_RETRY_SCHEDULE_MS,
  WebhookSecrets,
  postWebhook,
  recordAudit,
  signWebhook,
  webhookKey,
  type AppDb,
  type JobPayload,
  type WorkerConfig,
} from '@sentinel/platform';
import type { JobRun } from '../job-run.js';

export type DeliveryOutcome = 'delivered' | 'already-delivered' | 'skipped';

const secretsByKey = new Map<string, WebhookSecrets>();

export async function processWebhookDelivery(
  deps: { config: WorkerConfig; appDb: AppDb },
  p: JobPayload<'webhook.deliver'>,
  run: Pick<JobRun, 'attempt' | 'attempts'>,
): Promise<DeliveryOutcome> {
  const { tenantId, deliveryId } = p;
  const key = webhookKey(deps.config);
  if (!key) throw new JobFailure('SENTINEL_UNAVAILABLE', 'Webhooks are not configured on this server (WEBHOOK_ENCRYPTION_KEY)');
  let secrets = secretsByKey.get(key);
  if (!secrets) secretsByKey.set(key, (secrets = new WebhookSecrets(key)));

  const found = await deps.appDb.withTenant(tenantId, (tx) =>
    tx.webhookDelivery.findUnique({ where: { tenantId_id: { tenantId, id: deliveryId } }, include: { endpoint: true, event: true } }),
  );
  if (!found) throw new JobFailure('SENTINEL_JOB_TARGET_GONE', 'The delivery no longer exists (its endpoint was deleted)');
  const { endpoint, event } = found;
  if (found.state === 'succeeded') return 'already-delivered';
  const where = { tenantId_id: { tenantId, id: deliveryId } };
  if (!endpoint.enabled) {
    await deps.appDb.withTenant(tenantId, (tx) =>
      tx.webhookDelivery.update({ where, data: { state: 'skipped', lastError: 'the endpoint is disabled', nextAttemptAt: null, updatedAt: new Date() } }),
    );
    return 'skipped';
  }

  const now = Date.now();
  const current = secrets.open(endpoint.secretSealed, tenantId, endpoint.id);
  if (!current) throw new JobFailure('SENTINEL_UNAVAILABLE', "The endpoint's secret cannot be read with the configured WEBHOOK_ENCRYPTION_KEY; rotate it");
  const previous =
    endpoint.previousSecretSealed && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt.getTime() > now
      ? secrets.open(endpoint.previousSecretSealed, tenantId, endpoint.id)
      : undefined;
  const body = JSON.stringify({ type: event.type, version: event.version, timestamp: event.createdAt.toISOString(), data: event.payload });
  const ts = Math.floor(now / 1000);
  const signature = [current, previous]
    .filter((s): s is string => !!s)
    .map((s) => signWebhook(s, event.id, ts, body))
    .join(' ');
  const r = await postWebhook(endpoint.url, { 'webhook-id': event.id, 'webhook-timestamp': String(ts), 'webhook-signature': signature }, body, {
    timeoutMs: deps.config.WEBHOOK_TIMEOUT_MS,
    allow: new Set(deps.config.WEBHOOK_ALLOW_HOSTS.map((h) => h.toLowerCase())),
  });

  // A refused address (SSRF rules) is not retried: the endpoint's URL must change.
  const final = !r.ok && (r.refused === true || run.attempt >= run.attempts);
  const at = new Date();
  const disabled = await deps.appDb.withTenant(tenantId, async (tx) => {
    const ep = { tenantId_id: { tenantId, id: endpoint.id } };
    let disabledNow = false;
    if (r.ok) {
      if (endpoint.failingSince) await tx.webhookEndpoint.update({ where: ep, data: { failingSince: null } });
    } else {
      // Failing since the first failure after the last success; disabled once that is long enough.
      const row = await tx.webhookEndpoint.findUnique({ where: ep, select: { failingSince: true, enabled: true } });
      const since = row?.failingSince ?? at;
      if (row && !row.failingSince) await tx.webhookEndpoint.update({ where: ep, data: { failingSince: at } });
      if (row?.enabled && at.getTime() - since.getTime() >= deps.config.WEBHOOK_DISABLE_AFTER_S * 1000) {
        const reason = `Disabled ${at.toISOString()}: every delivery failed since ${since.toISOString()} (last: ${r.error ?? 'failed'})`;
        await tx.webhookEndpoint.update({ where: ep, data: { enabled: false, disabledReason: reason, updatedAt: at } });
        await recordAudit(
          tx,
          { tenantId, userId: null },
          {
            action: 'webhook_endpoint.disabled',
            targetType: 'webhook_endpoint',
            targetId: endpoint.id,
            changes: { enabled: { from: true, to: false }, failingSince: since.toISOString(), lastError: r.error ?? null },
          },
        );
        disabledNow = true;
      }
    }
    const over = final || disabledNow;
    await tx.webhookDelivery.update({
      where,
      data: {
        state: r.ok ? 'succeeded' : over ? 'failed' : 'pending',
        attempts: { increment: 1 },
        lastStatus: r.status ?? null,
        lastError: r.error ?? null,
        lastLatencyMs: r.latencyMs,
        nextAttemptAt: r.ok || over ? null : new Date(at.getTime() + (WEBHOOK_RETRY_SCHEDULE_MS[run.attempt - 1] ?? 0)),
        deliveredAt: r.ok ? at : null,
        updatedAt: at,
      },
    });
    return disabledNow;
  });
  if (r.ok) return 'delivered';
  if (disabled) throw new JobFailure('SENTINEL_JOB_TARGET_GONE', 'The endpoint was disabled after failing for too long');
  if (r.refused) throw new JobFailure('SENTINEL_FORBIDDEN', r.error ?? 'The endpoint address is not allowed');
  throw new Error(`webhook delivery failed: ${r.error ?? 'unknown'}`);
}
