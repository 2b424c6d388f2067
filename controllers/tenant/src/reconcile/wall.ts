// The tenant wall is one thing for all tenants: RLS enabled and forced on every
// tenant-owned table, exactly the declared policies, the functions they call, the grants on
// those tables and the wall roles' attributes (platform tenancy/wall.ts). The leader checks
// it when the database notifies a change (wall-listener.ts) and on its own timer, repairs
// what drifted, and each Tenant's PoliciesReady condition reports the latest check.
import {
  describeDrift,
  inspectRoles,
  inspectWall,
  repairWall,
  schemaAhead,
  type DirectAccess,
  type Drift,
  type Logger,
  type OwnerDb,
} from '@sentinel/platform';
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
  /** The role drift the quick check last handed to a full check (not handed again until it changes or a check succeeds). */
  private handedRoleDrift = '';

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

  private reportRepaired(repaired: Drift[]): void {
    this.o.logger.warn({ drifts: repaired }, 'tenant wall drifted; repaired');
    this.o.onRepaired(repaired);
  }

  async check(): Promise<WallCheck> {
    const before = this.last.ok;
    let client;
    try {
      client = await this.o.owner.pool.connect();
      // A checked-out client whose connection dies emits 'error' as well as failing its query;
      // the pool listens only to idle clients, and an unheard 'error' would end the process.
      client.on('error', ignoreError);
      let drifts = await inspectWall(client);
      const repaired: Drift[] = [];
      // A change made while a repair runs shows up in the re-inspection: it is repaired in
      // another round (not reported as a failure); a drift that survives its own repair is.
      for (let round = 0; drifts.length > 0; round++) {
        // A newer release's schema is not drift: report, repair nothing (its controller will).
        // Asked before every round: a migration may commit while a repair runs.
        const ahead = await schemaAhead(client);
        if (ahead) {
          if (repaired.length > 0) this.reportRepaired(repaired);
          throw new SchemaAheadError(ahead);
        }
        this.o.fence?.();
        await repairWall(client, drifts);
        const left = await inspectWall(client);
        repaired.push(...drifts);
        const stuck = left.filter((l) => drifts.some((d) => describeDrift(d) === describeDrift(l)));
        if (stuck.length > 0 || (left.length > 0 && round === 4))
          throw new Error(`drift remains after repair: ${(stuck.length ? stuck : left).map(describeDrift).join(', ')}`);
        drifts = left;
      }
      if (repaired.length > 0) {
        this.reportRepaired(repaired);
        this.last = { ok: true, reason: 'DriftRepaired', message: `repaired: ${repaired.map(describeDrift).join(', ')}` };
      } else {
        this.last = {
          ok: true,
          reason: 'WallIntact',
          message: 'the tenant wall is as declared: RLS, policies, the functions they call, grants and role attributes',
        };
      }
    } catch (err) {
      // Not the leader any more: no repair, and nothing learnt about the wall.
      if (err instanceof LeadershipLostError) return this.last;
      if (err instanceof SchemaAheadError) {
        this.o.logger.warn({ reason: err.message }, 'the tenant wall differs from a declaration older than the schema; not repaired');
        this.last = { ok: false, reason: 'SchemaAhead', message: err.message };
      } else {
        this.o.logger.error({ err: { message: (err as Error).message } }, 'tenant wall check failed');
        const db = databaseFailure(err);
        this.last = db
          ? { ok: false, reason: db.reason, message: `the tenant wall cannot be checked: ${db.message}` }
          : { ok: false, reason: 'WallCheckFailed', message: `the tenant wall check failed (${oneLine(err)}); details in the controller log` };
      }
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
    if (this.last.ok) this.handedRoleDrift = '';
    if (before !== this.last.ok) this.o.onChange();
    return this.last;
  }

  /**
   * The quick check between full ones: true when a wall role's attributes or memberships drifted
   * (ALTER ROLE and GRANT role are cluster-wide: no event trigger reports them), and the caller
   * should start a full check, which repairs and reports. A drift a full check could not repair
   * is not handed again (the timer retries it), so it does not make a full check every few
   * seconds. Read-only; false when the database cannot be read (the full check reports that).
   */
  async rolesDrifted(): Promise<boolean> {
    let client;
    try {
      client = await this.o.owner.pool.connect();
      client.on('error', ignoreError);
      const drift = (await inspectRoles(client)).map(describeDrift).sort().join(', ');
      if (drift === this.handedRoleDrift) return false;
      this.handedRoleDrift = drift;
      if (drift) this.o.logger.info({ drift }, 'a wall role drifted; checking the wall');
      return drift !== '';
    } catch (err) {
      this.o.logger.debug({ err: { message: (err as Error).message } }, 'the quick role check could not read the roles');
      return false;
    } finally {
      client?.removeListener('error', ignoreError);
      client?.release();
    }
  }
}

const ignoreError = () => undefined;

/** The database is migrated beyond this release's declaration (platform schemaAhead). */
class SchemaAheadError extends Error {}

export { describeDrift };
