/**
 * The labelled prompts of the task-kind classifier, from the project's copies of openly licensed data
 * (benchmarks/data/routing and benchmarks/data/traces; sources and licences in their SOURCE.md). Each
 * source label maps to a task kind by the a-priori table below (reasons in README.md here), fixed
 * before any result was seen. Then a grouped, per-kind 1-of-5 split: copies and near-duplicates of a
 * prompt (`foldGroupsOf`: normalised text, word 3-gram Jaccard ≥ 0.8) and the turns of one
 * conversation stay on one side; the training script never reads the held-out side.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import type { ChatMessage, TaskKind } from "@tokenwise/core";
import { seededRandom } from "@tokenwise/core/internal";
import { foldGroupsOf, groupedKFoldSplits } from "@tokenwise/predictors/internal";
import { lastUserText } from "@tokenwise/router/internal";

const ROUTING = fileURLToPath(new URL("../data/routing/", import.meta.url));
const TRACES = fileURLToPath(new URL("../data/traces/", import.meta.url));

/** Seed of the sampling and of the held-out split (fixed once, before any result was seen). */
export const TASK_KIND_SEED = 13;
/** MMLU subjects mapped to `general` contribute at most this many prompts each (the rest would drown the other kinds). */
export const MMLU_GENERAL_PER_SUBJECT = 40;
/** Multi-turn requests taken from each tau-bench trajectory (held-out only: the turn rule is not trained). */
export const TAU_REQUESTS_PER_TRAJECTORY = 1;

/** MMLU subjects that are not `general`; every other subject is `general` (world knowledge, multiple choice). */
export const MMLU_KIND: Readonly<Record<string, TaskKind>> = {
  abstract_algebra: "math",
  college_mathematics: "math",
  elementary_mathematics: "math",
  high_school_mathematics: "math",
  high_school_statistics: "math",
  college_computer_science: "code",
  high_school_computer_science: "code",
  formal_logic: "reasoning",
};

/** MT-Bench categories (turn 1). */
export const MT_BENCH_KIND: Readonly<Record<string, TaskKind>> = {
  writing: "creative",
  roleplay: "creative",
  reasoning: "reasoning",
  math: "math",
  coding: "code",
  extraction: "instruction",
  stem: "general",
  humanities: "general",
};

/**
 * dcrouter carries no task label; three of its source benchmarks are recognisable by their own prompt
 * template, and only those rows are used (the rest — reading comprehension, science multiple choice… —
 * have no a-priori kind and are left out).
 */
export const DCROUTER_TEMPLATES: readonly { label: string; test: RegExp; kind: TaskKind }[] = [
  { label: 'mbpp ("Write a (python) function …")', test: /^Write a (python )?function/, kind: "code" },
  { label: 'zebra puzzle ("Q: There are N houses …")', test: /^Q: There are \d+ houses/, kind: "reasoning" },
  {
    label: 'math word problem ("… put you final answer in \\boxed{...}")',
    test: /put you final answer in \\boxed\{\.\.\.\}/,
    kind: "math",
  },
];

/** One labelled request. */
export interface LabelledRequest {
  messages: ChatMessage[];
  kind: TaskKind;
  /** Data set and source label, e.g. `mmlu:formal_logic`. */
  source: string;
  /** Rows with the same group are never split (a conversation, a question's turns). */
  group?: string;
}

const gz = (path: string) => gunzipSync(readFileSync(path)).toString("utf8");
const user = (content: string): ChatMessage[] => [{ role: "user", content }];

/** Every labelled request of every source, before the split (sampling seeded). */
export function labelledRequests(): LabelledRequest[] {
  const random = seededRandom(TASK_KIND_SEED);
  const out: LabelledRequest[] = [];
  const mmluGeneral = new Map<string, LabelledRequest[]>();
  for (const line of gz(`${ROUTING}routellm-mmlu-gsm8k.jsonl.gz`).split("\n")) {
    if (line === "") continue;
    const r = JSON.parse(line) as { bench: string; subject?: string; prompt: string };
    if (r.bench === "gsm8k") {
      out.push({ messages: user(r.prompt), kind: "math", source: "gsm8k" });
      continue;
    }
    const subject = r.subject ?? "";
    const kind = MMLU_KIND[subject];
    const row = { messages: user(r.prompt), kind: kind ?? "general", source: `mmlu:${subject}` } as const;
    if (kind) out.push({ ...row, messages: [...row.messages] });
    else
      mmluGeneral.set(subject, [
        ...(mmluGeneral.get(subject) ?? []),
        { ...row, messages: [...row.messages] },
      ]);
  }
  for (const rows of mmluGeneral.values()) out.push(...sample(rows, MMLU_GENERAL_PER_SUBJECT, random));
  for (const line of readFileSync(`${ROUTING}routellm-mt-bench-questions.jsonl`, "utf8").split("\n")) {
    if (line === "") continue;
    const q = JSON.parse(line) as { question_id: number; category: string; turns: string[] };
    const kind = MT_BENCH_KIND[q.category];
    if (!kind) throw new Error(`MT-Bench category ${q.category} has no task kind in MT_BENCH_KIND`);
    // Turn 2 is left out: the data has no turn-1 answer to put between the turns (never invented).
    out.push({
      messages: user(q.turns[0]!),
      kind,
      source: `mt-bench:${q.category}`,
      group: `mt-bench:${q.question_id}`,
    });
  }
  const dc = JSON.parse(gz(`${ROUTING}llmrouter-dcrouter-train.json.gz`)) as { question: string }[];
  for (const row of dc) {
    const t = DCROUTER_TEMPLATES.find((x) => x.test.test(row.question));
    if (t)
      out.push({ messages: user(row.question), kind: t.kind, source: `dcrouter:${t.label.split(" ")[0]}` });
  }
  return out;
}

/**
 * Real multi-turn requests: tau-bench airline trajectories cut before an assistant turn that follows
 * the second user turn or a later one (system prompt, user, assistant and tool messages as recorded).
 */
export function multiturnRequests(): LabelledRequest[] {
  const random = seededRandom(TASK_KIND_SEED + 1);
  type Msg = { role: string; content: unknown; tool_calls?: unknown; tool_call_id?: string };
  const trajectories = JSON.parse(gz(`${TRACES}tau-bench-airline-gpt4o.json.gz`)) as {
    task_id: number;
    trial: number;
    traj: Msg[];
  }[];
  const out: LabelledRequest[] = [];
  for (const t of trajectories) {
    const cuts: number[] = [];
    let users = 0;
    t.traj.forEach((m, i) => {
      if (m.role === "user") users++;
      if (m.role === "assistant" && users >= 2) cuts.push(i);
    });
    for (const cut of sample(cuts, TAU_REQUESTS_PER_TRAJECTORY, random)) {
      out.push({
        messages: t.traj.slice(0, cut).map(toChatMessage),
        kind: "multiturn",
        source: "tau-bench:airline",
        group: `tau-bench:${t.task_id}`,
      });
    }
  }
  return out;
}

function toChatMessage(m: {
  role: string;
  content: unknown;
  tool_calls?: unknown;
  tool_call_id?: string;
}): ChatMessage {
  const content = typeof m.content === "string" ? m.content : "";
  switch (m.role) {
    case "system":
      return { role: "system", content };
    case "user":
      return { role: "user", content };
    case "tool":
      return { role: "tool", tool_call_id: m.tool_call_id ?? "", content };
    default:
      return { role: "assistant", content: m.content === null ? null : content };
  }
}

function sample<T>(rows: readonly T[], n: number, random: () => number): T[] {
  const copy = [...rows];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, n);
}

/** The train and held-out sides, and what the grouping found. */
export interface TaskKindSplit {
  train: LabelledRequest[];
  heldout: LabelledRequest[];
  /** Rows joined to an earlier row as a copy or near-duplicate, or as a turn of the same conversation. */
  groupedRows: number;
  /** Near-duplicate or copy groups whose rows carry different kinds (label noise, reported). */
  conflictingGroups: number;
}

/**
 * Grouped, per-kind split: within each kind, the first of 5 grouped folds (`groupedKFoldSplits`,
 * seed {@link TASK_KIND_SEED}) is held out. A group lands with the kind of its first row. The
 * multi-turn requests are all held out (the turn rule is not learned).
 */
export function taskKindSplit(): TaskKindSplit {
  const rows = labelledRequests();
  const groups = foldGroupsOf(
    rows.map((r) => ({ prompt: lastUserText(r.messages), ...(r.group ? { foldGroup: r.group } : {}) })),
  );
  const kindOfGroup = new Map<number, TaskKind>();
  const kindsOfGroup = new Map<number, Set<TaskKind>>();
  rows.forEach((r, i) => {
    const g = groups[i]!;
    if (!kindOfGroup.has(g)) kindOfGroup.set(g, r.kind);
    kindsOfGroup.set(g, (kindsOfGroup.get(g) ?? new Set()).add(r.kind));
  });
  const heldout = new Set<number>();
  const kinds = [...new Set(kindOfGroup.values())];
  for (const kind of kinds) {
    const members = rows.map((_, i) => i).filter((i) => kindOfGroup.get(groups[i]!) === kind);
    const fold = groupedKFoldSplits(
      members.map((i) => groups[i]!),
      5,
      TASK_KIND_SEED,
    )[0]!;
    for (const j of fold.test) heldout.add(members[j]!);
  }
  const sizes = new Map<number, number>();
  for (const g of groups) sizes.set(g, (sizes.get(g) ?? 0) + 1);
  return {
    train: rows.filter((_, i) => !heldout.has(i)),
    heldout: [...rows.filter((_, i) => heldout.has(i)), ...multiturnRequests()],
    groupedRows: rows.length - sizes.size,
    conflictingGroups: [...kindsOfGroup.values()].filter((s) => s.size > 1).length,
  };
}
