// The reconciler's contract with the runtime, as controller-runtime's pkg/reconcile.
//  - reconcile(key) is level-based: it reads the current state, never an event's content,
//    so it may run any number of times and converge.
//  - It returns a result, or throws. A result with requeueAfterMs runs the key again after
//    that delay; an error runs it again with the queue's per-key backoff; a TerminalError
//    is recorded and not retried (nothing will change until the resource or the world does,
//    and the periodic resync looks again then).
//  - The signal fires when this replica stops leading: the reconcile must stop acting,
//    so it is handed to every call that can take it, and checked before every one that cannot.

export interface Result {
  requeueAfterMs?: number;
}

export interface Reconciler {
  reconcile(key: string, signal: AbortSignal): Promise<Result>;
}

/** A failure that retrying cannot fix: the runtime records it and does not requeue the key. */
export class TerminalError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'TerminalError';
  }
}
