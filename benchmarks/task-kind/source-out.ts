/**
 * Cross-source check of the task-kind classifier: `npx tsx benchmarks/task-kind/source-out.ts`.
 * Trains on every labelled prompt except MT-Bench's and tests on MT-Bench's 80 turn-1 prompts (free
 * form, no template shared with the other sources), with the training text as it is and with each
 * source's template removed (MMLU's "A." … "D." option markers and final "Answer:", dcrouter's
 * "After careful thought, put you final answer in \boxed{...}." suffix and "Q: " prefix). Prints the
 * two accuracies; the shipped model is not touched.
 */
import type { ChatMessage } from "@tokenwise/core";
import { detectTaskKind, loadTaskKindModel } from "@tokenwise/router";
import { lastUserText } from "@tokenwise/router/internal";
import { type LabelledRequest, labelledRequests } from "./data";
import { TRAIN_SETTINGS, trainTaskKindModel } from "./train-model";

/** The prompt without its source's template (the rules above, fixed before the run). */
export function withoutTemplate(text: string): string {
  return text
    .replace(/^[A-D]\. /gm, "")
    .replace(/\nAnswer:\s*$/, "")
    .replace(/\n?After careful thought, put you final answer in \\boxed\{\.\.\.\}\.?\s*$/, "")
    .replace(/^Q: /, "");
}

const rows = labelledRequests();
const test = rows.filter((r) => r.source.startsWith("mt-bench:"));
const train = rows.filter((r) => !r.source.startsWith("mt-bench:"));
const strip = (r: LabelledRequest): LabelledRequest => ({
  ...r,
  messages: [{ role: "user", content: withoutTemplate(lastUserText(r.messages)) } satisfies ChatMessage],
});

for (const [name, data] of [
  ["as is", train],
  ["templates removed", train.map(strip)],
] as const) {
  const model = loadTaskKindModel(trainTaskKindModel(data, TRAIN_SETTINGS));
  let correct = 0;
  const wrong: Record<string, number> = {};
  for (const r of test) {
    const d = detectTaskKind(r.messages, { model });
    if (d.kind === r.kind) correct++;
    else wrong[`${r.kind}→${d.kind}`] = (wrong[`${r.kind}→${d.kind}`] ?? 0) + 1;
  }
  console.log(
    `${name.padEnd(18)} MT-Bench ${correct}/${test.length} (${((100 * correct) / test.length).toFixed(1)}%); errors ${JSON.stringify(wrong)}`,
  );
}
