import { TokenwiseError } from "@tokenwise/core";

/** No way of running the job fits before its deadline (too close for even the fastest interactive run). */
export class DeadlineInfeasibleError extends TokenwiseError {
  readonly deadline: Date;
  /** The earliest instant a run could finish (now + predicted latency + safety margin). */
  readonly earliestFinish: Date;
  constructor({ deadline, earliestFinish }: { deadline: Date; earliestFinish: Date }) {
    super({
      message: `deadline ${deadline.toISOString()} is too close: the fastest admissible run would finish at ${earliestFinish.toISOString()} (predicted latency plus the safety margin)`,
    });
    this.name = "DeadlineInfeasibleError";
    this.deadline = deadline;
    this.earliestFinish = earliestFinish;
  }
}

/** A deferred job that ended without an answer: `cause` is the last failure. */
export class JobFailedError extends TokenwiseError {
  readonly jobId: string;
  constructor({ jobId, message, cause }: { jobId: string; message: string; cause?: unknown }) {
    super({ message: `job ${jobId} failed: ${message}`, cause });
    this.name = "JobFailedError";
    this.jobId = jobId;
  }
}
