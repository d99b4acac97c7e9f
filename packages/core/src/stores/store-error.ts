import { TokenwiseError } from "../errors";

/** What a store was doing when it failed. */
export type StoreOperation = "get" | "getMany" | "set" | "update" | "delete" | "refresh" | "record";

/**
 * A store (shared statistics, breaker state, calibration, prefixes) failed to read or write. The
 * router never fails a call for it: it reports the error to `onStoreError` and keeps its local view.
 */
export class StoreError extends TokenwiseError {
  /** Which store: `latency`, `breaker`, `prefix`, `calibration`, `output-forecast` or a custom name. */
  readonly store: string;
  readonly operation: StoreOperation;
  /** The key involved, when there was one. */
  readonly key: string | undefined;

  constructor({
    store,
    operation,
    key,
    cause,
  }: {
    store: string;
    operation: StoreOperation;
    key?: string;
    cause?: unknown;
  }) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super({
      message: `${store} store: ${operation}${key === undefined ? "" : ` of "${key}"`} failed: ${why}`,
      cause,
      retryable: true,
    });
    this.name = "StoreError";
    this.store = store;
    this.operation = operation;
    this.key = key;
  }
}

/** Receives store failures (log them, count them); never throws back into the call. */
export type StoreErrorHandler = (error: StoreError) => void;

/**
 * Runs a fire-and-forget store write: a rejection (or a synchronous throw) becomes a
 * {@link StoreError} handed to `onError`, never an unhandled rejection.
 *
 * @example
 * background(() => store.update(key, fold), { store: "latency", operation: "update", key }, onStoreError);
 */
export function background(
  run: () => unknown,
  what: { store: string; operation: StoreOperation; key?: string },
  onError: StoreErrorHandler | undefined,
): void {
  const fail = (cause: unknown) => {
    if (!onError) return;
    try {
      onError(new StoreError({ ...what, cause }));
    } catch {
      // A failing error handler must not fail the call either.
    }
  };
  try {
    const out = run();
    if (out instanceof Promise) out.catch(fail);
  } catch (error) {
    fail(error);
  }
}
