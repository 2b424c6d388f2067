import { AppError, isUniqueViolation, keyset, toPage, type SortSpec, type Tx } from '@sentinel/platform';

export const userSortSpecs = {
  createdAt: { field: 'createdAt', direction: 'asc', unique: false, kind: 'date' },
  '-createdAt': { field: 'createdAt', direction: 'desc', unique: false, kind: 'date' },
  email: { field: 'email', direction: 'asc', unique: true, kind: 'string' },
  '-email': { field: 'email', direction: 'desc', unique: true, kind: 'string' },
} as const satisfies Record<string, SortSpec>;

export type UserSort = keyof typeof userSortSpecs;

const select = { id: true, tenantId: true, email: true, displayName: true, role: true, passwordHash: true, createdAt: true, updatedAt: true } as const;

export type UserRow = {
  id: string;
  tenantId: string;
  email: string;
  displayName: string;
  role: 'platform_admin' | 'tenant_admin' | 'member';
  passwordHash: string | null;
  createdAt: Date;
  updatedAt: Date;
};

const emailTaken = () => new AppError('SENTINEL_USER_EMAIL_TAKEN', undefined, { errors: [{ field: 'body.email', message: 'already used in this tenant' }] });

/**
 * Users of one tenant. Every query runs in the caller's tenant transaction and also
 * filters by tenant_id: RLS is the wall, the explicit filter lets the planner use
 * the (tenant_id, ...) indexes with the right statistics.
 */
export const usersRepository = {
  async list(
    tx: Tx,
    tenantId: string,
    q: { limit: number; cursor?: string | undefined; sort: UserSort; role?: UserRow['role'] | undefined; emailPrefix?: string | undefined },
  ) {
    const spec = userSortSpecs[q.sort];
    const ks = keyset(q.sort, spec, q.cursor);
    const rows = await tx.user.findMany({
      where: {
        tenantId,
        ...ks.where,
        ...(q.role ? { role: q.role } : {}),
        ...(q.emailPrefix ? { email: { startsWith: q.emailPrefix } } : {}),
      },
      orderBy: ks.orderBy,
      take: q.limit + 1,
      select,
    });
    return toPage(rows, q.limit, q.sort, spec);
  },

  get(tx: Tx, tenantId: string, id: string): Promise<UserRow | null> {
    return tx.user.findUnique({ where: { tenantId_id: { tenantId, id } }, select });
  },

  /** Locks the row for an update in the same transaction. */
  async getForUpdate(tx: Tx, tenantId: string, id: string): Promise<UserRow | null> {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM users WHERE tenant_id = ${tenantId}::uuid AND id = ${id}::uuid FOR UPDATE`;
    return locked.length ? this.get(tx, tenantId, id) : null;
  },

  async create(tx: Tx, tenantId: string, data: { email: string; displayName: string; role: UserRow['role']; passwordHash: string | null }): Promise<UserRow> {
    try {
      // A savepoint-free unique check would race; let the constraint decide.
      return await tx.user.create({ data: { tenantId, ...data }, select });
    } catch (err) {
      if (isUniqueViolation(err)) throw emailTaken();
      throw err;
    }
  },

  async update(tx: Tx, tenantId: string, id: string, data: Partial<Pick<UserRow, 'email' | 'displayName' | 'role' | 'passwordHash'>>): Promise<UserRow> {
    try {
      return await tx.user.update({ where: { tenantId_id: { tenantId, id } }, data, select });
    } catch (err) {
      if (isUniqueViolation(err)) throw emailTaken();
      throw err;
    }
  },

  async delete(tx: Tx, tenantId: string, id: string): Promise<void> {
    await tx.user.delete({ where: { tenantId_id: { tenantId, id } } });
  },
};
