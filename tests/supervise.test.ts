// `npm run dev`'s supervision (scripts/supervise.ts) with real child processes: whichever child
// dies, and however (an exit code, SIGKILL, SIGTERM), the others are stopped, the supervisor
// says which and why, and nothing is left running or waited for forever.
import { spawn, type ChildProcess } from 'node:child_process';
import { Supervisor } from '../scripts/supervise.js';

/** A child like a service: runs until signalled; this one ignores SIGTERM when told to. */
function child(o: { ignoreTerm?: boolean } = {}): ChildProcess {
  const code = `${o.ignoreTerm ? "process.on('SIGTERM', () => {});" : ''} setInterval(() => {}, 1000); process.stdout.write('up');`;
  return spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'ignore'] });
}
const up = (p: ChildProcess) => new Promise<void>((res) => p.stdout!.once('data', () => res()));
const alive = (p: ChildProcess) => p.exitCode === null && p.signalCode === null;

test.each([
  ['killed by SIGKILL', (p: ChildProcess) => p.kill('SIGKILL'), { code: null, signal: 'SIGKILL' }, 1],
  ['killed by SIGTERM', (p: ChildProcess) => p.kill('SIGTERM'), { code: null, signal: 'SIGTERM' }, 1],
])('a child %s: the others are stopped and the cause is named', async (_what, kill, cause, status) => {
  const kids = [child(), child(), child()];
  await Promise.all(kids.map(up));
  const said: string[] = [];
  const s = new Supervisor(
    kids.map((process, i) => ({ name: ['api', 'worker', 'web'][i]!, process })),
    { log: (m) => said.push(m) },
  );
  kill(kids[1]!);
  const stopped = await s.done;
  expect(stopped).toEqual({ cause: { name: 'worker', ...cause }, status });
  expect(kids.filter(alive)).toHaveLength(0);
  expect(said.join('\n')).toMatch(/worker exited \(killed by SIG(KILL|TERM)\)/);
});

test('a child that exits with a code: its code is the status', async () => {
  const quick = spawn(process.execPath, ['-e', 'setTimeout(() => process.exit(3), 200)'], { stdio: 'ignore' });
  const slow = child();
  await up(slow);
  const stopped = await new Supervisor([
    { name: 'migrate', process: quick },
    { name: 'api', process: slow },
  ]).done;
  expect(stopped).toEqual({ cause: { name: 'migrate', code: 3, signal: null }, status: 3 });
  expect(alive(slow)).toBe(false);
});

test('stop() (Ctrl-C): every child stopped, one that ignores SIGTERM killed after the grace period', async () => {
  const kids = [child(), child({ ignoreTerm: true })];
  await Promise.all(kids.map(up));
  const s = new Supervisor(
    kids.map((process, i) => ({ name: `svc${i}`, process })),
    { graceMs: 300 },
  );
  const t0 = Date.now();
  expect(await s.stop()).toEqual({ status: 0 });
  expect(kids.filter(alive)).toHaveLength(0);
  expect(kids[1]!.signalCode).toBe('SIGKILL');
  expect(Date.now() - t0).toBeLessThan(5_000);
});

test('a child already dead when supervision starts is noticed (no wait for an exit that already happened)', async () => {
  const dead = spawn(process.execPath, ['-e', 'process.kill(process.pid, "SIGKILL")'], { stdio: 'ignore' });
  await new Promise((r) => dead.once('exit', r));
  const other = child();
  await up(other);
  const stopped = await new Supervisor([
    { name: 'scheduler', process: dead },
    { name: 'api', process: other },
  ]).done;
  expect(stopped.cause).toEqual({ name: 'scheduler', code: null, signal: 'SIGKILL' });
  expect(alive(other)).toBe(false);
});
