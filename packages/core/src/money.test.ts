import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { divRoundHalfEven, parseScaled } from "./decimal";
import { addMoney, formatMoney, moneyFromDecimal, moneyToDecimal, moneyToNumber, sumMoney } from "./money";

describe("money", () => {
  it("parses and prints decimals exactly", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), (atto) => {
        const m = { currency: "USD", atto };
        expect(moneyFromDecimal(moneyToDecimal(m), "USD")).toEqual(m);
      }),
    );
    expect(moneyFromDecimal("-1.5", "CNY").atto).toBe(-1_500_000_000_000_000_000n);
  });

  it("rejects more precision than the unit holds instead of rounding silently", () => {
    expect(() => parseScaled("0.0000000000000000001", 18)).toThrow(/more than 18 decimal places/);
    expect(parseScaled("1.500000000000000000000", 18)).toBe(1_500_000_000_000_000_000n);
  });

  it("formats half to even", () => {
    expect(formatMoney(moneyFromDecimal("0.0000125", "USD"))).toBe("0.000012 USD");
    expect(formatMoney(moneyFromDecimal("0.0000135", "USD"))).toBe("0.000014 USD");
    expect(formatMoney(moneyFromDecimal("12", "CNY"), 2)).toBe("12.00 CNY");
    expect(divRoundHalfEven(-5n, 2n)).toBe(-2n);
  });

  it("refuses to add different currencies", () => {
    expect(() => addMoney(moneyFromDecimal("1", "USD"), moneyFromDecimal("1", "CNY"))).toThrow(
      /without an FX rate/,
    );
    expect(() => sumMoney([moneyFromDecimal("1", "CNY")], "USD")).toThrow(/CNY amount in a USD sum/);
  });

  it("gives a float only as an approximation", () => {
    expect(moneyToNumber(moneyFromDecimal("1234.5678", "USD"))).toBeCloseTo(1234.5678, 10);
  });
});
