// The load suite's command line.
//   node tests/load/dist/run.js <scenario> [--stack]   seed (idempotent), run the scenario, print
//                                                      its summary, write it as JSON (LOAD_OUT)
//   node tests/load/dist/run.js seed [--stack]         only the seed
// Scenarios: smoke, load, stress, spike, soak, noisy (docs/load.md). With --stack the suite
// starts its own stack on embedded defaults (lib/stack.ts) and stops it at the end; without,
// it runs against LOAD_BASE_URL with the LOAD_* variables. Exit code 0 only if every threshold
// held (isolation included). The smoke ends with "N passed, N failed" over its cases.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { loadConfig } from './lib/config.js';
import { Http } from './lib/http.js';
import { openInvites } from './lib/invites.js';
import { Ownership } from './lib/isolation.js';
import { Metrics, formatSummary, summarize } from './lib/metrics.js';
import { startStack, type StartedStack } from './lib/stack.js';
import { seed, type World } from './lib/world.js';
import { load, noisy, soak, spike, stress } from './scenarios/rate.js';
import { smoke } from './scenarios/smoke.js';
import type { Scenario } from './scenarios/types.js';

const SCENARIOS: Record<string, Scenario> = { smoke, load, stress, spike, soak, noisy };
const log = (m: string) => console.log(`[load] ${m}`);

function register(ownership: Ownership, world: World): void {
  ownership.platform([world.platformTenantId, world.admin.id], [world.admin.email]);
  for (const t of [...world.tenants, world.noisy]) {
    ownership.tenant(t.id, t.domain);
    ownership.own(t.id, t.admin.id, ...t.members.map((m) => m.id));
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const name = args.find((a) => !a.startsWith('--')) ?? '';
  const scenario = SCENARIOS[name];
  if (!scenario && name !== 'seed') {
    console.error(`usage: run.js <${[...Object.keys(SCENARIOS), 'seed'].join('|')}> [--stack]`);
    return 2;
  }
  let stack: StartedStack | undefined;
  if (args.includes('--stack')) {
    log('starting a stack on embedded defaults (PostgreSQL, Redis, API, worker)');
    stack = await startStack({
      bcryptCost: Number(process.env.LOAD_STACK_BCRYPT_COST ?? (name === 'smoke' ? 4 : 10)),
      apis: Number(process.env.LOAD_STACK_APIS ?? 1),
      log,
    });
    Object.assign(process.env, stack.env);
  }
  const config = loadConfig();
  // The stack's own SMTP listener is already open (and closed by stack.stop()).
  const invites = stack ? stack.invites : await openInvites(config.invites);
  const seedHttp = new Http(config.baseUrls, new Metrics(), new Ownership(), 8);
  const metrics = new Metrics();
  const ownership = new Ownership();
  const http = new Http(config.baseUrls, metrics, ownership, Math.min(256, config.maxInFlight + 16));
  try {
    const t0 = Date.now();
    const world = await seed(config, seedHttp, invites, log);
    log(
      `seed: ${world.tenants.length} tenants + ${world.noisy.slug} with ${config.usersPerTenant} members each; created ${world.created.tenants} tenants, ${world.created.users} users, accepted ${world.created.invitationsAccepted} invitations (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
    );
    if (!scenario) return 0;
    register(ownership, world);
    log(`${name} against ${config.baseUrls.join(' and ')}`);
    const result = await scenario({ config, world, http, metrics, invites, log, reseed: () => seed(config, seedHttp, invites, log) });
    const extra = { ...(result.extra ?? {}), ...(config.baseUrls.length > 1 ? { targets: http.targets() } : {}) };
    const summary = summarize(metrics, name, config.baseUrls.join(','), [...result.thresholds, 'checks{isolation} == 1'], extra);
    await mkdir(dirname(config.out), { recursive: true });
    await writeFile(config.out, JSON.stringify(summary, null, 2));
    console.log(`\n${formatSummary(summary)}\nsummary: ${config.out}`);
    // A threshold that failed without failing a counted case still counts one failure.
    if (result.tally) console.log(`${result.tally.passed} passed, ${result.tally.failed || (summary.ok ? 0 : 1)} failed`);
    return summary.ok ? 0 : 1;
  } finally {
    await http.close();
    await seedHttp.close();
    if (!stack) await invites?.close();
    if (stack) {
      log('stopping the stack');
      await stack.stop();
    }
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    if (process.argv.includes('smoke')) console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
