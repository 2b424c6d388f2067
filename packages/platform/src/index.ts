// @sentinel/platform: the shared core. This file is its whole public surface.
export {
  loadConfig,
  loadConfigOrExit,
  loadPartialConfig,
  loadControllerConfig,
  loadWorkerConfig,
  loadSchedulerConfig,
  serviceEnv,
  configOrExit,
  ConfigError,
  type Config,
  type ControllerConfig,
  type WorkerConfig,
  type SchedulerConfig,
  type ServiceName,
} from './config.js';
export { AppError, errorCatalog, toProblem, notFound, forbidden, type ErrorCode, type FieldError, type ProblemDetails } from './errors.js';
export { AppDb, PlatformDb, OwnerDb, Prisma, isUniqueViolation, isUnavailableError, type Tx } from './db/index.js';
export { migrate, type MigrateOptions, type MigrateResult } from './db/migrate.js';
export { createRedis, RedisHealth, Redis } from './redis/index.js';
export { Cache, cacheKeys } from './redis/cache.js';
export { WindowLimiter, type WindowState } from './redis/limiter.js';
export { UsageCounter, usageKey, utcDay } from './redis/usage.js';
export { hashPassword, verifyPassword, needsRehash, passwordWeakness, assertStrongPassword, MIN_PASSWORD_SCORE } from './auth/passwords.js';
export {
  signAccessToken,
  accessTokenVerifyOptions,
  accessTokenTimeProblem,
  ACCESS_TOKEN_CLOCK_SKEW_S,
  newRefreshToken,
  parseRefreshToken,
  refreshSecretMatches,
  JWT_ALGORITHM,
  type AccessClaims,
  type Role,
} from './auth/tokens.js';
export { type TenantContext, PLATFORM_TENANT_ID, PLATFORM_TENANT_SLUG } from './tenancy/context.js';
export { recordAudit, diff, type AuditEntry } from './tenancy/audit.js';
export {
  Provisioning,
  TenantsRepository,
  tenantSorts,
  type TenantRecord,
  type TenantInput,
  type TenantPatch,
  type TenantListQuery,
  type Plan,
  type TenantStatus,
  type ResourceTenant,
  type AdminRequest,
  type AdminGrant,
} from './tenancy/provisioning.js';
export { remainingUserCapacity, userLimitReached } from './tenancy/limits.js';
export { InvitationsRepository, queueInvitation, type InvitationSettings, type PendingInvitation } from './tenancy/invitations.js';
export { UsersRepository, userSortSpecs, type UserRow, type UserListRow, type UserListQuery, type UserSort, type NewUser } from './tenancy/users.js';
export { JobsRepository, JobChunksRepository, type JobRow, type JobListQuery, type JobState, type ChunkKind } from './tenancy/jobs.js';
export { AuditLogRepository, type AuditFilters, type AuditListQuery, type AuditRow, type AuditExportRow } from './tenancy/audit-log.js';
export { WALL_TABLES, WALL_POLICIES, inspectWall, repairWall, type Drift, type DriftKind, type PolicySpec } from './tenancy/wall.js';
export { DirectAccess, directRoleName, generatePassword, scramVerifier, DIRECT_GROUP_ROLE, type DirectRoleState } from './tenancy/direct-access.js';
export { humanText, filterText, userEmail, userDisplayName } from './text.js';
export { keyset, cursorPosition, toPage, encodeCursor, MAX_PAGE_SIZE, type SortSpec } from './pagination.js';
export { createLogger, type Logger } from './telemetry/logger.js';
export { createMetrics, type Metrics } from './telemetry/metrics.js';
export { startOpsServer } from './telemetry/ops-server.js';
export { startTracing, type TracingOptions } from './telemetry/tracing.js';
export { invitationToken, invitationTokenHash, invitationTokenMatches, parseInvitationToken } from './auth/invitations.js';
export {
  jobs,
  queueNames,
  JobProducer,
  bullConnection,
  parsePayload,
  recordTenantJob,
  recordedJobId,
  UnrecoverableError,
  JobFailure,
  type JobName,
  type JobPayload,
  type JobEnvelope,
  type QueueName,
} from './queues/index.js';
