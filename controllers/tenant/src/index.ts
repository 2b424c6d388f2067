// @sentinel/tenant-controller: what tests, benchmarks and tools may use.
export { startController, type Controller, type ControllerOptions } from './manager.js';
export { KubeClient } from './runtime/kube.js';
export { ROTATE_ANNOTATION, TENANTS_PATH, tenantPath, type Tenant } from './api/tenant.js';
export { secretName } from './reconcile/tenant.js';
