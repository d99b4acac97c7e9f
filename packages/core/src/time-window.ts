/** Days of the week as used in price windows, Monday first. */
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

interface WindowShape {
  days: readonly Weekday[];
  start: string;
  end: string;
  timezone: string;
}

const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

function toMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/**
 * The window as half-open intervals of minute-of-week (Monday 00:00 = 0), wall clock in its zone.
 * Used to detect overlapping windows.
 */
export function windowMinutesOfWeek(window: WindowShape): [number, number][] {
  const start = toMinutes(window.start);
  const end = toMinutes(window.end);
  const length = end > start ? end - start : end + MINUTES_PER_DAY - start;
  const out: [number, number][] = [];
  for (const day of window.days) {
    const s = WEEKDAYS.indexOf(day) * MINUTES_PER_DAY + start;
    const e = s + length;
    if (e <= MINUTES_PER_WEEK) out.push([s, e]);
    else out.push([s, MINUTES_PER_WEEK], [0, e - MINUTES_PER_WEEK]);
  }
  return out;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      hourCycle: "h23",
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
    });
    formatters.set(timezone, f);
  }
  return f;
}

const SHORT_DAYS: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

/** The wall-clock minute-of-week (Monday 00:00 = 0) of instant `at` in `timezone`, DST included. */
export function minuteOfWeek(at: Date, timezone: string): number {
  if (timezone === "UTC" || timezone === "Etc/UTC") {
    const day = (at.getUTCDay() + 6) % 7;
    return day * MINUTES_PER_DAY + at.getUTCHours() * 60 + at.getUTCMinutes();
  }
  let day = 0;
  let hour = 0;
  let minute = 0;
  for (const part of formatterFor(timezone).formatToParts(at)) {
    if (part.type === "weekday") day = SHORT_DAYS[part.value] ?? 0;
    else if (part.type === "hour") hour = Number(part.value);
    else if (part.type === "minute") minute = Number(part.value);
  }
  return day * MINUTES_PER_DAY + hour * 60 + minute;
}

/** True when instant `at` falls inside the window (start inclusive, end exclusive). */
export function isInWindow(window: WindowShape, at: Date): boolean {
  const m = minuteOfWeek(at, window.timezone);
  return windowMinutesOfWeek(window).some(([s, e]) => m >= s && m < e);
}
