// What runs only while this replica leads, one leadership term at a time. A term begins
// when leadership is won: it prepares (waits for the cache to sync, a first check), then
// starts its work. It ends when leadership is lost or at shutdown.
//
// The race this exists for: leadership can be lost, and even won again, while a term is
// still preparing. A superseded term starts nothing; only the current one does.
//
// end() resolves once the ended term's preparation and work have returned (and those of
// any term ended before it), so the owner can campaign again without the old term's
// reconciles overlapping the next one's.
import type { Logger } from '@sentinel/platform';

export interface TermWork {
  /**
   * Stops the term's work and resolves once all of it has returned. `lost` is set when
   * leadership was lost (in-flight work is aborted with it); unset at shutdown (it finishes).
   */
  stop(lost?: Error): Promise<void>;
}

export interface TermOptions {
  /** Resolves when the term may start work; `signal` fires if the term ends first. */
  prepare(signal: AbortSignal): Promise<void>;
  /** Called after prepare only if the term is still the current one. */
  start(): TermWork;
  logger: Logger;
}

interface Term {
  ended: AbortController;
  work: Promise<TermWork | undefined>;
}

export class LeaderTerms {
  private current?: Term;
  private ending: Promise<void> = Promise.resolve();

  constructor(private readonly o: TermOptions) {}

  /** True from begin() until end(), preparation included. */
  get leading(): boolean {
    return this.current !== undefined;
  }

  begin(): void {
    if (this.current) return;
    const ended = new AbortController();
    const term: Term = {
      ended,
      work: this.o.prepare(ended.signal).then(
        () => (this.current === term ? this.o.start() : undefined),
        (err: Error) => {
          if (!ended.signal.aborted) this.o.logger.error({ err: { message: err.message } }, 'could not prepare the leadership term');
          return undefined;
        },
      ),
    };
    this.current = term;
  }

  /** Ends the current term, if any; see the header for what the promise waits for. */
  end(lost?: Error): Promise<void> {
    const term = this.current;
    if (term) {
      this.current = undefined;
      term.ended.abort(lost ?? new Error('shutting down'));
      const stopped = term.work.then((work) => work?.stop(lost));
      this.ending = Promise.all([this.ending, stopped]).then(() => undefined);
    }
    return this.ending;
  }
}
