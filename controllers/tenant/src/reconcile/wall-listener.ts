// LISTENs for the wall's change notifications (platform tenancy/wall-notify.ts) on a
// dedicated connection of the owner role, so a wall check runs when DDL touches the wall
// rather than at the next timer tick. A lost connection is reopened with exponential backoff
// (capped); after a reconnect the caller checks the wall, since notifications sent while
// disconnected are gone. Without the event triggers (not created by a superuser) the listener
// still runs, hears nothing, and says so once per connection: the timer alone then protects
// the wall.
import pg from 'pg';
import { WALL_NOTIFY_CHANNEL, WALL_NOTIFY_INSTALLED_SQL, WALL_NOTIFY_SQL, type Logger } from '@sentinel/platform';

export interface WallListenerOptions {
  url: string;
  logger: Logger;
  /** DDL touched the wall (payload: the command tag and objects). */
  onNotify(payload: string): void;
  /** The connection is (re)established and listening; `reconnected` after a loss. */
  onConnected(o: { reconnected: boolean; triggers: boolean }): void;
  backoffMinMs?: number;
  backoffMaxMs?: number;
}

export class WallListener {
  private client: pg.Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private failures = 0;
  private connectedOnce = false;

  constructor(private readonly o: WallListenerOptions) {}

  start(): void {
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const c = new pg.Client({ connectionString: this.o.url, application_name: 'sentinel-tenant-controller:wall-listener', keepAlive: true });
    this.client = c;
    c.on('error', (err) => this.lost(c, err));
    c.on('end', () => this.lost(c));
    c.on('notification', (n) => {
      if (n.channel === WALL_NOTIFY_CHANNEL) this.o.onNotify(n.payload ?? '');
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${WALL_NOTIFY_CHANNEL}`);
      let triggers = (await c.query<{ installed: boolean }>(WALL_NOTIFY_INSTALLED_SQL)).rows[0]!.installed;
      if (!triggers) {
        // Only a superuser may create them; when this role is one, the controller does.
        const su = (await c.query<{ su: boolean }>('SELECT rolsuper AS su FROM pg_roles WHERE rolname = current_user')).rows[0]?.su;
        if (su) {
          await c.query(WALL_NOTIFY_SQL);
          triggers = true;
          this.o.logger.info('created the tenant wall event triggers');
        } else
          this.o.logger.warn(
            'the tenant wall event triggers are missing (a superuser creates them, docs/operations.md): drift is repaired only every CONTROLLER_WALL_CHECK_MS',
          );
      }
      if (this.stopped || this.client !== c) return;
      const reconnected = this.connectedOnce;
      this.connectedOnce = true;
      this.failures = 0;
      this.o.onConnected({ reconnected, triggers });
    } catch (err) {
      this.lost(c, err as Error);
    }
  }

  private lost(c: pg.Client, err?: Error): void {
    if (this.client !== c) return;
    this.client = undefined;
    c.removeAllListeners('notification');
    c.on('error', () => undefined);
    void c.end().catch(() => undefined);
    if (this.stopped) return;
    const min = this.o.backoffMinMs ?? 250;
    const delay = Math.min(this.o.backoffMaxMs ?? 30_000, min * 2 ** this.failures) * (0.8 + Math.random() * 0.4);
    this.failures++;
    this.o.logger.warn({ err: err ? { message: err.message } : undefined, retryInMs: Math.round(delay) }, 'wall listener connection lost; reconnecting');
    this.timer = setTimeout(() => void this.connect(), delay);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const c = this.client;
    this.client = undefined;
    if (c) {
      c.on('error', () => undefined);
      await c.end().catch(() => undefined);
    }
  }
}
