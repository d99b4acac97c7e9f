import { AuthenticationError, BadRequestError, NotFoundError } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KEY } from "../router/fixtures";
import { rawPost, type ServerHarness, startServer, VKEY } from "./fixtures";

/** OpenAI's error body, every field present. */
function expectOpenAIError(body: unknown, expected: { type: string; code: string; param?: string | null }) {
  expect(body).toEqual({
    error: {
      message: expect.any(String),
      type: expected.type,
      param: expected.param === undefined ? expect.anything() : expected.param,
      code: expected.code,
    },
  });
  if (expected.param === undefined) {
    const param = (body as { error: { param: unknown } }).error.param;
    expect(param === null || typeof param === "string").toBe(true);
  }
}

let h: ServerHarness;
beforeAll(async () => {
  h = await startServer({
    perModel: (m) => (m.provider === "deepseek" ? { faults: { rate: 1, kinds: ["500"] } } : {}),
  });
});
afterAll(async () => {
  await h.close();
});

const hello = [{ role: "user" as const, content: "hello there" }];

describe("errors, in OpenAI's body shape, with the right status", () => {
  it("a bad virtual key gets 401 and nothing is called", async () => {
    const requests = h.kit.requests().length;
    const err = await h
      .clientWith("sk-tw-not-a-key")
      .chat.completions.create({ model: "auto", messages: hello })
      .catch((e) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err.status).toBe(401);
    expectOpenAIError(err.error ? { error: err.error } : undefined, {
      type: "invalid_request_error",
      code: "invalid_api_key",
      param: null,
    });
    const missing = await rawPost(h.url, JSON.stringify({ model: "auto", messages: hello }), {
      authorization: "",
    });
    expect(missing.status).toBe(401);
    const models = await fetch(`${h.url}/v1/models`, { headers: { authorization: "Bearer nope" } });
    expect(models.status).toBe(401);
    expect(h.kit.requests().length).toBe(requests);
    expect(h.router.ledger.entries()).toHaveLength(0);
  });

  it("malformed JSON gets 400 invalid_json", async () => {
    const res = await rawPost(h.url, '{"model":"auto","messages":[');
    expect(res.status).toBe(400);
    expectOpenAIError(res.body, { type: "invalid_request_error", code: "invalid_json", param: null });
  });

  it("an unknown model gets 404 model_not_found, naming what exists", async () => {
    const err = await h.client.chat.completions
      .create({ model: "gpt-9-ultra", messages: hello })
      .catch((e) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expectOpenAIError(
      { error: err.error },
      { type: "invalid_request_error", code: "model_not_found", param: "model" },
    );
    expect(err.message).toContain("auto-strong");
  });

  it("an oversize body gets 413 before it is read, and while it is read", async () => {
    const big = JSON.stringify({
      model: "auto",
      messages: [{ role: "user", content: "x".repeat(70 * 1024) }],
    });
    const res = await rawPost(h.url, big);
    expect(res.status).toBe(413);
    expectOpenAIError(res.body, { type: "invalid_request_error", code: "request_too_large", param: null });
    // Chunked, without a content-length: counted as it arrives.
    const chunked = await fetch(`${h.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${VKEY}`, "content-type": "application/json" },
      body: new ReadableStream({
        start(c) {
          for (let i = 0; i < 10; i++) c.enqueue(new TextEncoder().encode("x".repeat(8 * 1024)));
          c.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it("a bad response_format gets 400 with the path as param", async () => {
    const err = await h.client.chat.completions
      .create({ model: "auto", messages: hello, response_format: { type: "yaml" } as never })
      .catch((e) => e);
    expect(err).toBeInstanceOf(BadRequestError);
    expectOpenAIError(
      { error: err.error },
      { type: "invalid_request_error", code: "invalid_value", param: "response_format.type" },
    );
    const noSchema = await rawPost(
      h.url,
      JSON.stringify({
        model: "auto",
        messages: hello,
        response_format: { type: "json_schema", json_schema: { name: "x" } },
      }),
    );
    expect(noSchema.status).toBe(400);
    expect((noSchema.body as { error: { param: string } }).error.param).toBe(
      "response_format.json_schema.schema",
    );
  });

  it("other bad fields name their path; unsupported parameters are refused, not ignored", async () => {
    const bad = await rawPost(
      h.url,
      JSON.stringify({ model: "auto", messages: [{ role: "user", content: 42 }] }),
    );
    expect(bad.status).toBe(400);
    expect((bad.body as { error: { param: string } }).error.param).toBe("messages[0].content");
    const n = await rawPost(h.url, JSON.stringify({ model: "auto", messages: hello, n: 3 }));
    expect((n.body as { error: { param: string; message: string } }).error).toMatchObject({ param: "n" });
    expect((n.body as { error: { message: string } }).error.message).toContain("only n=1");
  });

  it("no model meeting the constraints is a 400 that says why", async () => {
    const res = await rawPost(
      h.url,
      JSON.stringify({
        model: "deepseek/deepseek-chat",
        messages: [
          {
            role: "user",
            content: [{ type: "image_url", image_url: { url: "https://example.test/a.png" } }],
          },
        ],
      }),
    );
    expect(res.status).toBe(400);
    expectOpenAIError(res.body, { type: "invalid_request_error", code: "no_candidate", param: "model" });
    expect((res.body as { error: { message: string } }).error.message).toContain("vision");
  });

  it("an upstream that fails every attempt is a 502, without the provider key", async () => {
    const res = await rawPost(h.url, JSON.stringify({ model: "deepseek/deepseek-chat", messages: hello }));
    expect(res.status).toBe(502);
    expectOpenAIError(res.body, { type: "upstream_error", code: "all_candidates_failed", param: null });
    expect(JSON.stringify(res.body)).not.toContain(KEY);
  });

  it("unknown paths and methods", async () => {
    const res = await fetch(`${h.url}/v1/embeddings`, {
      method: "POST",
      headers: { authorization: `Bearer ${VKEY}` },
    });
    expect(res.status).toBe(404);
    expectOpenAIError(await res.json(), { type: "invalid_request_error", code: "unknown_url", param: null });
    const get = await fetch(`${h.url}/v1/chat/completions`, { headers: { authorization: `Bearer ${VKEY}` } });
    expect(get.status).toBe(405);
  });

  it("logs one line per request, without keys", async () => {
    expect(h.transcript.logs.length).toBeGreaterThan(8);
    const upstream = h.transcript.logs.find((l) => l.status === 502)!;
    expect(upstream).toMatchObject({
      tenant: "acme",
      key: "acme-backend",
      method: "POST",
      path: "/v1/chat/completions",
    });
    for (const line of h.transcript.texts) {
      expect(line).not.toContain(KEY);
      expect(line).not.toContain(VKEY);
    }
  });
});

describe("after streaming started", () => {
  it("an upstream error arrives as an SSE data event in OpenAI's shape", async () => {
    const e = await startServer({ perModel: () => ({ faults: ["reset-mid-stream"] }) });
    try {
      const stream = await e.client.chat.completions.create({
        model: "openai/gpt-4o",
        messages: [{ role: "user", content: "a long enough answer to be cut in the middle of it" }],
        stream: true,
      });
      const got: string[] = [];
      const err = await (async () => {
        for await (const chunk of stream) got.push(chunk.choices[0]?.delta.content ?? "");
      })().catch((x) => x);
      expect(got.join("").length).toBeGreaterThan(0);
      expect(err).toBeDefined();
      expect(err.error).toMatchObject({ type: "upstream_error", code: "stream_interrupted" });
      // The provider billed the cut stream, and the router accounted it (by estimate: see docs/router.md).
      expect(e.kit.billing()[0]).toMatchObject({ outcome: "cut", billed: true });
      expect(e.router.ledger.entries()).toHaveLength(1);
      expect(e.router.ledger.total("USD").atto).toBeGreaterThan(0n);
    } finally {
      await e.close();
    }
  });
});
