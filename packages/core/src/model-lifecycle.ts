import type { ModelEntry, ModelLifecycle } from "./model";
import { modelKey } from "./model";

const DAY_MS = 86_400_000;

/** Default warning window before a retirement, days. */
export const DEFAULT_RETIREMENT_WARNING_DAYS = 30;

/**
 * Where a model stands at an instant:
 * - `active`: no announcement, or retirement further away than the warning window and not deprecated yet;
 * - `deprecated`: on or after `deprecatedOn`, or within the warning window before `retiresOn`;
 * - `retired`: on or after `retiresOn` (00:00 UTC): requests fail, routing must skip it.
 */
export type LifecycleState = "active" | "deprecated" | "retired";

/** A lifecycle notice about one model, as the router reports and emits it. */
export interface LifecycleWarning {
  /** `deprecated` before retirement; `retired` when a model was named but is past its retirement. */
  code: Exclude<LifecycleState, "active">;
  provider: string;
  model: string;
  deprecatedOn?: string;
  retiresOn?: string;
  /** Whole days from the instant to `retiresOn` (0 on the day itself, negative after). */
  daysLeft?: number;
  replacement?: string;
  /** The provider's page the dates come from. */
  source: string;
  message: string;
}

/** Epoch ms of a `YYYY-MM-DD` day at 00:00 UTC. */
function dayStart(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/**
 * The lifecycle state of `model` at `at`, with a `warningDays` window before `retiresOn` during which
 * an undeprecated model already counts as `deprecated`.
 *
 * @example
 * lifecycleState(catalog.find("anthropic/claude-sonnet-4-5"), new Date("2026-11-29T12:00:00Z")) // "deprecated"
 */
export function lifecycleState(
  model: Pick<ModelEntry, "lifecycle">,
  at: Date | number,
  warningDays: number = DEFAULT_RETIREMENT_WARNING_DAYS,
): LifecycleState {
  const l = model.lifecycle;
  if (l === undefined) return "active";
  const t = typeof at === "number" ? at : at.getTime();
  if (l.retiresOn !== undefined) {
    const retires = dayStart(l.retiresOn);
    if (t >= retires) return "retired";
    if (t >= retires - warningDays * DAY_MS) return "deprecated";
  }
  if (l.deprecatedOn !== undefined && t >= dayStart(l.deprecatedOn)) return "deprecated";
  return "active";
}

/** Epoch ms from which `model` must not be routed to (`retiresOn` 00:00 UTC), or +Infinity. */
export function retiresAt(model: Pick<ModelEntry, "lifecycle">): number {
  const day = model.lifecycle?.retiresOn;
  return day === undefined ? Number.POSITIVE_INFINITY : dayStart(day);
}

/** One line on a model's end of life: the date, the replacement and the source. */
export function describeLifecycle(lifecycle: ModelLifecycle): string {
  const parts: string[] = [];
  if (lifecycle.deprecatedOn !== undefined) parts.push(`deprecated on ${lifecycle.deprecatedOn}`);
  if (lifecycle.retiresOn !== undefined) parts.push(`retires on ${lifecycle.retiresOn}`);
  if (lifecycle.replacement !== undefined) parts.push(`replacement: ${lifecycle.replacement}`);
  return `${parts.join("; ")} (${lifecycle.source.url}, as of ${lifecycle.source.asOf})`;
}

/**
 * The warning for `model` at `at`, or undefined when it is `active`.
 *
 * @example
 * lifecycleWarning(entry, new Date("2026-11-29T00:00:00Z"))?.message
 * // "anthropic/claude-sonnet-4-5 retires on 2026-11-30 (in 1 day) … replacement: …"
 */
export function lifecycleWarning(
  model: Pick<ModelEntry, "provider" | "id" | "lifecycle">,
  at: Date | number,
  warningDays: number = DEFAULT_RETIREMENT_WARNING_DAYS,
): LifecycleWarning | undefined {
  const state = lifecycleState(model, at, warningDays);
  const l = model.lifecycle;
  if (state === "active" || l === undefined) return undefined;
  const t = typeof at === "number" ? at : at.getTime();
  const key = modelKey(model);
  const out: LifecycleWarning = {
    code: state,
    provider: model.provider,
    model: model.id,
    source: l.source.url,
    message: "",
  };
  if (l.deprecatedOn !== undefined) out.deprecatedOn = l.deprecatedOn;
  if (l.replacement !== undefined) out.replacement = l.replacement;
  let when: string;
  if (l.retiresOn !== undefined) {
    out.retiresOn = l.retiresOn;
    const days = Math.floor((dayStart(l.retiresOn) - t) / DAY_MS);
    out.daysLeft = days;
    const deprecated = l.deprecatedOn !== undefined && t >= dayStart(l.deprecatedOn);
    const left = days <= 0 ? "less than a day left" : `in ${days} day${days === 1 ? "" : "s"}`;
    when =
      state === "retired"
        ? `was retired on ${l.retiresOn}`
        : `${deprecated ? "is deprecated and " : ""}retires on ${l.retiresOn} (${left})`;
  } else when = `is deprecated since ${l.deprecatedOn} (no retirement date announced)`;
  const instead = l.replacement === undefined ? "" : `; the provider recommends ${l.replacement}`;
  out.message = `${key} ${when}${instead} (${l.source.url}, as of ${l.source.asOf})`;
  return out;
}
