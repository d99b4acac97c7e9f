import { TokenwiseError } from "@tokenwise/core";
import { describe, expect, it } from "vitest";
import { loadPlotPackage } from "./plot-curves";

describe("plot packages (optional peers)", () => {
  it("names what to install when a plotting package is missing", async () => {
    const missing = Object.assign(new Error("Cannot find package 'vega'"), { code: "ERR_MODULE_NOT_FOUND" });
    const error = await loadPlotPackage("vega", () => Promise.reject(missing)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenwiseError);
    expect((error as Error).message).toBe(
      "@tokenwise/bench: rendering plots needs vega (install the optional peers: npm i vega vega-lite @resvg/resvg-js), or run without plots (plots: false)",
    );
    expect((error as TokenwiseError).cause).toBe(missing);
  });

  it("passes other load errors through, and loads what is installed", async () => {
    const broken = new SyntaxError("bad module");
    await expect(loadPlotPackage("vega-lite", () => Promise.reject(broken))).rejects.toBe(broken);
    const vegaLite = await loadPlotPackage("vega-lite", () => import("vega-lite"));
    expect(typeof vegaLite.compile).toBe("function");
  });
});
