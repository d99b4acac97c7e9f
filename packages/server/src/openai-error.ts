import { TokenwiseError, ValidationError, type ValidationIssue } from "@tokenwise/core";
import {
  AllCandidatesFailedError,
  CallAbortedError,
  DeadlineExceededError,
  NoCandidateError,
  StreamInterruptedError,
} from "@tokenwise/router";

/** OpenAI's error `type`s, plus the gateway's own for upstream failures. */
export type OpenAIErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "not_found_error"
  | "server_error"
  | "upstream_error"
  | "timeout_error";

/** OpenAI's error body: `{ error: { message, type, param, code } }`. */
export interface OpenAIErrorBody {
  error: { message: string; type: OpenAIErrorType; param: string | null; code: string | null };
}

/** An error the server answers with: an HTTP status and OpenAI's body shape. */
export class HttpError extends TokenwiseError {
  readonly status: number;
  readonly type: OpenAIErrorType;
  readonly param: string | null;
  readonly code: string | null;

  constructor(options: {
    status: number;
    type: OpenAIErrorType;
    message: string;
    param?: string | null;
    code?: string | null;
    cause?: unknown;
  }) {
    super({ message: options.message, cause: options.cause });
    this.name = "HttpError";
    this.status = options.status;
    this.type = options.type;
    this.param = options.param ?? null;
    this.code = options.code ?? null;
  }

  /** The response body. */
  body(): OpenAIErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

/** A zod-style path as OpenAI writes `param`: `messages[0].content`, `response_format.type`. */
export function paramOf(path: readonly (string | number)[]): string | null {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${p}` : p;
  return out || null;
}

/** Problems found in a request body, with the path of the first as `param`. */
export function invalidRequest(
  issues: readonly ValidationIssue[],
  prefix: readonly (string | number)[] = [],
): HttpError {
  const text = issues
    .map((i) => {
      const value = i.value === undefined ? "" : ` (got ${JSON.stringify(i.value)?.slice(0, 80)})`;
      return `${paramOf([...prefix, ...i.path]) ?? "body"}: ${i.message}${value}`;
    })
    .join("; ");
  return new HttpError({
    status: 400,
    type: "invalid_request_error",
    message: `Invalid request: ${text}`,
    param: paramOf([...prefix, ...(issues[0]?.path ?? [])]),
    code: "invalid_value",
  });
}

/** Why the server stopped a call itself. */
export class RequestDeadlineError extends TokenwiseError {
  readonly deadlineMs: number;
  constructor(deadlineMs: number) {
    super({ message: `The request did not complete within the server's deadline of ${deadlineMs} ms` });
    this.name = "RequestDeadlineError";
    this.deadlineMs = deadlineMs;
  }
}

const deadline = (ms: number) =>
  new HttpError({
    status: 504,
    type: "timeout_error",
    message: `The request did not complete within the deadline of ${ms} ms`,
    code: "timeout",
  });

/**
 * Maps what the router (or the server) threw to the status and body the client gets. Unknown errors
 * become a 500 without their message, which may carry details not meant for clients.
 */
export function toHttpError(error: unknown, redact: (text: string) => string): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof RequestDeadlineError) return deadline(error.deadlineMs);
  if (error instanceof CallAbortedError) {
    const cause = error.cause;
    if (cause instanceof RequestDeadlineError) return deadline(cause.deadlineMs);
    return new HttpError({
      status: 499,
      type: "invalid_request_error",
      message: "The client closed the request",
      code: "client_closed",
    });
  }
  if (error instanceof NoCandidateError) {
    return new HttpError({
      status: 400,
      type: "invalid_request_error",
      message: redact(error.message),
      param: "model",
      code: "no_candidate",
    });
  }
  if (error instanceof AllCandidatesFailedError) {
    if (error.errors.some((e) => e instanceof DeadlineExceededError)) {
      return new HttpError({
        status: 504,
        type: "timeout_error",
        message: redact(error.message),
        code: "timeout",
      });
    }
    return new HttpError({
      status: 502,
      type: "upstream_error",
      message: redact(error.message),
      code: "all_candidates_failed",
    });
  }
  if (error instanceof ValidationError) return invalidRequest(error.issues);
  if (error instanceof StreamInterruptedError) {
    return new HttpError({
      status: 502,
      type: "upstream_error",
      message: redact(error.message),
      code: "stream_interrupted",
    });
  }
  return new HttpError({
    status: 500,
    type: "server_error",
    message: "Internal server error",
    code: "internal_error",
  });
}
