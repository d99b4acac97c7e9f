/** Finish reasons across providers. Unknown raw values map to `other`. */
export type UnifiedFinishReason = "stop" | "length" | "tool-calls" | "content-filter" | "error" | "other";

/** Why generation stopped: the unified reason and the provider's raw value beside it. */
export interface FinishReason {
  unified: UnifiedFinishReason;
  raw: string | null;
}
