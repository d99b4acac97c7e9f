import Anthropic from "@anthropic-ai/sdk";
import { formatMoney, type PriceVersionInput } from "@tokenwise/core";
import { type SimProviderConfig, startTestkit, type Testkit } from "@tokenwise/testkit";
import OpenAI, { toFile } from "openai";
import { afterEach, describe, expect, it } from "vitest";

const src = { url: "https://example.test/prices", asOf: "2026-08-01" };
const price = (input: string, output: string): PriceVersionInput[] => [
  {
    currency: "USD",
    effectiveFrom: "2026-01-01T00:00:00Z",
    input,
    output,
    batchMultiplier: "0.5",
    source: src,
  },
];
const T0 = new Date("2026-09-02T10:00:00Z");
const MIN = 60_000;

function providers(batch: SimProviderConfig["batch"]): SimProviderConfig[] {
  return [
    {
      name: "openai",
      style: "openai",
      batch,
      models: [
        { id: "gpt-4o-mini", prices: price("0.15", "0.6") },
        { id: "gpt-4o", prices: price("2.5", "10") },
      ],
    },
    {
      name: "anthropic",
      style: "anthropic",
      batch,
      models: [{ id: "claude-sonnet-4-5", prices: price("3", "15") }],
    },
  ];
}

const lines = (n: number, model = "gpt-4o-mini") =>
  Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      custom_id: `job-${i}`,
      method: "POST",
      url: "/v1/chat/completions",
      body: {
        model,
        messages: [{ role: "user", content: `Question ${i}: name three colours.` }],
        max_tokens: 50,
      },
    }),
  ).join("\n");

describe("testkit batch APIs through the official SDKs", () => {
  let kit: Testkit | undefined;
  const clock = { t: T0 };
  afterEach(async () => {
    await kit?.close();
    kit = undefined;
    clock.t = T0;
  });
  const start = async (batch: SimProviderConfig["batch"]) => {
    kit = await startTestkit({ providers: providers(batch), timeScale: 0, now: () => clock.t });
    return {
      openai: new OpenAI({ baseURL: kit.baseURL("openai"), apiKey: "k", maxRetries: 0 }),
      anthropic: new Anthropic({ baseURL: kit.baseURL("anthropic"), apiKey: "k", maxRetries: 0 }),
      kit,
    };
  };

  it("OpenAI: upload, create, progress on the clock, output and error files, billed at 50% at creation", async () => {
    const { openai, kit } = await start({ completionMs: 40 * MIN, lineFailureRate: 0.2 });
    const file = await openai.files.create({
      file: await toFile(Buffer.from(lines(20)), "in.jsonl"),
      purpose: "batch",
    });
    expect(file).toMatchObject({ object: "file", purpose: "batch", status: "processed" });
    const created = await openai.batches.create({
      input_file_id: file.id,
      endpoint: "/v1/chat/completions",
      completion_window: "24h",
      metadata: { owner: "test" },
    });
    expect(created.status).toBe("validating");
    expect(created.id).toMatch(/^batch_/);
    expect(created.created_at).toBe(T0.getTime() / 1000);
    expect(created.expires_at).toBe(T0.getTime() / 1000 + 86_400);
    clock.t = new Date(T0.getTime() + 20 * MIN);
    const half = await openai.batches.retrieve(created.id);
    expect(half.status).toBe("in_progress");
    expect(half.request_counts!.completed + half.request_counts!.failed).toBe(10);
    expect(half.output_file_id).toBeNull();
    clock.t = new Date(T0.getTime() + 3 * 3600_000);
    const done = await openai.batches.retrieve(created.id);
    expect(done.status).toBe("completed");
    expect(done.completed_at).toBe(T0.getTime() / 1000 + 40 * 60);
    const { completed, failed, total } = done.request_counts!;
    expect(total).toBe(20);
    expect(failed).toBeGreaterThan(0);
    expect(completed + failed).toBe(20);
    const out = (await (await openai.files.content(done.output_file_id!)).text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const err = (await (await openai.files.content(done.error_file_id!)).text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(completed);
    expect(err).toHaveLength(failed);
    expect(out[0]).toMatchObject({
      custom_id: expect.stringMatching(/^job-/),
      error: null,
      response: { status_code: 200 },
    });
    expect(out[0].response.body).toMatchObject({ object: "chat.completion", model: "gpt-4o-mini" });
    expect(err[0].response.status_code).toBe(500);
    // Billing: one entry per line; answered lines billed at half the interactive price of the creation instant.
    const billed = kit.billing().filter((b) => b.batch?.id === created.id);
    expect(billed).toHaveLength(20);
    expect(billed.filter((b) => b.billed)).toHaveLength(completed);
    const first = billed.find((b) => b.billed)!;
    expect(first.at.getTime()).toBe(T0.getTime());
    const u = first.usage;
    const interactive = BigInt(u.input) * 150_000_000_000n + BigInt(u.output) * 600_000_000_000n;
    expect(first.cost!.total.atto).toBe(interactive / 2n);
    expect(formatMoney(kit.billingTotal("USD"))).toMatch(/USD$/);
  });

  it("OpenAI: a batch file mixing models fails validation with the line named; a non-batch purpose is a 400", async () => {
    const { openai } = await start({});
    const mixed = `${lines(2)}\n${lines(1, "gpt-4o").replace("job-0", "job-9")}`;
    const file = await openai.files.create({
      file: await toFile(Buffer.from(mixed), "in.jsonl"),
      purpose: "batch",
    });
    const b = await openai.batches.create({
      input_file_id: file.id,
      endpoint: "/v1/chat/completions",
      completion_window: "24h",
    });
    expect(b.status).toBe("failed");
    expect(b.errors?.data?.[0]).toMatchObject({ code: "mismatched_model", line: 3 });
    await expect(
      openai.files.create({ file: await toFile(Buffer.from(lines(1)), "in.jsonl"), purpose: "assistants" }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(openai.batches.retrieve("batch_nope")).rejects.toMatchObject({ status: 404 });
  });

  it("OpenAI: an expiring batch ends expired with the lines done by then answered and the rest in the error file", async () => {
    const { openai, kit } = await start({ expireRate: 1 });
    const file = await openai.files.create({
      file: await toFile(Buffer.from(lines(10)), "in.jsonl"),
      purpose: "batch",
    });
    const b = await openai.batches.create({
      input_file_id: file.id,
      endpoint: "/v1/chat/completions",
      completion_window: "24h",
    });
    clock.t = new Date(T0.getTime() + 23 * 3600_000);
    expect((await openai.batches.retrieve(b.id)).status).toBe("in_progress");
    clock.t = new Date(T0.getTime() + 25 * 3600_000);
    const ended = await openai.batches.retrieve(b.id);
    expect(ended.status).toBe("expired");
    expect(ended.expired_at).toBe(ended.expires_at);
    const err = (await (await openai.files.content(ended.error_file_id!)).text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(err.length).toBeGreaterThan(0);
    expect(err.every((e) => e.error.code === "batch_expired" && e.response === null)).toBe(true);
    expect(ended.request_counts!.completed).toBe(10 - err.length);
    expect(kit.billing().filter((e) => e.billed)).toHaveLength(10 - err.length);
  });

  it("OpenAI: cancel keeps the lines already done and cancels the rest", async () => {
    const { openai } = await start({ completionMs: 100 * MIN });
    const file = await openai.files.create({
      file: await toFile(Buffer.from(lines(10)), "in.jsonl"),
      purpose: "batch",
    });
    const b = await openai.batches.create({
      input_file_id: file.id,
      endpoint: "/v1/chat/completions",
      completion_window: "24h",
    });
    clock.t = new Date(T0.getTime() + 35 * MIN);
    const cancelled = await openai.batches.cancel(b.id);
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.request_counts).toMatchObject({ total: 10, completed: 3, failed: 7 });
    const err = (await (await openai.files.content(cancelled.error_file_id!)).text()).trim().split("\n");
    expect(err.map((l) => JSON.parse(l).error.code)).toEqual(Array(7).fill("batch_cancelled"));
  });

  it("Anthropic: create, retrieve, results JSONL with succeeded and errored lines; billed at 50%", async () => {
    const { anthropic, kit } = await start({ completionMs: 10 * MIN, lineFailureRate: 0.3 });
    const requests = Array.from({ length: 12 }, (_, i) => ({
      custom_id: `job-${i}`,
      params: {
        model: "claude-sonnet-4-5",
        max_tokens: 50,
        messages: [{ role: "user" as const, content: `Q${i}: colours?` }],
      },
    }));
    const b = await anthropic.messages.batches.create({ requests });
    expect(b).toMatchObject({ type: "message_batch", processing_status: "in_progress", results_url: null });
    expect(b.request_counts.processing).toBe(12);
    clock.t = new Date(T0.getTime() + 11 * MIN);
    const ended = await anthropic.messages.batches.retrieve(b.id);
    expect(ended.processing_status).toBe("ended");
    expect(ended.request_counts.succeeded + ended.request_counts.errored).toBe(12);
    expect(ended.request_counts.errored).toBeGreaterThan(0);
    const results = [];
    for await (const r of await anthropic.messages.batches.results(b.id)) results.push(r);
    expect(results).toHaveLength(12);
    const ok = results.filter((r) => r.result.type === "succeeded");
    expect(ok).toHaveLength(ended.request_counts.succeeded);
    const first = ok[0]!.result;
    if (first.type !== "succeeded") throw new Error("unreachable");
    expect(first.message).toMatchObject({ type: "message", role: "assistant", model: "claude-sonnet-4-5" });
    const errored = results.find((r) => r.result.type === "errored")!.result;
    expect(errored).toMatchObject({
      type: "errored",
      error: { type: "error", error: { type: "api_error" } },
    });
    const billed = kit.billing().filter((e) => e.billed && e.batch?.id === b.id);
    expect(billed).toHaveLength(ok.length);
    const u = billed[0]!.usage;
    expect(billed[0]!.cost!.total.atto).toBe(
      (BigInt(u.input) * 3_000_000_000_000n + BigInt(u.output) * 15_000_000_000_000n) / 2n,
    );
  });

  it("Anthropic: cancel, duplicate custom ids and unknown batches are answered in Anthropic's shapes", async () => {
    const { anthropic } = await start({ completionMs: 60 * MIN });
    const params = {
      model: "claude-sonnet-4-5",
      max_tokens: 10,
      messages: [{ role: "user" as const, content: "hi" }],
    };
    await expect(
      anthropic.messages.batches.create({
        requests: [
          { custom_id: "a", params },
          { custom_id: "a", params },
        ],
      }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(anthropic.messages.batches.retrieve("msgbatch_nope")).rejects.toMatchObject({ status: 404 });
    const b = await anthropic.messages.batches.create({
      requests: Array.from({ length: 4 }, (_, i) => ({ custom_id: `c${i}`, params })),
    });
    clock.t = new Date(T0.getTime() + 31 * MIN);
    const c = await anthropic.messages.batches.cancel(b.id);
    expect(c.processing_status).toBe("ended");
    expect(c.request_counts).toMatchObject({ succeeded: 2, canceled: 2 });
    const types = [];
    for await (const r of await anthropic.messages.batches.results(b.id)) types.push(r.result.type);
    expect(types).toEqual(["succeeded", "succeeded", "canceled", "canceled"]);
  });

  it("a provider with batch: false has no batch routes", async () => {
    const { openai } = await start(false);
    await expect(openai.batches.retrieve("batch_x")).rejects.toMatchObject({ status: 404 });
  });
});
