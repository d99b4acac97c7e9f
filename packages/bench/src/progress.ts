import cliProgress from "cli-progress";

/** Receives the runner's progress: a total, then one tick per unit of work. */
export interface ProgressReporter {
  start(total: number): void;
  tick(label: string, units?: number): void;
  stop(): void;
}

/** A reporter that does nothing (tests, non-interactive runs). */
export const silentProgress: ProgressReporter = { start() {}, tick() {}, stop() {} };

/**
 * A progress bar on stderr (cli-progress), or a silent reporter when stderr is not a TTY, so logs and
 * CI output stay clean.
 *
 * @example
 * await runRoutingBenchmark({ datasets, progress: createProgressBar() });
 */
export function createProgressBar(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  if (!stream.isTTY) return silentProgress;
  const bar = new cliProgress.SingleBar(
    { stream, format: "routing bench [{bar}] {percentage}% | {value}/{total} | {label}", hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let value = 0;
  return {
    start(total) {
      bar.start(total, 0, { label: "" });
    },
    tick(label, units = 1) {
      value += units;
      bar.update(value, { label });
    },
    stop() {
      bar.stop();
    },
  };
}
