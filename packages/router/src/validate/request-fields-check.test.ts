import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { requestFieldsAccepted } from "./request-fields-check";
import { RequestFieldsSchema } from "./request-schema";

const TOOLS_FILE = join(__dirname, "../../../../benchmarks/data/traces/tau-bench-airline-tools.json");
const benchTools: unknown[] = JSON.parse(readFileSync(TOOLS_FILE, "utf8"));

const weather = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Weather in a city.",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
    strict: true,
  },
};

class Params {
  type = "object";
}

const symbolKeyed = { type: "object", [Symbol("x")]: 1 };

const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.constantFrom(
    "",
    "auto",
    "none",
    "required",
    "low",
    "code",
    "auto-kind",
    "a",
    "USD",
    "poetry",
    "max",
    "any",
  ),
  fc.constantFrom<unknown>(
    { minQuality: 2 },
    { typo: 1 },
    { type: "function", function: {} },
    { type: "json_schema", json_schema: { name: "", schema: {} } },
  ),
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(0.5, 1.5, 2, 2.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60),
  fc.boolean(),
  fc.constant({}),
  fc.constant([]),
  fc.constant(["a", "b"]),
  // A sparse array: a hole reads as undefined.
  fc.constant(Object.assign(new Array(2), { 1: "a" })),
);

/** Mostly a valid value, sometimes anything: most requests are then near the accepted ones. */
const field = <T>(values: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: values, weight: 20 }, { arbitrary: anyValue, weight: 1 });

const params = fc.oneof(
  {
    arbitrary: fc.constantFrom(undefined, { type: "object", properties: { q: { type: "string" } } }),
    weight: 12,
  },
  fc.constant(Object.assign(Object.create(null), { type: "object" })),
  fc.constant({ constructor: "x" }),
  fc.constant(new Params()),
  fc.constant(symbolKeyed),
  fc.constant([]),
  anyValue,
);

const tool = field(
  fc.record(
    {
      type: field(fc.constant("function")),
      function: field(
        fc.record(
          {
            name: fc.oneof(
              { arbitrary: fc.constantFrom("lookup", "get_weather", "a-b"), weight: 12 },
              fc.constantFrom("bad name", "", "x".repeat(65), 5),
            ),
            description: field(fc.string({ maxLength: 4 })),
            parameters: params,
            strict: field(fc.boolean()),
            extra: anyValue,
          },
          { requiredKeys: ["name"] },
        ),
      ),
    },
    { requiredKeys: ["type", "function"] },
  ),
);

const request = fc.record(
  {
    messages: field(fc.constantFrom([], [{ role: "user", content: "hi" }])),
    system: field(fc.string({ maxLength: 3 })),
    tools: field(fc.array(tool, { maxLength: 3 })),
    toolChoice: field(
      fc.constantFrom<unknown>({ type: "function", function: { name: "lookup" } }, "auto", "required"),
    ),
    maxOutputTokens: field(fc.integer({ min: 1, max: 10_000 })),
    temperature: field(fc.double({ min: 0, max: 2, noNaN: true })),
    reasoningEffort: field(fc.constantFrom("none", "low", "medium", "high")),
    responseFormat: field(
      fc.constantFrom<unknown>(
        { type: "text" },
        { type: "json_object" },
        { type: "json_schema", json_schema: { name: "x", schema: { type: "object" } } },
      ),
    ),
    taskKind: field(fc.constantFrom("auto", "code", "general")),
    constraints: field(
      fc.constantFrom<unknown>(
        { minQuality: 0.7 },
        { minQuality: 2 },
        { maxCostPerCall: "0.01" },
        { typo: 1 },
      ),
    ),
    tags: field(fc.array(fc.string({ maxLength: 2 }), { maxLength: 3 })),
    tenant: field(fc.string({ maxLength: 2 })),
    sessionId: field(fc.string({ minLength: 1, maxLength: 2 })),
    virtualKey: field(fc.string({ minLength: 1, maxLength: 2 })),
    signal: field(fc.constant(new AbortController().signal)),
  },
  { requiredKeys: [] },
);

/** Requests, and now and then one with a misspelt field (`maxTokens`, even when undefined). */
const requests = fc.oneof(
  { arbitrary: request, weight: 9 },
  { arbitrary: fc.tuple(request, anyValue).map(([r, v]) => ({ ...r, maxTokens: v })), weight: 1 },
);

describe("the hand-written request fields check never accepts what zod refuses", () => {
  it("accepted by the check implies accepted by RequestFieldsSchema (property)", () => {
    let accepted = 0;
    fc.assert(
      fc.property(requests, (r) => {
        if (!requestFieldsAccepted(r)) return;
        accepted++;
        expect(RequestFieldsSchema.safeParse(r).success).toBe(true);
      }),
      { numRuns: 10_000 },
    );
    // Not vacuous: a share of the generated requests take the fast path.
    expect(accepted).toBeGreaterThan(1000);
  });

  it("accepts the common shapes without zod: the benchmark's 14 tools, options, constraints", () => {
    const messages = [{ role: "user", content: "hi" }];
    expect(requestFieldsAccepted({ messages, tools: benchTools, maxOutputTokens: 50 })).toBe(true);
    const full = {
      messages,
      system: "Be brief.",
      tools: [weather],
      toolChoice: { type: "function", function: { name: "get_weather" } },
      maxOutputTokens: 100,
      temperature: 0,
      reasoningEffort: "low",
      responseFormat: { type: "json_object" },
      taskKind: "auto",
      constraints: { minQuality: 0.7, maxCostPerCall: "0.01", currency: "USD" },
      tags: ["a"],
      tenant: "t",
      sessionId: "s",
      virtualKey: "k",
      signal: new AbortController().signal,
    };
    expect(requestFieldsAccepted(full)).toBe(true);
    expect(RequestFieldsSchema.safeParse(full).success).toBe(true);
    expect(requestFieldsAccepted({ messages, temperature: undefined, tools: [] })).toBe(true);
  });

  it("leaves bad or unusual fields to zod", () => {
    const messages = [{ role: "user", content: "hi" }];
    const refused = [
      { messages, maxTokens: 50 },
      { messages, maxOutputTokens: 1.5 },
      { messages, maxOutputTokens: "100" },
      { messages, maxOutputTokens: Number.NaN },
      { messages, temperature: "hot" },
      { messages, temperature: Number.NaN },
      { messages, tags: "a" },
      { messages, taskKind: "poetry" },
      { messages, sessionId: "" },
      { messages, tools: [{ ...weather, function: { ...weather.function, name: "bad name" } }] },
      { messages, tools: [{ ...weather, function: { ...weather.function, parameters: [] } }] },
      { messages, constraints: { minQuality: Number.NaN } },
      { messages, toolChoice: "any" },
    ];
    for (const r of refused) {
      expect(requestFieldsAccepted(r)).toBe(false);
      expect(RequestFieldsSchema.safeParse(r).success).toBe(false);
    }
    // Unusual but maybe valid: zod decides.
    for (const parameters of [new Params(), symbolKeyed, { constructor: "x" }]) {
      const r = { messages, tools: [{ ...weather, function: { ...weather.function, parameters } }] };
      expect(requestFieldsAccepted(r)).toBe(false);
    }
    expect(requestFieldsAccepted({ messages: "hi" })).toBe(false);
    expect(
      requestFieldsAccepted(
        new (class Req {
          messages = messages;
        })(),
      ),
    ).toBe(false);
  });
});
