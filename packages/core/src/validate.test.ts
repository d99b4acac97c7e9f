import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ValidationError } from "./errors";
import { functionSchema } from "./schema-primitives";
import { issuesFromZod, parseWith } from "./validate";

const Floor = z.union([z.number().min(0).max(1), z.record(z.string(), z.number().min(0).max(1))], {
  error: "must be a number in [0, 1] or floors per kind",
});

function issuesOf(schema: z.ZodType, data: unknown) {
  const result = schema.safeParse(data);
  if (result.success) throw new Error("expected a failure");
  return issuesFromZod(result.error, data);
}

describe("issuesFromZod", () => {
  it("keeps zod's path and message and adds the value found at the path", () => {
    const schema = z.object({ a: z.array(z.object({ b: z.number() })) });
    expect(issuesOf(schema, { a: [{ b: 1 }, { b: "x" }] })).toEqual([
      { path: ["a", 1, "b"], message: "Invalid input: expected number, received string", value: "x" },
    ]);
  });
  it("unwraps a union to the branch that accepted the value's type", () => {
    expect(issuesOf(Floor, 2)).toEqual([
      { path: [], message: "Too big: expected number to be <=1", value: 2 },
    ]);
    expect(issuesOf(Floor, { code: -1 })).toEqual([
      { path: ["code"], message: "Too small: expected number to be >=0", value: -1 },
    ]);
  });
  it("keeps the union's own message when no branch accepted the type", () => {
    expect(issuesOf(Floor, "high")).toEqual([
      { path: [], message: "must be a number in [0, 1] or floors per kind", value: "high" },
    ]);
  });
  it("parseWith throws a ValidationError naming the source", () => {
    expect(() => parseWith(Floor, Number.NaN, "prices.yaml")).toThrow(ValidationError);
    expect(() => parseWith(Floor, Number.NaN, "prices.yaml")).toThrow(
      /^prices\.yaml: \(root\): must be a number/,
    );
  });
});

describe("functionSchema", () => {
  it("passes the caller's function through as given (no per-call wrapper) and names a non-function", () => {
    const now = () => 42;
    expect(functionSchema().parse(now)).toBe(now);
    const error = (() => {
      try {
        parseWith(z.object({ now: functionSchema("must be a function () => number") }), { now: 5 }, "opts");
      } catch (e) {
        return e as ValidationError;
      }
    })();
    expect(error?.issues).toEqual([{ path: ["now"], message: "must be a function () => number", value: 5 }]);
  });
});
