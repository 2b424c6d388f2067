// @sentinel/platform/testing: what test suites need beyond the public surface, kept out
// of it so no service can reach it. Never imported by services/* or controllers/*.
import type { PrismaClient } from './db/index.js';
import { PlatformDb } from './db/index.js';

/**
 * The platform pool with its Prisma client in the open, for fixtures and assertions
 * that read or write any tenant's rows directly (as provisioning would).
 */
export class FixtureDb extends PlatformDb {
  declare readonly prisma: PrismaClient;
}

export { WALL_FUNCTIONS, WALL_GRANTS, WALL_POLICIES, WALL_ROLES, WALL_TABLES } from './tenancy/wall.js';
export { invitationTokenHash } from './auth/invitations.js';
