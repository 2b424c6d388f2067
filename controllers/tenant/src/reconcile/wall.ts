// The tenant wall is one thing for all tenants: RLS enabled and forced on every
// tenant-owned table, and exactly the declared policies (platform tenancy/wall.ts).
// It is checked on its own timer by the leader, repaired in one transaction when it
// drifted (a policy dropped, altered or added by hand; RLS disabled), and each
// Tenant's PoliciesReady condition reports the latest check.
import { describeDrift, inspectWall, repairWall, type DirectAccess, type Drift, type Logger, type OwnerDb } from '@sentinel/platform';
import { LeadershipLostError } from '../runtime/leader.js';
import { databaseFailure, oneLine } from './failures.js';

export interface WallCheck {
  ok: boolean | undefined;
  reason: string;
  message: string;
  /** Unix seconds when the check finished. */
  checkedAt?: number;
}

export class WallState {
  private last: WallCheck = { ok: undefined, reason: 'NotChecked', message: 'the wall has not been checked yet' };

  constructor(
    private readonly o: {
      owner: OwnerDb;
      direct: DirectAccess;
      logger: Logger;
      onRepaired(drifts: Drift[]): void;
      /** Called before a repair (the leader's fence: it throws when this replica may no longer write). */
      fence?: () => void;
      /** The check's outcome flipped (ok <-> failing): every Tenant's condition must be rewritten. */
      onChange(): void;
    },
  ) {}

  current(): WallCheck {
    return this.last;
  }

  async check(): Promise<WallCheck> {
    const before = this.last.ok;
    let client;
    try {
      client = await this.o.owner.pool.connect();
      // A checked-out client whose connection dies emits 'error' as well as failing its query;
      // the pool listens only to idle clients, and an unheard 'error' would end the process.
      client.on('error', ignoreError);
      const drifts = await inspectWall(client);
      if (drifts.length > 0) {
        this.o.fence?.();
        await repairWall(client, drifts);
        const left = await inspectWall(client);
        if (left.length > 0) throw new Error(`drift remains after repair: ${left.map(describeDrift).join(', ')}`);
        this.o.logger.warn({ drifts }, 'tenant wall drifted; repaired');
        this.o.onRepaired(drifts);
        this.last = { ok: true, reason: 'DriftRepaired', message: `repaired: ${drifts.map(describeDrift).join(', ')}` };
      } else {
        this.last = { ok: true, reason: 'WallIntact', message: 'RLS is enabled and forced on every tenant table with the expected policies' };
      }
    } catch (err) {
      // Not the leader any more: no repair, and nothing learnt about the wall.
      if (err instanceof LeadershipLostError) return this.last;
      this.o.logger.error({ err: { message: (err as Error).message } }, 'tenant wall check failed');
      const db = databaseFailure(err);
      this.last = db
        ? { ok: false, reason: db.reason, message: `the tenant wall cannot be checked: ${db.message}` }
        : { ok: false, reason: 'WallCheckFailed', message: `the tenant wall check failed (${oneLine(err)}); details in the controller log` };
    } finally {
      client?.removeListener('error', ignoreError);
      client?.release();
    }
    try {
      const dropped = await this.o.direct.dropOrphans();
      if (dropped.length) this.o.logger.info({ roles: dropped }, 'dropped direct-access roles of tenants that no longer exist');
    } catch (err) {
      this.o.logger.warn({ err: { message: (err as Error).message } }, 'could not drop orphaned direct-access roles');
    }
    this.last = { ...this.last, checkedAt: Date.now() / 1000 };
    if (before !== this.last.ok) this.o.onChange();
    return this.last;
  }
}

const ignoreError = () => undefined;

export { describeDrift };
