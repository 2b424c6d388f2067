// List+watch with resourceVersion tracking: a local cache of every object and a
// notification (the object's name) for every change.
//  - The watch resumes from the last resourceVersion seen (events or bookmarks).
//  - 410 Gone (the version fell out of etcd's window) means relist: the cache is
//    rebuilt and every object, including ones deleted meanwhile, is notified.
//  - Other errors back off (capped) and retry; a watch that is silent for idleMs is
//    ended and resumed (KubeClient.watch), so a dead connection cannot hide events.
//  - A watchdog checks the loop itself: if no watch has been (re)opened for a while,
//    the stuck attempt is aborted and a relist follows.
import { isGone, type KubeClient, type KubeObject } from './kube.js';
import type { Logger } from '@sentinel/platform';

export interface InformerOptions<T> {
  path: string;
  idleMs: number;
  /**
   * Called for every add, change, delete and relist, with the cached object before and
   * the object after (undefined when it was added, or is gone).
   */
  onChange(name: string, before: T | undefined, after: T | undefined): void;
  onWatchRestart?(reason: 'ended' | 'gone' | 'error' | 'watchdog'): void;
  logger: Logger;
}

interface List<T> {
  metadata: { resourceVersion: string };
  items: T[];
}

export class Informer<T extends KubeObject> {
  private readonly cache = new Map<string, T>();
  private resourceVersion = '';
  private readonly stop = new AbortController();
  private attempt = new AbortController();
  private loop?: Promise<void>;
  private lastProgress = Date.now();
  private watchdog?: NodeJS.Timeout;
  private synced = false;
  private syncedWaiters: (() => void)[] = [];

  constructor(
    private readonly kube: KubeClient,
    private readonly o: InformerOptions<T>,
  ) {}

  get(name: string): T | undefined {
    return this.cache.get(name);
  }

  list(): T[] {
    return [...this.cache.values()];
  }

  get hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves once the first list has filled the cache; rejects with the signal's reason if it fires first. */
  waitForSync(signal?: AbortSignal): Promise<void> {
    if (this.synced) return Promise.resolve();
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.syncedWaiters = this.syncedWaiters.filter((w) => w !== waiter);
        reject(signal!.reason as Error);
      };
      const waiter = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.syncedWaiters.push(waiter);
    });
  }

  start(): void {
    this.loop ??= this.run();
    const every = Math.max(1_000, this.o.idleMs);
    this.watchdog = setInterval(() => {
      // A healthy loop delivers an event or reopens its watch at least every idleMs.
      if (Date.now() - this.lastProgress > 3 * every) {
        this.o.logger.warn({ path: this.o.path }, 'watch loop stuck; restarting it');
        this.o.onWatchRestart?.('watchdog');
        this.resourceVersion = '';
        this.lastProgress = Date.now();
        this.attempt.abort();
      }
    }, every);
    this.watchdog.unref();
  }

  async close(): Promise<void> {
    clearInterval(this.watchdog);
    this.stop.abort();
    this.attempt.abort();
    await this.loop;
  }

  private async relist(signal: AbortSignal): Promise<void> {
    const list = await this.kube.get<List<T>>(this.o.path, { signal });
    const seen = new Set<string>();
    for (const item of list.items) {
      seen.add(item.metadata.name);
      const before = this.cache.get(item.metadata.name);
      this.cache.set(item.metadata.name, item);
      this.o.onChange(item.metadata.name, before, item);
    }
    for (const [name, before] of [...this.cache])
      if (!seen.has(name)) {
        this.cache.delete(name);
        this.o.onChange(name, before, undefined);
      }
    this.resourceVersion = list.metadata.resourceVersion;
    if (!this.synced) {
      this.synced = true;
      for (const w of this.syncedWaiters.splice(0)) w();
    }
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stop.signal.aborted) {
      this.attempt = new AbortController();
      const signal = AbortSignal.any([this.stop.signal, this.attempt.signal]);
      try {
        this.lastProgress = Date.now();
        if (!this.resourceVersion) await this.relist(signal);
        // The server ends a watch after timeoutSeconds; spread them so replicas do not reconnect in step.
        const timeoutSeconds = 240 + Math.floor(Math.random() * 120);
        const events = this.kube.watch<T>(
          this.o.path,
          { resourceVersion: this.resourceVersion, allowWatchBookmarks: true, timeoutSeconds },
          { signal, idleMs: this.o.idleMs },
        );
        for await (const ev of events) {
          failures = 0;
          this.lastProgress = Date.now();
          const obj = ev.object;
          if (obj.metadata?.resourceVersion) this.resourceVersion = obj.metadata.resourceVersion;
          if (ev.type === 'BOOKMARK') continue;
          const before = this.cache.get(obj.metadata.name);
          if (ev.type === 'DELETED') this.cache.delete(obj.metadata.name);
          else this.cache.set(obj.metadata.name, obj);
          this.o.onChange(obj.metadata.name, before, ev.type === 'DELETED' ? undefined : obj);
        }
        if (!this.stop.signal.aborted) this.o.onWatchRestart?.('ended');
      } catch (err) {
        if (this.stop.signal.aborted) break;
        if (isGone(err)) {
          this.o.logger.info({ path: this.o.path }, 'resourceVersion too old (410 Gone); relisting');
          this.o.onWatchRestart?.('gone');
          this.resourceVersion = '';
          continue;
        }
        failures++;
        const delay = Math.min(30_000, 250 * 2 ** Math.min(failures, 7));
        this.o.logger.warn({ err: { message: (err as Error).message }, path: this.o.path, retryInMs: delay }, 'list/watch failed');
        this.o.onWatchRestart?.('error');
        await new Promise((r) => setTimeout(r, delay).unref());
      }
    }
  }
}
