/** What a processor knows of its run besides the payload (worker.ts builds it). */
export interface JobRun {
  /** The tenant's `jobs` row, for recorded tenant jobs. */
  recordId?: string | undefined;
  /** Reports progress to BullMQ and to the job's row. */
  progress(p: Record<string, number>): Promise<void>;
}
