// The Tenant resource (tenants.sentinel.io/v1beta1), as the controller reads and
// writes it. The schema the API server enforces is config/crd/tenants.sentinel.io.yaml;
// these types mirror it.
import type { KubeObject } from '../runtime/kube.js';

export const GROUP = 'sentinel.io';
/** The version the controller reads and writes: the CRD's storage version (v1alpha1 is served too, deprecated). */
export const VERSION = 'v1beta1';
export const API_VERSION = `${GROUP}/${VERSION}`;
export const KIND = 'Tenant';
export const PLURAL = 'tenants';
export const FINALIZER = 'sentinel.io/tenant-cleanup';
export const FIELD_MANAGER = 'sentinel-tenant-controller';
/** `"true"` stops reconciling this Tenant (its status says so); removing it resumes. */
export const PAUSED_ANNOTATION = 'sentinel.io/paused';
/** Any new value asks for a reconcile now; status.lastReconcileRequest records the last one handled. */
export const RECONCILE_ANNOTATION = 'sentinel.io/reconcile-requested-at';
/** Any new value rotates the direct-access password once; status.lastRotateRequest records the last one handled. */
export const ROTATE_ANNOTATION = 'sentinel.io/rotate-credentials';
export const TENANTS_PATH = `/apis/${GROUP}/${VERSION}/${PLURAL}`;
export const tenantPath = (name: string) => `${TENANTS_PATH}/${encodeURIComponent(name)}`;

export interface TenantSpec {
  displayName: string;
  plan?: 'free' | 'pro' | 'enterprise';
  suspended?: boolean;
  admin?: { email: string };
  limits?: { maxUsers?: number };
  deletionPolicy?: 'Retain' | 'Delete';
  database?: { directAccess?: boolean };
}

export type ConditionType = 'Ready' | 'Paused' | 'Suspended' | 'WithinLimits' | 'DatabaseReady' | 'PoliciesReady' | 'DirectAccessReady';
const CONDITION_ORDER: ConditionType[] = ['Ready', 'Paused', 'Suspended', 'WithinLimits', 'DatabaseReady', 'PoliciesReady', 'DirectAccessReady'];

export interface Condition {
  type: ConditionType;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime: string;
  observedGeneration: number;
}

export type Phase = 'Pending' | 'Ready' | 'Suspended' | 'Failed' | 'Deleting';

export interface TenantStatus {
  tenantId?: string;
  phase?: Phase;
  observedGeneration?: number;
  conditions?: Condition[];
  userCount?: number;
  adminInvited?: string;
  directAccessSecret?: string;
  /** The direct-access role (an opaque name). */
  directAccessRole?: string;
  /** SHA-256 of the password last published, to notice a hand-edited one (which is then replaced). */
  directAccessPasswordSHA256?: string;
  /** The value of the rotate annotation last handled. */
  lastRotateRequest?: string;
  /** The value of the reconcile annotation last handled. */
  lastReconcileRequest?: string;
}

export interface Tenant extends KubeObject {
  spec: TenantSpec;
  status?: TenantStatus;
}

export const isPaused = (t: Tenant) => t.metadata.annotations?.[PAUSED_ANNOTATION] === 'true';
export const reconcileRequest = (t: Tenant) => t.metadata.annotations?.[RECONCILE_ANNOTATION];
export const rotateRequest = (t: Tenant) => t.metadata.annotations?.[ROTATE_ANNOTATION];

/**
 * Conditions in the standard shape: lastTransitionTime moves only when the status
 * flips, so a resync that finds nothing new writes nothing new.
 */
export function setCondition(existing: readonly Condition[] | undefined, next: Omit<Condition, 'lastTransitionTime'>, now = new Date()): Condition[] {
  const out = (existing ?? []).filter((c) => c.type !== next.type);
  const prev = existing?.find((c) => c.type === next.type);
  const lastTransitionTime = prev && prev.status === next.status ? prev.lastTransitionTime : now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  out.push({ ...next, lastTransitionTime });
  return out.sort((a, b) => CONDITION_ORDER.indexOf(a.type) - CONDITION_ORDER.indexOf(b.type));
}
