// reconcile(name): make the database match one Tenant resource, then report on it.
// Level-based: it reads the resource's current state (the informer's cache, kept by
// the watch) and the database's, never the content of the event that woke it, so it
// can run any number of times, after any crash, and converge. Every database write
// goes through the platform's provisioning and direct-access modules.
// Leadership lost: the signal aborts every Kubernetes call; the platform's database calls
// take no signal, so one in flight completes (each is one transaction) and the reconcile
// stops before the next (`unabortable`). An aborted reconcile reports nothing.
import { AppError, type ControllerConfig, type DirectAccess, type JobProducer, type Logger, type Provisioning } from '@sentinel/platform';
import { generatePassword, PLATFORM_TENANT_ID } from '@sentinel/platform';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  API_VERSION,
  FIELD_MANAGER,
  FINALIZER,
  KIND,
  PAUSED_ANNOTATION,
  ROTATE_ANNOTATION,
  isPaused,
  reconcileRequest,
  rotateRequest,
  setCondition,
  tenantPath,
  type Condition,
  type Phase,
  type Tenant,
  type TenantStatus,
} from '../api/tenant.js';
import { isNotFound, type KubeClient } from '../runtime/kube.js';
import type { EventRecorder } from '../runtime/events.js';
import { TerminalError, type Reconciler, type Result } from '../runtime/reconcile.js';
import { databaseFailure, oneLine } from './failures.js';
import type { WallState } from './wall.js';

export interface DirectAccessEndpoint {
  host: string;
  port: number;
  database: string;
  /** libpq sslmode, written to the Secret (field and URI) when set. */
  sslmode?: string | undefined;
  /** The CA's PEM file, copied to the Secret as ca.crt; read at each reconcile. */
  caFile?: string | undefined;
}

/** Where direct-access users connect: DIRECT_ACCESS_* if set, else the platform database's address. */
export function directAccessEndpoint(config: ControllerConfig): DirectAccessEndpoint {
  const u = new URL(config.DATABASE_PLATFORM_URL);
  return {
    host: config.DIRECT_ACCESS_HOST ?? u.hostname,
    port: config.DIRECT_ACCESS_PORT ?? Number(u.port || 5432),
    database: config.DIRECT_ACCESS_DATABASE ?? decodeURIComponent(u.pathname.slice(1)),
    sslmode: config.DIRECT_ACCESS_SSLMODE,
    caFile: config.DIRECT_ACCESS_CA_FILE,
  };
}

/** Everything the Secret holds, for one role and password, at the endpoint as configured now. */
async function secretData(e: DirectAccessEndpoint, user: string, password: string): Promise<Record<string, string>> {
  const host = e.host.includes(':') ? `[${e.host}]` : e.host;
  const query = e.sslmode ? `?sslmode=${e.sslmode}` : '';
  const data: Record<string, string> = {
    host: e.host,
    port: String(e.port),
    database: e.database,
    username: user,
    password,
    uri: `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${e.port}/${encodeURIComponent(e.database)}${query}`,
  };
  if (e.sslmode) data.sslmode = e.sslmode;
  if (e.caFile) data['ca.crt'] = await readFile(e.caFile, 'utf8');
  return data;
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

export interface TenantReconcilerDeps {
  kube: KubeClient;
  provisioning: Provisioning;
  direct: DirectAccess;
  producer?: JobProducer | undefined;
  wall: WallState;
  events: EventRecorder;
  logger: Logger;
  namespace: string;
  endpoint: DirectAccessEndpoint;
  /** Reads the resource from the informer's cache. */
  read(name: string): Tenant | undefined;
  /**
   * Called before each database call (the leader's fence: it throws once this replica can
   * no longer be sure it leads). The Kubernetes writes go through `kube`, guarded the same way.
   */
  fence?: () => void;
}

/** Audit rows of the controller's changes go to the platform tenant, with no user. */
const actor = { tenantId: PLATFORM_TENANT_ID, userId: null };

export const secretName = (slug: string) => `tenant-${slug}-db`;

interface Secret {
  metadata: { name: string; resourceVersion?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  type?: string;
  data?: Record<string, string>;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const unb64 = (s: string | undefined) => (s === undefined ? undefined : Buffer.from(s, 'base64').toString('utf8'));

export class TenantReconciler implements Reconciler {
  /** Per resource uid, the status last copied to its tenant row by this replica. */
  private readonly mirrored = new Map<string, string>();

  constructor(private readonly d: TenantReconcilerDeps) {}

  /**
   * A call that takes no signal (the platform's database calls, the job producer): it runs
   * only if the reconcile has not been aborted and the fence allows it, and once it has
   * returned, an abort that came meanwhile stops the reconcile before its next step.
   */
  private async unabortable<T>(signal: AbortSignal, call: () => Promise<T>): Promise<T> {
    signal.throwIfAborted();
    this.d.fence?.();
    const result = await call();
    signal.throwIfAborted();
    return result;
  }

  async reconcile(name: string, signal: AbortSignal): Promise<Result> {
    const t = this.d.read(name);
    if (!t) return {}; // gone: its finalizer already ran
    if (isPaused(t)) return this.paused(t, signal);
    if (t.metadata.deletionTimestamp) {
      try {
        return await this.finalize(t, signal);
      } catch (err) {
        signal.throwIfAborted();
        // Report why the resource is stuck, then let the queue retry with backoff.
        const generation = t.metadata.generation ?? 0;
        const db = databaseFailure(err);
        const message = `clean-up before deletion failed: ${db?.message ?? `${oneLine(err)}; details in the controller log`}`;
        const conditions = setCondition(t.status?.conditions, {
          type: 'Ready',
          status: 'False',
          reason: db?.reason ?? 'DeletionFailed',
          message,
          observedGeneration: generation,
        });
        await this.writeStatus(t, { ...t.status, phase: 'Deleting', conditions }, signal).catch(() => undefined);
        signal.throwIfAborted();
        this.d.events.warning(t, 'DeletionFailed', 'Delete', message);
        throw err;
      }
    }
    if (!t.metadata.finalizers?.includes(FINALIZER)) await this.addFinalizer(t, signal);

    const spec = t.spec;
    const generation = t.metadata.generation ?? 0;
    let conditions = t.status?.conditions;
    const cond = (type: Condition['type'], ok: boolean | 'unknown', reason: string, message: string) =>
      (conditions = setCondition(conditions, {
        type,
        status: ok === 'unknown' ? 'Unknown' : ok ? 'True' : 'False',
        reason,
        message,
        observedGeneration: generation,
      }));
    const suspended = spec.suspended === true;
    const status: TenantStatus = { ...t.status };
    conditions = conditions?.filter((c) => c.type !== 'Paused');
    if (reconcileRequest(t) !== undefined) status.lastReconcileRequest = reconcileRequest(t);

    // 1. The tenant row.
    let tenantId: string;
    // A row created just now has a fresh id: no direct-access role and no user can have it yet.
    let createdNow = false;
    try {
      const { tenant, created, updated } = await this.unabortable(signal, () =>
        this.d.provisioning.applyResource(actor, {
          uid: t.metadata.uid!,
          slug: name,
          displayName: spec.displayName,
          plan: spec.plan ?? 'free',
          status: suspended ? 'suspended' : 'active',
          maxUsers: spec.limits?.maxUsers ?? null,
        }),
      );
      tenantId = tenant.id;
      createdNow = created;
      if (created) this.d.events.normal(t, 'Created', 'Provision', `Tenant ${name} created with id ${tenant.id}`);
      else if (updated.length) this.d.events.normal(t, 'Updated', 'Provision', `tenant row updated: ${updated.join(', ')}`);
      cond('DatabaseReady', true, 'Provisioned', `tenant row ${tenant.id} matches the spec`);
    } catch (err) {
      signal.throwIfAborted();
      const conflict = err instanceof AppError && (err.code === 'SENTINEL_TENANT_OWNED_ELSEWHERE' || err.code === 'SENTINEL_TENANT_RESERVED');
      const { reason, message } = conflict
        ? { reason: 'NameConflict', message: oneLine(err) }
        : (databaseFailure(err) ?? { reason: 'ProvisioningFailed', message: `writing the tenant row failed (${oneLine(err)}); details in the controller log` });
      cond('DatabaseReady', false, reason, message);
      cond('Ready', false, reason, message);
      // This reconcile could not look at the database: it cannot vouch for the wall either.
      if (!conflict) cond('PoliciesReady', 'unknown', reason, 'the tenant wall cannot be checked while the database cannot be used');
      this.d.events.warning(t, reason, 'Provision', message);
      await this.writeStatus(t, { ...status, phase: 'Failed', observedGeneration: generation, conditions: conditions! }, signal);
      // A name conflict: nothing to retry until the resource or the database changes (the resync re-checks).
      throw conflict ? new TerminalError(err) : err;
    }
    status.tenantId = tenantId;

    // 2. Direct database access.
    let directFailure: string | undefined;
    if (spec.database?.directAccess) {
      try {
        const d = await this.ensureDirectAccess(t, tenantId, suspended, signal);
        status.directAccessSecret = d.secret;
        status.directAccessRole = d.role;
        status.directAccessPasswordSHA256 = d.passwordSHA256;
        if (d.rotateRequest !== undefined) status.lastRotateRequest = d.rotateRequest;
        cond(
          'DirectAccessReady',
          true,
          suspended ? 'LoginDisabled' : 'Provisioned',
          suspended ? 'role exists; login disabled while suspended' : `role ${d.role} can log in`,
        );
      } catch (err) {
        signal.throwIfAborted();
        directFailure = `the direct-access role or its Secret could not be set up (${oneLine(err)}); retried at the next resync, details in the controller log`;
        this.d.logger.warn({ err: { message: (err as Error).message }, tenant: name }, 'direct access failed');
        cond('DirectAccessReady', false, 'RoleFailed', directFailure);
        this.d.events.warning(t, 'DirectAccessFailed', 'DirectAccess', directFailure);
      }
    } else if (t.status?.directAccessSecret || (!createdNow && (await this.unabortable(signal, () => this.d.direct.state(tenantId))).canLogin)) {
      await this.unabortable(signal, () => this.d.direct.disable(tenantId));
      await this.deleteSecret(name, signal);
      delete status.directAccessSecret;
      delete status.directAccessPasswordSHA256;
      conditions = conditions?.filter((c) => c.type !== 'DirectAccessReady');
      this.d.events.normal(t, 'DirectAccessDisabled', 'DirectAccess', 'direct database access turned off: role disabled, Secret removed');
    }

    // 3. The first admin's invitation (the worker creates the user and mails the link).
    // Redis being down must not hold the tenant back: the invitation is queued at a later resync.
    const producer = this.d.producer;
    if (spec.admin?.email && status.adminInvited !== spec.admin.email && producer && !suspended) {
      const email = spec.admin.email;
      try {
        // BullMQ waits for a first connection indefinitely: a reconcile must not.
        await this.unabortable(signal, () =>
          withTimeout(producer.enqueue('tenant.invite-admin', { tenantId, email }, `tenant-admin-${tenantId}`), 3_000, 'Redis did not answer'),
        );
        status.adminInvited = spec.admin.email;
        this.d.events.normal(t, 'AdminInvited', 'Invite', `invitation for ${spec.admin.email} queued`);
      } catch (err) {
        signal.throwIfAborted();
        this.d.events.warning(t, 'AdminInviteDeferred', 'Invite', `could not queue the invitation (retried at the next resync): ${(err as Error).message}`);
      }
    }

    // 4. The wall, and what the tenant looks like now.
    const wall = this.d.wall.current();
    cond('PoliciesReady', wall.ok === undefined ? 'unknown' : wall.ok, wall.reason, wall.message);
    const users = createdNow ? 0 : await this.unabortable(signal, () => this.d.provisioning.userCount(tenantId));
    status.userCount = users;

    cond(
      'Suspended',
      suspended,
      suspended ? 'SuspendedBySpec' : 'Active',
      suspended
        ? 'spec.suspended is true: tokens and logins are refused, direct-access login is disabled, data is kept; set it to false to resume'
        : 'tokens and logins are accepted',
    );
    const max = spec.limits?.maxUsers;
    const over = max !== undefined && users > max;
    if (over)
      cond(
        'WithinLimits',
        false,
        'OverUserLimit',
        `${users} users, spec.limits.maxUsers is ${max}: new users are refused; remove ${users - max} users or raise spec.limits.maxUsers`,
      );
    else cond('WithinLimits', true, 'WithinLimits', max === undefined ? `${users} users; no limit set` : `${users} of ${max} users`);

    const ready = !directFailure && wall.ok === true;
    const phase: Phase = !ready ? (wall.ok === undefined && !directFailure ? 'Pending' : 'Failed') : suspended ? 'Suspended' : 'Ready';
    const notes = [suspended && 'it is suspended (see Suspended)', over && 'it has more users than spec.limits.maxUsers (see WithinLimits)'].filter(Boolean);
    cond(
      'Ready',
      ready,
      ready ? 'Reconciled' : directFailure ? 'DirectAccessNotReady' : 'PoliciesNotReady',
      ready
        ? `tenant is provisioned and isolated${notes.length ? `; ${notes.join('; ')}` : ''}`
        : (directFailure ?? `the tenant wall is not confirmed: ${wall.message}`),
    );
    await this.writeStatus(t, { ...status, phase, observedGeneration: generation, conditions: conditions! }, signal);
    // What an operator watches for (kubectl get events): the transitions, once each.
    const was = t.status?.phase;
    const wasOver = t.status?.conditions?.find((c) => c.type === 'WithinLimits')?.status === 'False';
    if (over && !wasOver) this.d.events.warning(t, 'OverUserLimit', 'CheckLimits', conditions!.find((c) => c.type === 'WithinLimits')!.message);
    if (phase === 'Suspended' && was !== 'Suspended') this.d.events.normal(t, 'Suspended', 'Suspend', 'tenant suspended: tokens and logins refused');
    else if (phase === 'Ready' && was === 'Suspended') this.d.events.normal(t, 'Resumed', 'Resume', 'tenant resumed: sign-in works again');
    else if (phase === 'Ready' && was === 'Failed') this.d.events.normal(t, 'Recovered', 'Provision', 'tenant is provisioned and isolated again');
    return wall.ok === undefined ? { requeueAfterMs: 1_000 } : {};
  }

  /**
   * Paused: nothing is written but this status, whether the Tenant is live or being deleted
   * (its finalizer waits, as CloudNativePG's and Crossplane's do: a paused resource is left
   * alone, and a `Delete` policy drops data). Reconcile requests wait for the resume too.
   */
  private async paused(t: Tenant, signal: AbortSignal): Promise<Result> {
    const deleting = Boolean(t.metadata.deletionTimestamp);
    const conditions = setCondition(t.status?.conditions, {
      type: 'Paused',
      status: 'True',
      reason: 'ReconcilePaused',
      message: deleting
        ? `deletion waits while the annotation ${PAUSED_ANNOTATION} is "true"; remove it (kubectl sentinel resume ${t.metadata.name}) to let the clean-up run`
        : `reconciliation is paused by the annotation ${PAUSED_ANNOTATION}; remove it (kubectl sentinel resume ${t.metadata.name}) to resume`,
      observedGeneration: t.metadata.generation ?? 0,
    });
    await this.writeStatus(t, { ...t.status, conditions }, signal);
    return {};
  }

  private async finalize(t: Tenant, signal: AbortSignal): Promise<Result> {
    if (!t.metadata.finalizers?.includes(FINALIZER)) return {};
    const name = t.metadata.name;
    const policy = t.spec.deletionPolicy ?? 'Retain';
    // Only the row this very resource owns (by uid): a newer Tenant of the same name is another tenant.
    const row = await this.unabortable(signal, () => this.d.provisioning.findByResource(t.metadata.uid!));
    if (row && policy === 'Delete') {
      await this.unabortable(signal, () => this.d.direct.drop(row.id));
      await this.unabortable(signal, () => this.d.provisioning.deleteTenant(actor, row.id));
    } else if (row && !row.deletedAt) {
      await this.unabortable(signal, () => this.d.direct.disable(row.id));
      await this.unabortable(signal, () => this.d.provisioning.retireTenant(actor, row.id));
    }
    await this.deleteSecret(name, signal);
    if (t.metadata.uid) this.mirrored.delete(t.metadata.uid);
    this.d.events.normal(
      t,
      policy === 'Delete' ? 'Deleted' : 'Retained',
      'Delete',
      policy === 'Delete' ? `tenant ${row?.id ?? '(none)'} and its data removed` : `tenant ${row?.id ?? '(none)'} marked deleted; data kept`,
    );
    // Release our finalizer: apply this manager's intent with no finalizers.
    try {
      await this.d.kube.apply(
        tenantPath(name),
        { apiVersion: API_VERSION, kind: KIND, metadata: { name, uid: t.metadata.uid, finalizers: [] } },
        FIELD_MANAGER,
        { signal },
      );
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    return {};
  }

  private async addFinalizer(t: Tenant, signal: AbortSignal): Promise<void> {
    const name = t.metadata.name;
    // Server-Side Apply owns just this list entry; other controllers' finalizers stay. The uid makes it fail on a recreated resource.
    await this.d.kube.apply(
      tenantPath(name),
      { apiVersion: API_VERSION, kind: KIND, metadata: { name, uid: t.metadata.uid, finalizers: [FINALIZER] } },
      FIELD_MANAGER,
      { signal },
    );
  }

  /**
   * Writes status through the status subresource, only when it changed, and keeps a copy beside
   * the tenant's row (tenants.resource_status) for the API and the console, which hold no
   * Kubernetes credentials. The copy is written when it differs from the last one this replica
   * wrote, so after a restart or a change of leader each tenant's copy is refreshed once.
   */
  private async writeStatus(t: Tenant, status: TenantStatus, signal: AbortSignal): Promise<void> {
    const name = t.metadata.name;
    const next = normalise(status);
    if (normalise(t.status) !== next) {
      await this.d.kube.apply(
        `${tenantPath(name)}/status`,
        { apiVersion: API_VERSION, kind: KIND, metadata: { name, uid: t.metadata.uid }, status },
        FIELD_MANAGER,
        { signal },
      );
    }
    const uid = t.metadata.uid;
    if (!uid || this.mirrored.get(uid) === next) return;
    await this.unabortable(signal, () =>
      this.d.provisioning.recordResourceStatus(uid, {
        phase: status.phase ?? 'Pending',
        conditions: (status.conditions ?? []).map((c) => ({
          type: c.type,
          status: c.status,
          reason: c.reason,
          message: c.message,
          lastTransitionTime: c.lastTransitionTime,
        })),
        observedGeneration: status.observedGeneration ?? 0,
        generation: t.metadata.generation ?? 0,
        reportedAt: new Date().toISOString(),
      }),
    );
    this.mirrored.set(uid, next);
  }

  /**
   * The role exists, with an opaque name, the bounds and the Secret's password; the Secret holds
   * exactly what the controller would write now (endpoint, TLS, role, password, URI): a field
   * edited by hand is put back, a changed setting rewritten. The password is kept unless it is
   * missing, no longer the one last published (edited by hand: it cannot be put back, so a new
   * one is set), or a new value of the rotate annotation asks for a new one.
   */
  private async ensureDirectAccess(
    t: Tenant,
    tenantId: string,
    suspended: boolean,
    signal: AbortSignal,
  ): Promise<{ secret: string; role: string; passwordSHA256: string; rotateRequest?: string | undefined }> {
    const name = secretName(t.metadata.name);
    const path = `/api/v1/namespaces/${this.d.namespace}/secrets/${name}`;
    let secret: Secret | undefined;
    try {
      secret = await this.d.kube.get<Secret>(path, { signal });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    const current = unb64(secret?.data?.password);
    const known = t.status?.directAccessPasswordSHA256;
    const asked = rotateRequest(t);
    const rotate = asked !== undefined && asked !== t.status?.lastRotateRequest && asked !== secret?.metadata.annotations?.[ROTATE_ANNOTATION];
    const why = !current
      ? secret
        ? 'the Secret had no password'
        : undefined
      : known !== undefined && sha256(current) !== known
        ? 'the password in the Secret was edited'
        : rotate
          ? `rotation requested (${ROTATE_ANNOTATION}: ${asked})`
          : undefined;
    const fresh = !current || why !== undefined;
    const password = fresh ? generatePassword() : current;
    const state = await this.unabortable(signal, () => this.d.direct.state(tenantId));
    // A new password is set on the role first, then published. A lost role (restored database)
    // is recreated with the password its users have.
    const r = await this.unabortable(signal, () =>
      this.d.direct.ensure(tenantId, { login: !suspended, password: fresh || !state.exists ? password : undefined }),
    );
    const data = await secretData(this.d.endpoint, r.role, password);
    const labels = { 'app.kubernetes.io/managed-by': FIELD_MANAGER, 'sentinel.io/tenant': t.metadata.name };
    const annotations: Record<string, string> = { 'sentinel.io/tenant-id': tenantId };
    // The request handled is recorded beside the password too: a status write lost after the
    // Secret's does not rotate twice.
    const handled = rotate ? asked : (secret?.metadata.annotations?.[ROTATE_ANNOTATION] ?? t.status?.lastRotateRequest);
    if (handled !== undefined) annotations[ROTATE_ANNOTATION] = handled;
    const have = Object.fromEntries(Object.entries(secret?.data ?? {}).map(([k, v]) => [k, unb64(v)!]));
    const changed = [...new Set([...Object.keys(data), ...Object.keys(have)])].filter((k) => data[k] !== have[k]).sort();
    const metaDrift =
      Object.entries(labels).some(([k, v]) => secret?.metadata.labels?.[k] !== v) ||
      Object.entries(annotations).some(([k, v]) => secret?.metadata.annotations?.[k] !== v);
    if (!secret || changed.length || metaDrift) {
      await this.d.kube.apply(
        path,
        {
          apiVersion: 'v1',
          kind: 'Secret',
          type: 'Opaque',
          metadata: {
            name,
            namespace: this.d.namespace,
            labels,
            annotations,
            ownerReferences: [{ apiVersion: API_VERSION, kind: KIND, name: t.metadata.name, uid: t.metadata.uid! }],
          },
          data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])),
        },
        FIELD_MANAGER,
        { signal },
      );
      // A field the controller never writes (added by hand) stays with its manager under
      // Server-Side Apply: it is removed explicitly.
      const extra = Object.keys(have).filter((k) => !(k in data));
      if (extra.length) await this.d.kube.mergePatch(path, { data: Object.fromEntries(extra.map((k) => [k, null])) }, { signal });
    }
    const where = `credentials in Secret ${this.d.namespace}/${name}`;
    if (r.created && !secret) this.d.events.normal(t, 'DirectAccessCreated', 'DirectAccess', `role ${r.role}; ${where}`);
    else if (r.created) this.d.events.normal(t, 'DirectAccessRecreated', 'DirectAccess', `role ${r.role} was missing and is created again; ${where}`);
    if (r.renamedFrom)
      this.d.events.normal(t, 'DirectAccessRenamed', 'DirectAccess', `role ${r.renamedFrom} renamed to ${r.role} (an opaque name); password kept`);
    if (!secret && !r.created)
      this.d.events.normal(t, 'DirectAccessRotated', 'DirectAccess', `the Secret was missing: new password for role ${r.role}; ${where}`);
    else if (why) this.d.events.normal(t, 'DirectAccessRotated', 'DirectAccess', `${why}: new password for role ${r.role}; ${where}`);
    else if (secret && changed.length && !r.renamedFrom)
      this.d.events.normal(t, 'DirectAccessSecretUpdated', 'DirectAccess', `Secret ${name} brought up to date: ${changed.join(', ')}`);
    return { secret: name, role: r.role, passwordSHA256: sha256(password), rotateRequest: handled };
  }

  private async deleteSecret(slug: string, signal: AbortSignal): Promise<void> {
    try {
      await this.d.kube.delete(`/api/v1/namespaces/${this.d.namespace}/secrets/${secretName(slug)}`, { signal });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Status as compared for "did anything change": key order and condition order do not matter. */
function normalise(s: TenantStatus | undefined): string {
  const sortKeys = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sortKeys)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .filter(([, x]) => x !== undefined)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, x]) => [k, sortKeys(x)]),
          )
        : v;
  const conditions = [...(s?.conditions ?? [])].sort((a, b) => a.type.localeCompare(b.type));
  return JSON.stringify(sortKeys({ ...s, conditions }));
}
