// The process supervision of `npm run dev`: named children; the first one to exit, whatever
// the reason (an exit code or a signal), takes the others down (SIGTERM, then SIGKILL after
// a grace period) and the supervisor says which one and why. Ctrl-C does the same. Nothing
// is left running, and nothing waits for an 'exit' event that has already fired (a child
// killed by a signal has exitCode null and signalCode set).
import type { ChildProcess } from 'node:child_process';

export interface Supervised {
  name: string;
  process: ChildProcess;
}

export interface Stopped {
  /** The child whose exit stopped everything, or undefined when stop() was asked for. */
  cause?: { name: string; code: number | null; signal: NodeJS.Signals | null };
  /** The exit status the supervisor should end with: the cause's code, 1 for a signal, 0 when asked. */
  status: number;
}

const exited = (p: ChildProcess) => p.exitCode !== null || p.signalCode !== null;

function waitExit(p: ChildProcess): Promise<void> {
  return exited(p) ? Promise.resolve() : new Promise((res) => p.once('exit', () => res()));
}

export class Supervisor {
  private stopping?: Promise<Stopped>;
  readonly done: Promise<Stopped>;
  private finish!: (s: Stopped) => void;

  constructor(
    private readonly children: Supervised[],
    private readonly o: { graceMs?: number; log?: (m: string) => void } = {},
  ) {
    this.done = new Promise((res) => (this.finish = res));
    for (const c of children) {
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        if (this.stopping) return;
        o.log?.(`${c.name} exited (${signal ? `killed by ${signal}` : `code ${code}`}): stopping the others`);
        void this.stopAll({ cause: { name: c.name, code, signal }, status: signal ? 1 : (code ?? 1) });
      };
      if (exited(c.process)) onExit(c.process.exitCode, c.process.signalCode);
      else c.process.once('exit', onExit);
    }
  }

  /** Stops every child (SIGTERM, SIGKILL after graceMs) and resolves when all have exited. */
  stop(): Promise<Stopped> {
    return this.stopAll({ status: 0 });
  }

  private stopAll(result: Stopped): Promise<Stopped> {
    this.stopping ??= (async () => {
      await Promise.all(
        this.children.map(async ({ process: p }) => {
          if (exited(p)) return;
          p.kill('SIGTERM');
          const timer = setTimeout(() => !exited(p) && p.kill('SIGKILL'), this.o.graceMs ?? 15_000);
          await waitExit(p);
          clearTimeout(timer);
        }),
      );
      this.finish(result);
      return result;
    })();
    return this.stopping;
  }
}
