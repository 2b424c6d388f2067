// A real Redis Cluster for tests: N masters (no replicas) from Debian's redis-server, each on
// free loopback ports (client and cluster bus), in a temporary directory of its own, with AOF
// fsynced on every write so that a master stopped with SIGTERM and started again on the same
// port and directory comes back with its data, its node id and its slots. Made with
// `redis-cli --cluster create`; ready once every node reports cluster_state:ok.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, redisReady, redisServerBinary } from '#local-stack';
import { waitFor } from './wait.js';

export interface ClusterNode {
  port: number;
  busPort: number;
  dir: string;
  process: ChildProcess | undefined;
}

export interface StartedRedisCluster {
  /** For REDIS_CLUSTER_NODES: every master as host:port. */
  nodes: string;
  masters: ClusterNode[];
  /** `redis-cli -p <port> <args>` against one node; its stdout. */
  cli(port: number, ...args: string[]): string;
  /** The master that serves this key's hash slot. */
  masterOf(key: string): ClusterNode;
  /** SIGTERM (Redis writes its AOF and exits); resolves once the process is gone. */
  stopNode(node: ClusterNode): Promise<void>;
  /** Starts a stopped node again on its port and directory. */
  startNode(node: ClusterNode): Promise<void>;
  /** Waits until every node reports cluster_state:ok. */
  waitHealthy(timeoutMs?: number): Promise<void>;
  /** Stops every node and removes the directory. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
// However this process ends, no redis-server it started survives it.
process.once('exit', () => {
  for (const p of running) p.kill('SIGKILL');
});

function cliBinary(): string {
  const found = spawnSync('sh', ['-c', 'command -v redis-cli'], { encoding: 'utf8' }).stdout.trim();
  if (!found) throw new Error('redis-cli is not installed (Debian/Ubuntu: apt-get install -y redis-tools)');
  return found;
}

async function launch(node: ClusterNode): Promise<void> {
  const child = spawn(
    redisServerBinary(),
    [
      '--port',
      String(node.port),
      '--cluster-port',
      String(node.busPort),
      '--bind',
      '127.0.0.1',
      '--protected-mode',
      'yes',
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      'nodes.conf',
      // Long enough that a master restarted in a second or two is never marked as failed.
      '--cluster-node-timeout',
      '15000',
      '--dir',
      node.dir,
      '--appendonly',
      'yes',
      '--appendfsync',
      'always',
      '--save',
      '',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  running.add(child);
  child.once('exit', () => running.delete(child));
  node.process = child;
  await redisReady(child, `redis-server on ${node.port}`);
}

function terminate(node: ClusterNode): Promise<void> {
  const child = node.process;
  node.process = undefined;
  return new Promise<void>((res) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return res();
    child.once('exit', () => res());
    child.kill('SIGTERM');
  });
}

export async function startRedisCluster(count = 3): Promise<StartedRedisCluster> {
  const cli = cliBinary();
  const root = mkdtempSync(join(tmpdir(), 'sentinel-redis-cluster-'));
  const masters: ClusterNode[] = [];
  for (let i = 0; i < count; i++) {
    const dir = join(root, `node-${i}`);
    mkdirSync(dir);
    masters.push({ port: await freePort(), busPort: await freePort(), dir, process: undefined });
  }
  const run = (port: number, ...args: string[]) => {
    const r = spawnSync(cli, ['-h', '127.0.0.1', '-p', String(port), ...args], { encoding: 'utf8', timeout: 30_000 });
    if (r.status !== 0) throw new Error(`redis-cli ${args.join(' ')}: ${r.stderr || r.stdout}`);
    return r.stdout;
  };
  const waitHealthy = (timeoutMs = 30_000) =>
    waitFor(
      'cluster_state:ok on every node',
      () => masters.every((m) => m.process && run(m.port, 'cluster', 'info').includes('cluster_state:ok')),
      timeoutMs,
      100,
    ).then(() => undefined);
  const stop = async () => {
    await Promise.all(masters.map(terminate));
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await Promise.all(masters.map(launch));
    run(masters[0]!.port, '--cluster', 'create', ...masters.map((m) => `127.0.0.1:${m.port}`), '--cluster-replicas', '0', '--cluster-yes');
    await waitHealthy();
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    nodes: masters.map((m) => `127.0.0.1:${m.port}`).join(','),
    masters,
    cli: run,
    masterOf(key) {
      const slot = Number(run(masters[0]!.port, 'cluster', 'keyslot', key).trim());
      // CLUSTER NODES lines: <id> <ip:port@bus> <flags> <master> <ping> <pong> <epoch> <state> <slot ranges...>
      const lines = run(masters[0]!.port, 'cluster', 'nodes').trim().split('\n');
      for (const line of lines) {
        const [, addr, , , , , , , ...ranges] = line.split(' ');
        const port = Number(addr!.split('@')[0]!.split(':')[1]);
        for (const r of ranges) {
          const [from, to = from] = r.split('-').map(Number);
          if (slot >= from! && slot <= to!) return masters.find((m) => m.port === port)!;
        }
      }
      throw new Error(`no master serves slot ${slot}`);
    },
    stopNode: terminate,
    startNode: launch,
    waitHealthy,
    stop,
  };
}
