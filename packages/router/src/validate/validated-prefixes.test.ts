import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createValidatedPrefixes, messageIssues } from "./request-schema";

const call = (id: string) => ({ id, type: "function", function: { name: "lookup", arguments: "{}" } });
const system = { role: "system", content: "Be brief." };

describe("messageIssues with validated prefixes (an agent's next turn checks only its new messages)", () => {
  it("a grown history is checked from where the last one ended, tool results against every earlier call", () => {
    const prefixes = createValidatedPrefixes();
    const history: object[] = [
      system,
      { role: "user", content: "look up a" },
      { role: "assistant", content: null, tool_calls: [call("a1")] },
      { role: "tool", tool_call_id: "a1", content: "1" },
    ];
    expect(messageIssues(history, prefixes)).toEqual([]);
    history.push({ role: "assistant", content: null, tool_calls: [call("b1")] });
    // Answers the call of message 2, which the memo covers: found from its recorded call lists.
    history.push({ role: "tool", tool_call_id: "a1", content: "again" });
    expect(messageIssues(history, prefixes)).toEqual([]);
    history.push({ role: "tool", tool_call_id: "nope", content: "x" });
    expect(messageIssues(history, prefixes)).toEqual([
      {
        path: ["messages", 6, "tool_call_id"],
        message: "answers no tool call of an earlier assistant message",
        value: "nope",
      },
    ]);
    // The bad message is not remembered: asking again gives the same answer.
    expect(messageIssues(history, prefixes)).toHaveLength(1);
    history.pop();
    expect(messageIssues(history, prefixes)).toEqual([]);
  });

  it("a branch that rewrites an earlier message is checked from the branch point", () => {
    const prefixes = createValidatedPrefixes();
    const opening = { role: "user", content: "hi" };
    const withCall = [system, opening, { role: "assistant", content: null, tool_calls: [call("c1")] }];
    expect(
      messageIssues([...withCall, { role: "tool", tool_call_id: "c1", content: "ok" }], prefixes),
    ).toEqual([]);
    // Same first two messages, then an assistant turn without calls: the old call list must not count.
    const branch = [
      system,
      opening,
      { role: "assistant", content: "no tools" },
      { role: "tool", tool_call_id: "c1", content: "ok" },
    ];
    expect(messageIssues(branch, prefixes).map((i) => i.path)).toEqual([["messages", 3, "tool_call_id"]]);
    // A message of a wrong shape in the middle of a known history is reported at its index.
    const broken = [system, opening, { role: "assistant", content: 42 }];
    expect(messageIssues(broken, prefixes)[0]!.path.slice(0, 2)).toEqual(["messages", 2]);
  });

  it("conversations sharing one system message object are kept apart", () => {
    const prefixes = createValidatedPrefixes();
    const a = [
      system,
      { role: "user", content: "a" },
      { role: "assistant", content: null, tool_calls: [call("x")] },
    ];
    const b = [system, { role: "user", content: "b" }];
    expect(messageIssues(a, prefixes)).toEqual([]);
    expect(messageIssues(b, prefixes)).toEqual([]);
    expect(messageIssues([...b, { role: "tool", tool_call_id: "x", content: "?" }], prefixes)).toHaveLength(
      1,
    );
    expect(messageIssues([...a, { role: "tool", tool_call_id: "x", content: "ok" }], prefixes)).toEqual([]);
  });

  it("property: the same issues as checking every message, over any sequence of grown, cut and branched histories", () => {
    const pool = [
      system,
      { role: "user", content: "u" },
      { role: "assistant", content: "plain" },
      { role: "assistant", content: null, tool_calls: [call("c1")] },
      { role: "assistant", content: null, tool_calls: [call("c2"), call("c3")] },
      { role: "tool", tool_call_id: "c1", content: "r1" },
      { role: "tool", tool_call_id: "c2", content: "r2" },
      { role: "tool", tool_call_id: "c3", content: "r3" },
      { role: "assistant", content: 7 },
      { role: "wizard", content: "?" },
    ];
    const step = fc.oneof(
      fc.record({ op: fc.constant("push" as const), pick: fc.nat(pool.length - 1), fresh: fc.boolean() }),
      fc.record({ op: fc.constant("cut" as const), keep: fc.nat(12) }),
    );
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), (steps) => {
        const prefixes = createValidatedPrefixes();
        let history: object[] = [system];
        for (const s of steps) {
          if (s.op === "push") {
            const m = pool[s.pick]!;
            history = [...history, s.fresh ? { ...m } : m];
          } else history = history.slice(0, Math.max(1, s.keep));
          expect(messageIssues(history, prefixes)).toEqual(messageIssues(history));
        }
      }),
      { numRuns: 300 },
    );
  });
});
