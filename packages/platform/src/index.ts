// @sentinel/platform: the shared core. This file is its whole public surface for the
// deployables: what services/*, controllers/*, scripts/ and bench/ import, and nothing
// else. Entry points: this one; /bootstrap (configuration and tracing, loaded before
// anything tracing instruments); /testing (test suites only).
export {
  loadConfig,
  loadPartialConfig,
  loadControllerConfig,
  loadWorkerConfig,
  loadSchedulerConfig,
  serviceEnv,
  ConfigError,
  type Config,
  type ControllerConfig,
  type WorkerConfig,
  type SchedulerConfig,
  type ServiceName,
} from './config.js';
export { AppError, errorCatalog, toProblem, notFound, forbidden, type ErrorCode, type FieldError } from './errors.js';
export {
  AppDb,
  ReadReplica,
  PlatformDb,
  OwnerDb,
  Prisma,
  isUnavailableError,
  isStatementTimeout,
  type Tx,
  type TenantReads,
  type TenantSql,
} from './db/index.js';
export { migrate, type MigrateResult } from './db/migrate.js';
export { RedisHealth, Redis, Cluster, REDIS_SOCKET_TIMEOUT_MS, getMany, delMany, type RedisClient } from './redis/index.js';
export { Cache, cacheKeys } from './redis/cache.js';
export { openRedisSide, redisConnection, createRedis, bullConnection, type RedisSide, type RedisRole, type RedisTarget } from './redis/connections.js';
export { WindowLimiter, type WindowState } from './redis/limiter.js';
export { UsageCounter, usageKey, utcDay } from './redis/usage.js';
export { hashPassword, verifyPassword, needsRehash, passwordWeakness, assertStrongPassword } from './auth/passwords.js';
export {
  signAccessToken,
  accessTokenVerifyOptions,
  accessTokenTimeProblem,
  newRefreshToken,
  parseRefreshToken,
  refreshSecretMatches,
  signMfaChallenge,
  verifyMfaChallenge,
  type MfaChallengeClaims,
  type Role,
} from './auth/tokens.js';
export {
  SecretBox,
  TOTP_STEP_S,
  base32Decode,
  base32Encode,
  hotp,
  looksLikeRecoveryCode,
  newRecoveryCode,
  newTotpSecret,
  otpauthUri,
  totp,
  totpStep,
  verifyTotp,
  type TotpAlgorithm,
} from './auth/totp.js';
export {
  WEBHOOK_EVENT_TYPES,
  WebhookSecrets,
  newWebhookSecret,
  signWebhook,
  webhookKey,
  webhookSecretBytes,
  type WebhookEventType,
} from './webhooks/signing.js';
export { recordWebhookEvent, enqueueDeliveries, WEBHOOK_EVENT_VERSION } from './webhooks/outbox.js';
export { postWebhook, checkWebhookAddress, forbiddenAddress, ssrfLookup, WebhookAddressRefused, type WebhookPostResult } from './webhooks/post.js';
export { type TenantContext, PLATFORM_TENANT_ID, PLATFORM_TENANT_SLUG } from './tenancy/context.js';
export { recordAudit, diff } from './tenancy/audit.js';
export {
  Provisioning,
  TenantsRepository,
  type TenantRecord,
  type TenantInput,
  type TenantPatch,
  type TenantListQuery,
  type Plan,
  type AdminRequest,
  type AdminGrant,
  type ResourceStatus,
} from './tenancy/provisioning.js';
export { grantTenantAdmin } from './tenancy/admins.js';
export { inSpan } from './telemetry/spans.js';
export { remainingUserCapacity, userLimitReached } from './tenancy/limits.js';
export { InvitationsRepository, queueInvitation } from './tenancy/invitations.js';
export { UsersRepository, type UserRow, type UserListRow, type UserListQuery } from './tenancy/users.js';
export { JobsRepository, JobChunksRepository, type JobRow } from './tenancy/jobs.js';
export { AuditLogRepository, type AuditRow, type AuditExportRow } from './tenancy/audit-log.js';
export { ErasureRepository, newPseudonym, subjectHash, type ErasureRow, type ErasureCounts, type ErasureListQuery, type Pseudonym } from './tenancy/erasure.js';
export { UsageDailyRepository, type UsageDay } from './tenancy/usage-daily.js';
export { WALL_SCHEMA_VERSION, describeDrift, inspectRoles, inspectWall, repairWall, schemaAhead, type Drift, type DriftKind } from './tenancy/wall.js';
export { WALL_NOTIFY_CHANNEL, WALL_NOTIFY_INSTALLED_SQL, WALL_NOTIFY_SQL } from './tenancy/wall-notify.js';
export { DirectAccess, generatePassword, type DirectAccessLimits, type EndedSession } from './tenancy/direct-access.js';
export { filterText, humanText, userEmail, userDisplayName } from './text.js';
export { MAX_PAGE_SIZE } from './pagination.js';
export { createLogger, logDestination, type Logger } from './telemetry/logger.js';
export { createMetrics, createProcessMetrics, type Metrics, type ProcessMetrics } from './telemetry/metrics.js';
export { startOpsServer } from './telemetry/ops-server.js';
export { invitationToken, invitationTokenMatches, parseInvitationToken } from './auth/invitations.js';
export {
  API_KEY_LIKE,
  API_KEY_PREFIX,
  API_KEY_SCOPES,
  ALL_KEY_SCOPES,
  PLATFORM_KEY_SCOPES,
  apiKeySecretMatches,
  newApiKeySecret,
  parseApiKey,
  type ApiKeyScope,
  type ParsedApiKey,
} from './auth/api-keys.js';
export {
  jobs,
  queueNames,
  JobProducer,
  parsePayload,
  recordTenantJob,
  WEBHOOK_RETRY_SCHEDULE_MS,
  recordedJobId,
  UnrecoverableError,
  JobFailure,
  type JobName,
  type JobPayload,
  type QueueName,
} from './queues/index.js';
