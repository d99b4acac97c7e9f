import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { TokenwiseError } from "@tokenwise/core";
import type * as VegaLite from "vega-lite";
import type { DatasetResult, RoutingBenchmarkResult } from "./benchmark-result";

/** A Vega-Lite spec (kept loose: the compiler validates it). */
export type VegaLiteSpec = VegaLite.TopLevelSpec;

const PLOT_PACKAGES = "vega vega-lite @resvg/resvg-js";

/**
 * Loads one of the plotting packages (optional peer dependencies: only plots need them), or throws a
 * `TokenwiseError` naming what to install.
 */
export async function loadPlotPackage<T>(
  name: "vega" | "vega-lite" | "@resvg/resvg-js",
  load: () => Promise<T>,
): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") {
      throw new TokenwiseError({
        message: `@tokenwise/bench: rendering plots needs ${name} (install the optional peers: npm i ${PLOT_PACKAGES}), or run without plots (plots: false)`,
        cause: error,
      });
    }
    throw error;
  }
}

/**
 * The Vega-Lite spec of one data set's cost–quality curves: a line per policy with a knob, a point per
 * single model and the oracle, a rule at 95% of the reference model's quality.
 *
 * @example
 * const svg = await renderSvg(curveSpec(result.datasets.mmlu!));
 */
export function curveSpec(data: DatasetResult): VegaLiteSpec {
  const lines: { policy: string; cost: number; quality: number; order: number }[] = [];
  for (const [policy, r] of Object.entries(data.policies)) {
    r.curve?.forEach((p, order) => {
      lines.push({ policy, cost: p.cost, quality: p.quality, order });
    });
  }
  for (const line of lines) line.order = line.cost;
  const points = Object.entries(data.policies)
    .filter(([, r]) => !r.curve)
    .map(([policy, r]) => ({ policy: policy.replace(/^single:/, ""), cost: r.cost, quality: r.quality }));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: `${data.name}: cost vs quality (${data.evaluation})`, fontSize: 13 },
    width: 560,
    height: 340,
    background: "white",
    layer: [
      {
        data: { values: lines },
        mark: { type: "line", point: { size: 12 }, strokeWidth: 1.5 },
        encoding: {
          x: { field: "cost", type: "quantitative", title: "total cost (USD)" },
          y: {
            field: "quality",
            type: "quantitative",
            title: "quality (mean score)",
            scale: { zero: false },
          },
          color: { field: "policy", type: "nominal" },
          order: { field: "order", type: "quantitative" },
        },
      },
      {
        data: { values: points },
        mark: { type: "point", filled: true, size: 70, shape: "diamond" },
        encoding: {
          x: { field: "cost", type: "quantitative" },
          y: { field: "quality", type: "quantitative" },
          color: { value: "black" },
        },
      },
      {
        data: { values: points },
        mark: { type: "text", align: "left", dx: 6, dy: -6, fontSize: 9 },
        encoding: {
          x: { field: "cost", type: "quantitative" },
          y: { field: "quality", type: "quantitative" },
          text: { field: "policy", type: "nominal" },
        },
      },
      {
        data: { values: [{ target: data.cost_reduction_at_95pct.target }] },
        mark: { type: "rule", strokeDash: [4, 4], color: "gray" },
        encoding: { y: { field: "target", type: "quantitative" } },
      },
    ],
  };
}

/**
 * Renders a Vega-Lite spec to SVG in-process: vega-lite compile → vega View (no renderer) → toSVG.
 *
 * @example
 * const svg = await renderSvg(curveSpec(result.datasets.gsm8k!));
 */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const vegaLite = await loadPlotPackage("vega-lite", () => import("vega-lite"));
  const vega = await loadPlotPackage("vega", () => import("vega"));
  const compiled = vegaLite.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Rasterises an SVG to PNG with resvg (system fonts loaded for the labels).
 *
 * @example
 * writeFileSync("plot.png", await svgToPng(svg));
 */
export async function svgToPng(svg: string, scale = 2): Promise<Buffer> {
  const { Resvg } = await loadPlotPackage("@resvg/resvg-js", () => import("@resvg/resvg-js"));
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    background: "white",
    font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" },
  });
  return resvg.render().asPng();
}

/** Writes `routing-<data set>.svg` and `.png` for every data set of a result into `outDir`. */
export async function renderCurvePlots(result: RoutingBenchmarkResult, outDir: string): Promise<string[]> {
  const files: string[] = [];
  for (const [key, data] of Object.entries(result.datasets)) {
    const svg = await renderSvg(curveSpec(data));
    const base = join(outDir, `routing-${key.replace(/[^a-z0-9@.-]+/gi, "_")}`);
    writeFileSync(`${base}.svg`, svg);
    writeFileSync(`${base}.png`, await svgToPng(svg));
    files.push(`${base}.svg`, `${base}.png`);
  }
  return files;
}
