import { seededRandom } from "@tokenwise/core/internal";
/**
 * Exploration: a small share of eligible traffic goes to models whose statistics are unknown or
 * stale, chosen by Thompson sampling, so that what the router knows stays current.
 */
export interface ExplorationSettings {
  /** Share of calls that explore, in [0, 1]. 0 (the default without this setting) never explores. */
  rate: number;
  /** A statistic older than this is stale, ms. Default 86,400,000 (one day). */
  staleAfterMs?: number;
  /** Observations below which a model's latency or learned quality counts as unknown. Default 20. */
  minObservations?: number;
  /** Seed of the exploration draws (reproducible runs). Default: the router's `random`. */
  seed?: number;
}

/** Exploration settings with defaults applied, and its source of randomness. */
export interface ResolvedExploration {
  rate: number;
  staleAfterMs: number;
  minObservations: number;
  random: () => number;
}

/** Why a call explored: what the router did not know (or no longer trusted) about the model it chose. */
export type ExplorationReason = "latency-unknown" | "latency-stale" | "quality-unknown" | "quality-stale";

/** The mark of an exploratory call in its report. */
export interface ExplorationMark {
  reason: ExplorationReason;
  /** The Thompson draws the model was chosen with: quality (0–1, null without a floor) and latency (ms, null without a cap). */
  draws: { quality: number | null; latencyMs: number | null };
}

/** A standard normal draw (Box–Muller) from uniform draws in [0, 1). */
export function normalDraw(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Applies the defaults; `random` is the router's. */
export function resolveExploration(
  settings: ExplorationSettings | undefined,
  random: () => number,
): ResolvedExploration | undefined {
  if (!settings || settings.rate === 0) return undefined;
  return {
    rate: settings.rate,
    staleAfterMs: settings.staleAfterMs ?? 86_400_000,
    minObservations: settings.minObservations ?? 20,
    random: settings.seed === undefined ? random : seededRandom(settings.seed),
  };
}
