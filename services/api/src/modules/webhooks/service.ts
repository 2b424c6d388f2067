// A tenant's webhook endpoints as its admins manage them, through the app pool under RLS
// (another tenant's endpoint ids answer 404). The signing secret is shown once, at creation
// and at rotation; it is stored sealed (WebhookSecrets). A rotation keeps the previous secret
// for WEBHOOK_SECRET_OVERLAP_S: deliveries meanwhile carry both signatures.
import {
  AppError,
  WebhookSecrets,
  diff,
  enqueueDeliveries,
  forbidden,
  forbiddenAddress,
  newWebhookSecret,
  notFound,
  recordAudit,
  type AppDb,
  type JobProducer,
  type Logger,
  type Tx,
} from '@sentinel/platform';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import type { Principal } from '../../core/context.js';
import type { CreateWebhookEndpointBody, UpdateWebhookEndpointBody, WebhookDeliveryDto, WebhookEndpointDto } from './schemas.js';

interface EndpointRow {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  enabled: boolean;
  disabledReason: string | null;
  failingSince: Date | null;
  rotatedAt: Date | null;
  previousSecretExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const select = {
  id: true,
  url: true,
  description: true,
  eventTypes: true,
  enabled: true,
  disabledReason: true,
  failingSince: true,
  rotatedAt: true,
  previousSecretExpiresAt: true,
  createdAt: true,
  updatedAt: true,
} as const;
const iso = (d: Date | null) => d?.toISOString() ?? null;

function toDto(e: EndpointRow, now = Date.now()): WebhookEndpointDto {
  const overlap = e.previousSecretExpiresAt && e.previousSecretExpiresAt.getTime() > now ? e.previousSecretExpiresAt : null;
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    eventTypes: e.eventTypes as WebhookEndpointDto['eventTypes'],
    enabled: e.enabled,
    disabledReason: e.disabledReason,
    failingSince: iso(e.failingSince),
    rotatedAt: iso(e.rotatedAt),
    previousSecretExpiresAt: iso(overlap),
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

interface DeliveryRow {
  id: string;
  eventId: string;
  state: string;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  lastLatencyMs: number | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  event: { type: string };
}

const toDeliveryDto = (d: DeliveryRow): WebhookDeliveryDto => ({
  id: d.id,
  eventId: d.eventId,
  eventType: d.event.type as WebhookDeliveryDto['eventType'],
  state: d.state as WebhookDeliveryDto['state'],
  attempts: d.attempts,
  lastStatus: d.lastStatus,
  lastError: d.lastError,
  latencyMs: d.lastLatencyMs,
  nextAttemptAt: iso(d.nextAttemptAt),
  deliveredAt: iso(d.deliveredAt),
  createdAt: d.createdAt.toISOString(),
  updatedAt: d.updatedAt.toISOString(),
});

/** Endpoints per tenant: enough for any integration, few enough to fan an event out to. */
export const MAX_ENDPOINTS_PER_TENANT = 50;

export interface WebhooksOptions {
  /** Undefined in production without WEBHOOK_ENCRYPTION_KEY: endpoints cannot be created or rotated. */
  key: string | undefined;
  /** Production: only https:// URLs. */
  httpsOnly: boolean;
  overlapS: number;
  /** WEBHOOK_ALLOW_HOSTS: hosts or addresses taken although the SSRF rules refuse them (tests, laptops). */
  allow?: ReadonlySet<string>;
}

export class WebhooksService {
  private readonly secrets: WebhookSecrets | undefined;

  constructor(
    private readonly db: AppDb,
    private readonly producer: JobProducer,
    private readonly log: Logger,
    private readonly opts: WebhooksOptions,
  ) {
    this.secrets = opts.key ? new WebhookSecrets(opts.key) : undefined;
  }

  private admin(ctx: Principal): void {
    if (ctx.role !== 'tenant_admin' || ctx.scopes) throw forbidden("Only tenant admins manage their tenant's webhook endpoints");
  }

  private needSecrets(): WebhookSecrets {
    if (!this.secrets) throw new AppError('SENTINEL_UNAVAILABLE', 'Webhooks are not configured on this server (WEBHOOK_ENCRYPTION_KEY)');
    return this.secrets;
  }

  private checkUrl(url: string | undefined): void {
    if (url === undefined) return;
    if (this.opts.httpsOnly && !url.startsWith('https://'))
      throw new AppError('SENTINEL_VALIDATION_FAILED', 'Webhook URLs must be https:// on this server', {
        errors: [{ field: 'body.url', message: 'must be an https:// URL' }],
      });
    // An IP address written in the URL is checked now, so the admin hears of it at once; a host
    // name is checked by the worker at each delivery (what it resolves to then is what counts).
    const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
    if (!net.isIP(host) || this.opts.allow?.has(host)) return;
    const why = forbiddenAddress(host);
    if (why)
      throw new AppError('SENTINEL_VALIDATION_FAILED', 'Webhooks are not delivered to that address', {
        errors: [{ field: 'body.url', message: `${host} is not a public address: ${why}. Webhooks are delivered only to public addresses` }],
      });
  }

  async create(ctx: Principal, body: CreateWebhookEndpointBody): Promise<WebhookEndpointDto & { secret: string }> {
    this.admin(ctx);
    this.checkUrl(body.url);
    const secrets = this.needSecrets();
    const id = randomUUID();
    const secret = newWebhookSecret();
    const row = await this.db.withTenant(ctx.tenantId, async (tx) => {
      const count = await tx.webhookEndpoint.count({ where: { tenantId: ctx.tenantId } });
      if (count >= MAX_ENDPOINTS_PER_TENANT) throw new AppError('SENTINEL_WEBHOOK_ENDPOINT_LIMIT', `At most ${MAX_ENDPOINTS_PER_TENANT} endpoints per tenant`);
      const created = await tx.webhookEndpoint.create({
        data: {
          tenantId: ctx.tenantId,
          id,
          url: body.url,
          description: body.description ?? '',
          eventTypes: body.eventTypes,
          enabled: body.enabled ?? true,
          secretSealed: secrets.seal(secret, ctx.tenantId, id),
          createdBy: ctx.userId,
        },
        select,
      });
      await recordAudit(tx, ctx, {
        action: 'webhook_endpoint.create',
        targetType: 'webhook_endpoint',
        targetId: id,
        changes: { url: body.url, eventTypes: body.eventTypes, enabled: created.enabled },
      });
      return created;
    });
    return { ...toDto(row), secret };
  }

  async list(ctx: Principal): Promise<{ items: WebhookEndpointDto[] }> {
    this.admin(ctx);
    const rows = await this.db.withTenant(ctx.tenantId, (tx) =>
      tx.webhookEndpoint.findMany({
        where: { tenantId: ctx.tenantId },
        select,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: MAX_ENDPOINTS_PER_TENANT,
      }),
    );
    const now = Date.now();
    return { items: rows.map((r) => toDto(r, now)) };
  }

  async get(ctx: Principal, id: string): Promise<WebhookEndpointDto> {
    this.admin(ctx);
    return toDto(await this.db.withTenant(ctx.tenantId, (tx) => this.find(tx, ctx.tenantId, id)));
  }

  async update(ctx: Principal, id: string, body: UpdateWebhookEndpointBody): Promise<WebhookEndpointDto> {
    this.admin(ctx);
    this.checkUrl(body.url);
    const row = await this.db.withTenant(ctx.tenantId, async (tx) => {
      const before = await this.find(tx, ctx.tenantId, id);
      const changes = diff(before as unknown as Record<string, unknown>, body);
      if (Object.keys(changes).length === 0) return before;
      const updated = await tx.webhookEndpoint.update({
        where: { tenantId_id: { tenantId: ctx.tenantId, id } },
        // Enabling again starts afresh: no reason, no failing streak.
        data: { ...body, ...(body.enabled ? { disabledReason: null, failingSince: null } : {}), updatedAt: new Date() },
        select,
      });
      await recordAudit(tx, ctx, { action: 'webhook_endpoint.update', targetType: 'webhook_endpoint', targetId: id, changes });
      return updated;
    });
    return toDto(row);
  }

  /** A new secret; the current one becomes the previous one and still signs for the overlap. */
  async rotate(ctx: Principal, id: string): Promise<WebhookEndpointDto & { secret: string }> {
    this.admin(ctx);
    const secrets = this.needSecrets();
    const secret = newWebhookSecret();
    const row = await this.db.withTenant(ctx.tenantId, async (tx) => {
      const current = await tx.webhookEndpoint.findUnique({ where: { tenantId_id: { tenantId: ctx.tenantId, id } }, select: { secretSealed: true } });
      if (!current) throw notFound('webhook endpoint');
      const now = new Date();
      const overlap = this.opts.overlapS > 0;
      const updated = await tx.webhookEndpoint.update({
        where: { tenantId_id: { tenantId: ctx.tenantId, id } },
        data: {
          secretSealed: secrets.seal(secret, ctx.tenantId, id),
          previousSecretSealed: overlap ? current.secretSealed : null,
          previousSecretExpiresAt: overlap ? new Date(now.getTime() + this.opts.overlapS * 1000) : null,
          rotatedAt: now,
          updatedAt: now,
        },
        select,
      });
      await recordAudit(tx, ctx, {
        action: 'webhook_endpoint.rotate_secret',
        targetType: 'webhook_endpoint',
        targetId: id,
        changes: { previousSecretExpiresAt: iso(updated.previousSecretExpiresAt) },
      });
      return updated;
    });
    return { ...toDto(row), secret };
  }

  async remove(ctx: Principal, id: string): Promise<void> {
    this.admin(ctx);
    await this.db.withTenant(ctx.tenantId, async (tx) => {
      const before = await this.find(tx, ctx.tenantId, id);
      await tx.webhookEndpoint.delete({ where: { tenantId_id: { tenantId: ctx.tenantId, id } } });
      await recordAudit(tx, ctx, { action: 'webhook_endpoint.delete', targetType: 'webhook_endpoint', targetId: id, changes: { url: before.url } });
    });
  }

  /** The endpoint's deliveries, newest first. */
  async deliveries(ctx: Principal, id: string, limit: number): Promise<{ items: WebhookDeliveryDto[] }> {
    this.admin(ctx);
    const rows = await this.db.withTenant(ctx.tenantId, async (tx) => {
      await this.find(tx, ctx.tenantId, id);
      return tx.webhookDelivery.findMany({
        where: { tenantId: ctx.tenantId, endpointId: id },
        include: { event: { select: { type: true } } },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: limit,
      });
    });
    return { items: rows.map(toDeliveryDto) };
  }

  /** Sends a delivery again (a fresh series of attempts), whatever became of it; audited. */
  async redeliver(ctx: Principal, id: string, deliveryId: string): Promise<WebhookDeliveryDto> {
    this.admin(ctx);
    const row = await this.db.withTenant(ctx.tenantId, async (tx) => {
      const ep = await this.find(tx, ctx.tenantId, id);
      if (!ep.enabled) throw new AppError('SENTINEL_WEBHOOK_ENDPOINT_DISABLED');
      const found = await tx.webhookDelivery.findFirst({ where: { tenantId: ctx.tenantId, endpointId: id, id: deliveryId }, select: { id: true } });
      if (!found) throw notFound('delivery');
      const updated = await tx.webhookDelivery.update({
        where: { tenantId_id: { tenantId: ctx.tenantId, id: deliveryId } },
        data: { state: 'pending', nextAttemptAt: new Date(), updatedAt: new Date() },
        include: { event: { select: { type: true } } },
      });
      await recordAudit(tx, ctx, { action: 'webhook_delivery.redeliver', targetType: 'webhook_endpoint', targetId: id, changes: { deliveryId } });
      return updated;
    });
    // A job of its own (a new idempotency key): the first series may still be kept by BullMQ.
    await enqueueDeliveries(this.producer, this.log, ctx.tenantId, [deliveryId], `r${Date.now()}`);
    return toDeliveryDto(row);
  }

  private async find(tx: Tx, tenantId: string, id: string): Promise<EndpointRow> {
    const row = await tx.webhookEndpoint.findUnique({ where: { tenantId_id: { tenantId, id } }, select });
    if (!row) throw notFound('webhook endpoint');
    return row;
  }
}
