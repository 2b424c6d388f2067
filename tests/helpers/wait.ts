// The one way a test waits for something that happens asynchronously (a job finishing,
// a process starting, a Tenant becoming Ready): poll until the check yields a value.
// Jest's timeout would also end the wait, but this one names what did not happen.

/**
 * Calls `check` every `everyMs` until it returns something other than `undefined` or
 * `false`, and resolves with that. A check that throws is retried (a server restarting
 * refuses for a while); after `timeoutMs` it fails, naming `what` and the last error.
 */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 30_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
