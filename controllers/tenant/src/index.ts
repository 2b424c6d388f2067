// @sentinel/tenant-controller: what tests, benchmarks and tools may use.
export { startController, type Controller, type ControllerOptions } from './manager.js';
export { KubeClient, KubeError, type KubeObject } from './runtime/kube.js';
export {
  GROUP,
  VERSION,
  API_VERSION,
  KIND,
  PLURAL,
  FINALIZER,
  TENANTS_PATH,
  tenantPath,
  type Tenant,
  type TenantSpec,
  type TenantStatus,
  type Condition,
} from './api/tenant.js';
export { secretName } from './reconcile/tenant.js';
