import type { LoadConfig } from '../lib/config.js';
import type { Http } from '../lib/http.js';
import type { InviteSource } from '../lib/invites.js';
import type { Metrics } from '../lib/metrics.js';
import type { World } from '../lib/world.js';

export interface ScenarioContext {
  config: LoadConfig;
  world: World;
  http: Http;
  metrics: Metrics;
  invites: InviteSource | undefined;
  /** Runs the seed again (the smoke checks that it creates nothing the second time). */
  reseed: () => Promise<World>;
  log: (m: string) => void;
}

export interface ScenarioResult {
  /** Thresholds that decide the run (isolation is always added). */
  thresholds: string[];
  extra?: Record<string, unknown>;
  /** What the closing "N passed, N failed" line counts (the smoke: its operation x role cases). */
  tally?: { passed: number; failed: number };
}

export type Scenario = (ctx: ScenarioContext) => Promise<ScenarioResult>;
