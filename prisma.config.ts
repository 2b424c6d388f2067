// Prisma CLI configuration. Only `prisma generate` is used in this repository's
// scripts (migrations are applied by scripts/migrate.ts, see docs/operations.md);
// a machine with Prisma's engines can still run `prisma migrate status|deploy`
// against the same database with MIGRATION_DATABASE_URL set.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.MIGRATION_DATABASE_URL ?? 'postgresql://localhost/sentinel' },
});
