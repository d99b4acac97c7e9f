import { describe, expect, it } from "vitest";
import { FaultSchedule } from "./faults";

describe("FaultSchedule", () => {
  it("plays a script in order, then ok", () => {
    const f = new FaultSchedule(["429", "ok", "500"], 1, "m");
    expect([f.next(), f.next(), f.next(), f.next()]).toEqual(["429", "ok", "500", "ok"]);
  });

  it("draws by rate deterministically for a seed", () => {
    const draw = () => {
      const f = new FaultSchedule({ rate: 0.3, kinds: ["429", "503"] }, 99, "m");
      return Array.from({ length: 200 }, () => f.next());
    };
    const a = draw();
    expect(draw()).toEqual(a);
    const faulted = a.filter((k) => k !== "ok").length;
    expect(faulted).toBeGreaterThan(30);
    expect(faulted).toBeLessThan(90);
    expect(new Set(a)).toEqual(new Set(["ok", "429", "503"]));
  });

  it("plays the script before the rate", () => {
    const f = new FaultSchedule({ script: ["529"], rate: 0 }, 1, "m");
    expect([f.next(), f.next()]).toEqual(["529", "ok"]);
  });

  it("rejects unknown faults and bad rates", () => {
    expect(() => new FaultSchedule(["418" as "429"], 1, "m")).toThrow(/unknown fault "418"/);
    expect(() => new FaultSchedule({ rate: 2 }, 1, "m")).toThrow(/rate/);
  });
});
