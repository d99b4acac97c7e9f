/** Measures, in a fresh process, the time and memory to load an o200k tokenizer (argv[2]: tokenwise | js-tiktoken | gpt-tokenizer). */
const which = process.argv[2] ?? "tokenwise";

export {};

const collect = (globalThis as { gc?: () => void }).gc;
collect?.();
const m0 = process.memoryUsage();
const t0 = performance.now();
let count = 0;
if (which === "tokenwise") {
  const { getTokenizer } = await import("../../packages/core/src/tokens/encodings");
  count = getTokenizer("o200k_base").count("Hello world");
} else if (which === "js-tiktoken") {
  const { Tiktoken } = await import("js-tiktoken/lite");
  const ranks = (await import("js-tiktoken/ranks/o200k_base")).default;
  count = new Tiktoken(ranks).encode("Hello world").length;
} else {
  const { countTokens } = await import("gpt-tokenizer/encoding/o200k_base");
  count = countTokens("Hello world");
}
const ms = performance.now() - t0;
collect?.();
const m1 = process.memoryUsage();
process.stdout.write(
  JSON.stringify({
    which,
    count,
    ms,
    rssMb: (m1.rss - m0.rss) / 1e6,
    heapMb: (m1.heapUsed - m0.heapUsed) / 1e6,
  }),
);
