import { describe, expect, it } from "vitest";
import { main } from "./index";

function run(argv: string[], files: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io = {
    stdout: (l: string) => out.push(l),
    stderr: (l: string) => err.push(l),
    readFile: (p: string) => {
      const f = files[p];
      if (f === undefined) throw new Error(`no such file ${p}`);
      return f;
    },
    now: () => new Date("2026-09-02T18:00:00Z"),
  };
  return main(argv, io).then((code) => ({ code, out: out.join("\n"), err: err.join("\n") }));
}

const request = JSON.stringify({
  messages: [{ role: "user", content: "Summarise the plot of Hamlet in two sentences." }],
  maxOutputTokens: 150,
  constraints: { minQuality: 0.65 },
});

describe("tokenwise CLI", () => {
  it("plan explains the ranking and every rejection", async () => {
    const r = await run(["plan", "req.json"], { "req.json": request });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/policy cheapest-qualifying/);
    expect(r.out).toMatch(/ 1 {2}\S+\/\S+ +\d+\.\d{6} USD/);
    expect(r.out).toMatch(/rejected \(\d+\):/);
    expect(r.out).toMatch(/quality 0\.\d+ < floor 0\.65/);
  });
  it("plan in CNY at an instant", async () => {
    const r = await run(["plan", "req.json", "--currency", "CNY", "--at", "2026-09-02T03:00:00Z"], {
      "req.json": request,
    });
    expect(r.out).toMatch(/in CNY/);
    expect(r.out).toMatch(/\d+\.\d{6} CNY/);
  });
  it("prices compares models at an instant in a currency", async () => {
    const r = await run([
      "prices",
      "--currency",
      "CNY",
      "--input",
      "100000",
      "--output",
      "2000",
      "--provider",
      "deepseek",
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/deepseek\/deepseek-chat +\d+\.\d+ CNY/);
    expect(r.out).toMatch(/FX: 1 USD = [\d.]+ CNY/);
  });
  it("estimate prints tokens per family with error bars", async () => {
    const r = await run(["estimate", "req.json"], { "req.json": request });
    expect(r.out).toMatch(/o200k_base +\d+ +\d+ +\d+/);
  });
  it("catalog prints the catalog report", async () => {
    const r = await run(["catalog"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/models from \d+ providers/);
  });
  it("bench outside the repository says what it needs", async () => {
    const out: string[] = [];
    const code = await main(["bench"], { stdout: () => {}, stderr: (l) => out.push(l), cwd: "/nonexistent" });
    expect(code).toBe(1);
    expect(out.join("\n")).toMatch(/benchmarks\/routing\/datasets\.ts|not installed/);
  });
  it("errors are messages with a non-zero code", async () => {
    expect((await run(["plan", "missing.json"])).code).toBe(1);
    expect((await run(["nope"])).err).toMatch(/unknown command/);
    expect((await run(["help"])).out).toMatch(/usage:/);
  });
});
