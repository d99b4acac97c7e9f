import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseChatRequest, parseChatRequestWithSchema } from "./chat-request";
import { HttpError } from "./openai-error";

/** What a parse gives: the request, or the error's status and OpenAI body. */
const outcome = (parse: (body: unknown) => unknown, body: unknown) => {
  try {
    return { ok: parse(body) };
  } catch (error) {
    if (error instanceof HttpError) return { status: error.status, body: error.body() };
    throw error;
  }
};

// Bodies around the plain shape: valid ones and near misses (wrong types, extra keys, tool messages,
// parts arrays, out-of-range numbers), so both the hand check and the schema see every branch.
const content = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constant(null),
  fc.constant([{ type: "text", text: "hi" }]),
  fc.integer(),
);
const plainMessage = fc.record({
  role: fc.constantFrom("system", "developer", "user", "assistant"),
  content: fc.string({ maxLength: 12 }),
});
const otherMessage = fc.record(
  {
    role: fc.constantFrom("system", "developer", "user", "assistant", "tool", "bot"),
    content,
    name: fc.string({ maxLength: 4 }),
    tool_call_id: fc.constant("call_1"),
  },
  { requiredKeys: ["role"] },
);
const message = fc.oneof({ arbitrary: plainMessage, weight: 8 }, { arbitrary: otherMessage, weight: 1 });
/** Mostly `good`, sometimes `bad`. */
const mostly = <T, U>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<U>) =>
  fc.oneof({ arbitrary: good, weight: 6 }, { arbitrary: bad, weight: 1 });
const limit = mostly(
  fc.oneof(fc.integer({ min: 1, max: 5000 }), fc.constant(null)),
  fc.oneof(fc.integer({ min: -2, max: 0 }), fc.double(), fc.constant("9")),
);
const body = fc.record(
  {
    model: mostly(fc.constantFrom("auto", "openai/gpt-4o-mini"), fc.oneof(fc.constant(""), fc.integer())),
    messages: mostly(fc.array(message, { minLength: 1, maxLength: 4 }), fc.constantFrom("hi", [])),
    max_tokens: limit,
    max_completion_tokens: limit,
    temperature: mostly(
      fc.oneof(fc.double({ min: 0, max: 2, noNaN: true }), fc.constant(null)),
      fc.oneof(fc.double({ min: -1, max: -0.001, noNaN: true }), fc.constant(2.5), fc.constant("1")),
    ),
    stream: mostly(fc.oneof(fc.boolean(), fc.constant(null)), fc.constant(1)),
    stream_options: mostly(
      fc.oneof(fc.constant(null), fc.record({ include_usage: fc.boolean() }, { requiredKeys: [] })),
      fc.oneof(fc.constant({ include_usage: "yes" }), fc.constant({ other: true })),
    ),
    top_p: fc.double({ min: 0, max: 1, noNaN: true }),
    n: fc.constantFrom(1, 2),
  },
  { requiredKeys: ["model", "messages"] },
);

describe("parseChatRequest", () => {
  it("gives what the schema gives, request or error, for bodies in and around the plain shape", () => {
    fc.assert(
      fc.property(body, (b) => {
        expect(outcome(parseChatRequest, b)).toEqual(outcome(parseChatRequestWithSchema, b));
      }),
      { numRuns: 2000, seed: 10 },
    );
  });

  it("maps the plain shape: limits, temperature, stream and usage option", () => {
    const messages = [
      { role: "system", content: "Be brief." },
      { role: "user", content: "Hi" },
      { role: "assistant", content: "Hello." },
      { role: "user", content: "Bye" },
    ];
    expect(
      parseChatRequest({
        model: "auto",
        messages,
        max_tokens: 10,
        max_completion_tokens: 20,
        temperature: 0,
      }),
    ).toEqual({
      model: "auto",
      stream: false,
      includeUsage: false,
      messages,
      maxOutputTokens: 20,
      temperature: 0,
    });
    expect(
      parseChatRequest({ model: "auto", messages, stream: true, stream_options: { include_usage: true } }),
    ).toEqual({ model: "auto", stream: true, includeUsage: true, messages });
  });

  it("bad input keeps the schema's errors, with the path in `param`", () => {
    const err = (b: unknown) => outcome(parseChatRequest, b);
    expect(err({ model: "auto", messages: [{ role: "user", content: "x" }], max_tokens: 0 })).toMatchObject({
      status: 400,
      body: { error: { type: "invalid_request_error", param: "max_tokens" } },
    });
    expect(err({ model: "auto", messages: [] })).toMatchObject({
      status: 400,
      body: { error: { param: "messages" } },
    });
    expect(
      err({
        model: "auto",
        messages: [{ role: "user", content: "x" }],
        stream_options: { include_usage: true },
      }),
    ).toMatchObject({ status: 400, body: { error: { param: "stream_options" } } });
  });
});
