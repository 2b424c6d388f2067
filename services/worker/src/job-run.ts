import { isStatementTimeout } from '@sentinel/platform';

/** What a processor knows of its run besides the payload (worker.ts builds it). */
export interface JobRun {
  /** The tenant's `jobs` row, for recorded tenant jobs. */
  recordId?: string | undefined;
  /** This attempt (1 for the first) and how many the job's definition allows. */
  attempt: number;
  attempts: number;
  /**
   * Reports progress to BullMQ and to the job's row; `recorded`: the processor already wrote
   * the row's progress in the transaction of the work it reports, so only BullMQ's is set.
   */
  progress(p: Record<string, number>, o?: { recorded?: boolean }): Promise<void>;
}

/**
 * The `total` of a job's progress is a courtesy to whoever watches it: when counting runs into
 * the statement timeout (a very large tenant, a filter no index serves), the job goes on
 * without one (progress then carries `rows` alone) instead of failing before its first row.
 */
export async function totalOrUnknown(count: () => Promise<number>): Promise<number | undefined> {
  try {
    return await count();
  } catch (err) {
    if (isStatementTimeout(err)) return undefined;
    throw err;
  }
}

/** Progress as `rows` of `total`, or `rows` alone when the total is not known. */
export const rowsOf = (rows: number, total: number | undefined): Record<string, number> => (total === undefined ? { rows } : { rows, total });
