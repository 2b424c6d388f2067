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
