/**
 * `bench:task-kind`: accuracy of the router's task-kind classifier on the held-out split and its cost
 * per prompt. Merges `task_kind_accuracy` into benchmarks/results/routing.json and `task_kind_us` into
 * benchmarks/results/overhead.json (every other key left as it is) and prints a table.
 */
import { fileURLToPath } from "node:url";
import { mergeTaskKindAccuracy, mergeTaskKindCost } from "./evaluate";

const RESULTS = fileURLToPath(new URL("../results/", import.meta.url));
const acc = mergeTaskKindAccuracy(`${RESULTS}routing.json`);
const cost = mergeTaskKindCost(`${RESULTS}overhead.json`);

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
console.log(
  `task kind, held-out split (${acc.n} single-turn prompts, ${acc.split.train_rows} trained on): accuracy ${pct(acc.accuracy)}, balanced ${pct(acc.balanced_accuracy)}, ${acc.low_confidence} fell back to general`,
);
const kinds = Object.keys(acc.per_kind) as (keyof typeof acc.per_kind)[];
console.log(
  `\n${"label \\ detected".padEnd(14)}${kinds.map((k) => k.slice(0, 11).padStart(12)).join("")}  accuracy      n`,
);
for (const k of kinds) {
  const row = acc.confusion[k] ?? {};
  const pk = acc.per_kind[k]!;
  console.log(
    `${k.padEnd(14)}${kinds.map((d) => String(row[d] ?? 0).padStart(12)).join("")}  ${pct(pk.accuracy).padStart(8)}  ${String(pk.n).padStart(5)}`,
  );
}
const other = Object.entries(acc.confusion).flatMap(([label, row]) =>
  Object.entries(row ?? {})
    .filter(([d]) => !kinds.includes(d as (typeof kinds)[number]))
    .map(([d, n]) => `${label}→${d}: ${n}`),
);
if (other.length > 0) console.log(`detected outside the labelled kinds: ${other.join(", ")}`);
console.log(
  `per data set: ${Object.entries(acc.per_source)
    .map(([name, x]) => `${name} ${x.correct}/${x.n} (${pct(x.accuracy)})`)
    .join(", ")}`,
);
console.log(
  `multi-turn requests (tau-bench, turn rule): ${acc.multiturn.correct}/${acc.multiturn.n}; all together ${pct(acc.with_multiturn.accuracy)} of ${acc.with_multiturn.n}`,
);
console.log(
  `\ncost per prompt (detectTaskKind, ${cost.calls} calls, median prompt ${cost.prompt_chars_p50} chars): p50 ${cost.p50.toFixed(2)} µs, p99 ${cost.p99.toFixed(2)} µs, CPU ${cost.cpu_us_per_call.toFixed(2)} µs per call`,
);
console.log("wrote task_kind_accuracy to benchmarks/results/routing.json and task_kind_us to overhead.json");
