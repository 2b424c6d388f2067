// A compiled service (services/*/dist/main.js, built by npm test) in its own process, as
// an operator runs it: on a free loopback port, its output collected, started once it
// says it is ready. Fails at once, with the output, if the process exits before that.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '#local-stack';
import { waitFor } from './wait.js';

export interface TestProcess {
  proc: ChildProcess;
  port: number;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Its exit code (-1 when a signal ended it). */
  exited: Promise<number | null>;
}

export interface StartOptions {
  /** The environment (PATH, HOST=127.0.0.1 and the port variable are added). */
  env: Record<string, string>;
  /** The variable that names its port: PORT, WORKER_PORT, SCHEDULER_PORT. */
  portVar: string;
  /** Ready when this returns true (given the output so far). */
  ready: (output: string, port: number) => boolean | Promise<boolean>;
  timeoutMs?: number;
  /** The port to listen on (default: a free one), when something must know it before the start. */
  port?: number;
}

/** Starts `script` (relative to the repository root) with node and waits until it is ready. */
export async function startProcess(script: string, opts: StartOptions): Promise<TestProcess> {
  const port = opts.port ?? (await freePort());
  const proc = spawn(process.execPath, [join(process.cwd(), script)], {
    env: { PATH: process.env.PATH!, HOST: '127.0.0.1', ...opts.env, [opts.portVar]: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (b) => (out += b));
  proc.stderr!.on('data', (b) => (out += b));
  const exited = new Promise<number | null>((res) => proc.once('exit', (code, signal) => res(code ?? (signal ? -1 : null))));
  const outcome = await waitFor(
    `${script} to start`,
    async () => (proc.exitCode !== null ? 'exited' : (await opts.ready(out, port)) && 'ready'),
    opts.timeoutMs ?? 20_000,
    25,
  ).catch((err: Error) => {
    proc.kill('SIGKILL');
    throw new Error(`${err.message}\n${out}`);
  });
  if (outcome === 'exited') throw new Error(`${script} exited before it was ready: ${out}`);
  return { proc, port, output: () => out, exited };
}
