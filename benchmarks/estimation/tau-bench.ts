/**
 * The tau-bench airline trajectories copied into benchmarks/data/traces (see SOURCE.md there), read as
 * the estimation benchmark and its tests use them.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import type { ChatMessageLike, ChatRequestLike, ToolDefinitionLike } from "@tokenwise/core";

const TRACES = join(dirname(fileURLToPath(import.meta.url)), "..", "data", "traces");

export interface TauBenchTrajectory {
  task_id: number;
  trial: number;
  traj: ChatMessageLike[];
}

/** The 14 tool definitions as JSON text, exactly as stored. */
export function tauBenchToolsJson(): string {
  return readFileSync(join(TRACES, "tau-bench-airline-tools.json"), "utf8");
}

/** The trajectories and the tools they were made with. */
export function loadTauBench(): { trajectories: TauBenchTrajectory[]; tools: ToolDefinitionLike[] } {
  const trajectories = JSON.parse(
    gunzipSync(readFileSync(join(TRACES, "tau-bench-airline-gpt4o.json.gz"))).toString(),
  ) as TauBenchTrajectory[];
  return { trajectories, tools: JSON.parse(tauBenchToolsJson()) as ToolDefinitionLike[] };
}

/** Every call of the given trajectories: the messages before each assistant turn, plus the tools. */
export function tauBenchRequests(
  trajectories: readonly { traj: ChatMessageLike[] }[],
  tools: ToolDefinitionLike[],
): ChatRequestLike[] {
  const requests: ChatRequestLike[] = [];
  for (const t of trajectories) {
    t.traj.forEach((m, i) => {
      if (m.role === "assistant") requests.push({ messages: t.traj.slice(0, i), tools });
    });
  }
  return requests;
}
