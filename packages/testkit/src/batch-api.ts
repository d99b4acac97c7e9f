import type { ApiStyle } from "@tokenwise/core";
import { TestkitConfigError } from "./errors";
import type { WireErrorKind } from "./openai-wire";
import { createPrng, makeId, type Prng } from "./prng";

/**
 * How a simulated provider runs batches (OpenAI Batch API, Anthropic Message Batches).
 * Every field has a default; delays are on the testkit's clock (`now`), never on wall time.
 */
export interface BatchSimSettings {
  /**
   * Time from creation until the last line is done, ms: a number, or drawn per batch (log-uniform
   * between `min` and `max`, seeded). Lines finish evenly spread over it. Default 5 min – 6 h.
   */
  completionMs?: number | { min: number; max: number };
  /** Share of lines answered with a server error (not billed). Default 0. */
  lineFailureRate?: number;
  /**
   * Share of batches that do not finish within the completion window: they expire at
   * `created + windowMs`, with the lines done by then answered and the rest expired. Default 0.
   */
  expireRate?: number;
  /** The completion window, ms. Default 24 h (the only window both APIs offer). */
  windowMs?: number;
  /** Most requests per batch (OpenAI 50,000; Anthropic 100,000). */
  maxRequests?: number;
  /** Most bytes per batch input (OpenAI 200 MB file; Anthropic 256 MB). */
  maxBytes?: number;
}

/** What answering one line produced (from the server's normal request path). */
export interface LineAnswer {
  statusCode: number;
  requestId: string;
  body: unknown;
}

/** The server's side of a batch: answer one line as if it had come over HTTP, billed at the batch rate. */
export type AnswerLine = (line: {
  provider: string;
  style: ApiStyle;
  body: unknown;
  customId: string;
  batchId: string;
  /** When the line is processed (its receipt on the server clock). */
  at: Date;
  /** When the batch was created: the instant its price is looked up for. */
  createdAt: Date;
  /** Answer with this server error instead (a simulated line failure). */
  fail: boolean;
}) => Promise<LineAnswer>;

/** A line's outcome once processed. */
type LineResult = { kind: "answered"; answer: LineAnswer } | { kind: "expired" } | { kind: "canceled" };

interface BatchLine {
  customId: string;
  body: unknown;
  /** Offset from creation at which the line is done, ms. */
  dueMs: number;
  result?: LineResult;
  /** Set once the line's answer has been asked for (it bills once, whatever happens after). */
  started?: boolean;
}

/** One simulated batch (either wire). */
export interface SimBatch {
  id: string;
  provider: string;
  style: ApiStyle;
  model: string;
  createdAt: number;
  expiresAt: number;
  /** Instant the last line is due (past `expiresAt` for an expiring batch). */
  doneAt: number;
  lines: BatchLine[];
  inputFileId?: string;
  endpoint?: string;
  metadata?: Record<string, string> | null;
  cancelAt?: number;
  endedAt?: number;
  outputFileId?: string | null;
  errorFileId?: string | null;
  /** Validation errors of an OpenAI batch that failed before running. */
  failed?: { code: string; message: string; line: number | null; param: string | null }[];
  failedAt?: number;
  /** Serializes processing (two concurrent reads must not answer a line twice). */
  busy: Promise<void>;
}

interface SimFile {
  id: string;
  bytes: number;
  createdAt: number;
  filename: string;
  purpose: string;
  content: Buffer;
}

/** An HTTP answer of the batch routes: status and JSON (or JSONL) body. */
export interface BatchHttpAnswer {
  status: number;
  /** A JSON value, or a string sent as `application/jsonl` / `application/octet-stream`. */
  body: unknown;
  contentType?: string;
  /** For an error answer: the error kind, so the server writes the protocol's own error body. */
  error?: { kind: WireErrorKind; message: string; param?: string | null };
}

const OPENAI_LIMITS = { maxRequests: 50_000, maxBytes: 200 * 1024 * 1024 };
const ANTHROPIC_LIMITS = { maxRequests: 100_000, maxBytes: 256 * 1024 * 1024 };
const DAY_MS = 24 * 3600 * 1000;
const CUSTOM_ID = /^[a-zA-Z0-9_-]{1,64}$/;

/** Checks batch settings; throws `TestkitConfigError` naming the field. */
export function validateBatchSettings(settings: BatchSimSettings, name: string): void {
  const bad = (field: string, value: unknown, rule: string) => {
    throw new TestkitConfigError({ message: `${name}: batch.${field} ${rule}, got ${String(value)}` });
  };
  const c = settings.completionMs;
  if (typeof c === "number" && !(c >= 0)) bad("completionMs", c, "must be ≥ 0");
  if (typeof c === "object" && !(c.min > 0 && c.max >= c.min)) {
    bad("completionMs", JSON.stringify(c), "must have 0 < min ≤ max");
  }
  for (const field of ["lineFailureRate", "expireRate"] as const) {
    const v = settings[field];
    if (v !== undefined && !(v >= 0 && v <= 1)) bad(field, v, "must be in [0, 1]");
  }
  for (const field of ["windowMs", "maxRequests", "maxBytes"] as const) {
    const v = settings[field];
    if (v !== undefined && !(v > 0)) bad(field, v, "must be > 0");
  }
}

/**
 * The batch side of a testkit server: files and batches of the OpenAI style, message batches of the
 * Anthropic style. Batches progress on the server clock: each request looks at `now()` and answers
 * the lines that are due (through `answer`, billed at the batch rate at the batch's creation).
 */
export class BatchApi {
  private readonly files = new Map<string, SimFile>();
  private readonly batches = new Map<string, SimBatch>();
  private seq = 0;

  constructor(
    private readonly options: {
      seed: number | string;
      now: () => Date;
      /** Settings per provider name (`false`: the provider offers no batch API). */
      settings: (provider: string) => BatchSimSettings | false | undefined;
      answer: AnswerLine;
      /** Absolute base URL of a provider (`http://127.0.0.1:PORT/NAME`), for Anthropic's `results_url`. */
      baseUrl: (provider: string) => string;
      /** Whether the provider serves this model. */
      hasModel: (provider: string, model: string) => boolean;
    },
  ) {}

  /** Every batch, in creation order. */
  list(provider?: string): SimBatch[] {
    return [...this.batches.values()].filter((b) => provider === undefined || b.provider === provider);
  }

  clear(): void {
    this.files.clear();
    this.batches.clear();
  }

  private rng(...parts: (string | number)[]): Prng {
    return createPrng(this.options.seed, "batch", ...parts);
  }

  private nextId(prefix: string, length: number): string {
    return makeId(prefix, length, this.rng("id", ++this.seq));
  }

  private settingsOf(provider: string): BatchSimSettings | undefined {
    const s = this.options.settings(provider);
    return s === false ? undefined : (s ?? {});
  }

  /** Routes one request under `/{provider}/v1/…`; undefined when the path is not a batch route. */
  async handle(
    provider: string,
    style: ApiStyle,
    method: string,
    rest: string,
    raw: () => Promise<Buffer>,
    contentType: string,
  ): Promise<BatchHttpAnswer | undefined> {
    const settings = this.settingsOf(provider);
    if (style === "openai") {
      const m = /^(files|batches)(?:\/([^/]+))?(?:\/(content|cancel))?\/?$/.exec(rest);
      if (!m) return undefined;
      if (!settings) return notFound(`${provider} offers no batch API`);
      const [, kind, id, action] = m;
      if (kind === "files") {
        if (!id && method === "POST") return this.uploadFile(await raw(), contentType);
        if (id && !action && method === "GET") return this.retrieveFile(id);
        if (id && action === "content" && method === "GET") return this.fileContent(provider, id);
        return undefined;
      }
      if (!id && method === "POST") return this.createOpenAI(provider, settings, await raw());
      if (!id && method === "GET") {
        const data: unknown[] = [];
        for (const b of this.list(provider)) data.push(await this.openAIBatch(b));
        return ok({ object: "list", data, first_id: null, last_id: null, has_more: false });
      }
      const batch = id ? this.batches.get(id) : undefined;
      if (!batch || batch.provider !== provider || batch.style !== "openai") {
        return notFound(`No batch found with id '${id}'.`);
      }
      if (!action && method === "GET") return ok(await this.openAIBatch(batch));
      if (action === "cancel" && method === "POST") return this.cancel(batch, "openai");
      return undefined;
    }
    const m = /^messages\/batches(?:\/([^/]+))?(?:\/(results|cancel))?\/?$/.exec(rest);
    if (!m) return undefined;
    if (!settings) return notFound(`${provider} offers no batch API`);
    const [, id, action] = m;
    if (!id && method === "POST") return this.createAnthropic(provider, settings, await raw());
    if (!id && method === "GET") {
      const data: unknown[] = [];
      for (const b of this.list(provider)) data.push(await this.anthropicBatch(b));
      return ok({ data, has_more: false, first_id: null, last_id: null });
    }
    const batch = id ? this.batches.get(id) : undefined;
    if (!batch || batch.provider !== provider || batch.style !== "anthropic") {
      return notFound(`No message batch found with id '${id}'.`);
    }
    if (!action && method === "GET") return ok(await this.anthropicBatch(batch));
    if (action === "cancel" && method === "POST") return this.cancel(batch, "anthropic");
    if (action === "results" && method === "GET") return this.anthropicResults(batch);
    return undefined;
  }

  // ---- files (OpenAI) ----

  private async uploadFile(raw: Buffer, contentType: string): Promise<BatchHttpAnswer> {
    let form: FormData;
    try {
      form = await new Request("http://127.0.0.1/", {
        method: "POST",
        headers: { "content-type": contentType },
        body: raw,
      }).formData();
    } catch {
      return badRequest("The request body must be multipart/form-data with `file` and `purpose`.", null);
    }
    const purpose = form.get("purpose");
    const file = form.get("file");
    if (purpose !== "batch") {
      return badRequest(`'purpose' must be 'batch' here, got '${String(purpose)}'.`, "purpose");
    }
    if (!file || typeof file === "string") return badRequest("'file' is required.", "file");
    const content = Buffer.from(await file.arrayBuffer());
    const f: SimFile = {
      id: this.nextId("file-", 22),
      bytes: content.length,
      createdAt: this.nowSec(),
      filename: file.name || "upload.jsonl",
      purpose: "batch",
      content,
    };
    this.files.set(f.id, f);
    return ok(fileObject(f));
  }

  private retrieveFile(id: string): BatchHttpAnswer {
    const f = this.files.get(id);
    return f ? ok(fileObject(f)) : notFound(`No such File object: ${id}`);
  }

  private async fileContent(provider: string, id: string): Promise<BatchHttpAnswer> {
    // Output and error files are written when their batch ends: bring every batch up to date first.
    for (const b of this.list(provider)) await this.advance(b);
    const f = this.files.get(id);
    if (!f) return notFound(`No such File object: ${id}`);
    return { status: 200, body: f.content.toString("utf8"), contentType: "application/octet-stream" };
  }

  private nowSec(): number {
    return Math.floor(this.options.now().getTime() / 1000);
  }

  // ---- creation ----

  private plan(
    provider: string,
    style: ApiStyle,
    model: string,
    settings: BatchSimSettings,
    lines: { customId: string; body: unknown }[],
  ): SimBatch {
    const id = style === "openai" ? this.nextId("batch_", 32) : this.nextId("msgbatch_01", 24);
    const createdMs = this.nowSec() * 1000;
    const windowMs = settings.windowMs ?? DAY_MS;
    const rng = this.rng("plan", id);
    const c = settings.completionMs ?? { min: 5 * 60_000, max: 6 * 3600_000 };
    let total =
      typeof c === "number"
        ? c
        : Math.exp(Math.log(c.min) + rng.next() * (Math.log(c.max) - Math.log(c.min)));
    if (total >= windowMs || rng.next() < (settings.expireRate ?? 0)) {
      // An expiring batch: 30–90 % of its lines are done by the end of the window.
      total = windowMs / (0.3 + 0.6 * rng.next());
    }
    const n = lines.length;
    const failRate = settings.lineFailureRate ?? 0;
    const failRng = this.rng("fail", id);
    const batch: SimBatch = {
      id,
      provider,
      style,
      model,
      createdAt: createdMs,
      expiresAt: createdMs + windowMs,
      doneAt: createdMs + Math.round(total),
      lines: lines.map((l, i) => {
        const line: BatchLine & { fail?: boolean } = {
          customId: l.customId,
          body: l.body,
          dueMs: Math.round((total * (i + 1)) / n),
        };
        line.fail = failRng.next() < failRate;
        return line;
      }),
      busy: Promise.resolve(),
    };
    this.batches.set(id, batch);
    return batch;
  }

  private async createOpenAI(
    provider: string,
    settings: BatchSimSettings,
    raw: Buffer,
  ): Promise<BatchHttpAnswer> {
    let params: {
      input_file_id?: unknown;
      endpoint?: unknown;
      completion_window?: unknown;
      metadata?: unknown;
    };
    try {
      params = JSON.parse(raw.toString("utf8"));
    } catch {
      return badRequest("We could not parse the JSON body of your request.", null);
    }
    if (params.endpoint !== "/v1/chat/completions") {
      return badRequest(
        `Invalid value for 'endpoint': the testkit batches '/v1/chat/completions' only, got '${String(params.endpoint)}'.`,
        "endpoint",
      );
    }
    if (params.completion_window !== "24h") {
      return badRequest(
        `Invalid value for 'completion_window': expected '24h', got '${String(params.completion_window)}'.`,
        "completion_window",
      );
    }
    const file = typeof params.input_file_id === "string" ? this.files.get(params.input_file_id) : undefined;
    if (!file) return badRequest(`No such File object: ${String(params.input_file_id)}`, "input_file_id");
    const limits = { ...OPENAI_LIMITS, ...settings };
    const errors: NonNullable<SimBatch["failed"]> = [];
    const lines: { customId: string; body: unknown }[] = [];
    const seen = new Set<string>();
    let model: string | undefined;
    const text = file.content.toString("utf8").split("\n");
    text.forEach((rawLine, i) => {
      if (rawLine.trim() === "") return;
      const lineNo = i + 1;
      let parsed: { custom_id?: unknown; method?: unknown; url?: unknown; body?: { model?: unknown } };
      try {
        parsed = JSON.parse(rawLine);
      } catch {
        errors.push({
          code: "invalid_json_line",
          message: "This line is not parseable as valid JSON.",
          line: lineNo,
          param: null,
        });
        return;
      }
      if (typeof parsed.custom_id !== "string" || parsed.custom_id === "") {
        errors.push({
          code: "missing_required_parameter",
          message: "Missing 'custom_id'.",
          line: lineNo,
          param: "custom_id",
        });
        return;
      }
      if (seen.has(parsed.custom_id)) {
        errors.push({
          code: "duplicate_custom_id",
          message: `The custom_id '${parsed.custom_id}' is duplicated.`,
          line: lineNo,
          param: "custom_id",
        });
        return;
      }
      seen.add(parsed.custom_id);
      if (parsed.method !== "POST" || parsed.url !== params.endpoint) {
        errors.push({
          code: "invalid_url",
          message: `The URL provided for this request does not match the batch endpoint ${String(params.endpoint)}.`,
          line: lineNo,
          param: "url",
        });
        return;
      }
      const m = parsed.body?.model;
      if (typeof m !== "string") {
        errors.push({
          code: "missing_required_parameter",
          message: "Missing 'body.model'.",
          line: lineNo,
          param: "body.model",
        });
        return;
      }
      if (model !== undefined && m !== model) {
        errors.push({
          code: "mismatched_model",
          message: `A batch can only include requests to one model: '${model}' and '${m}'.`,
          line: lineNo,
          param: "body.model",
        });
        return;
      }
      if (!this.options.hasModel(provider, m)) {
        errors.push({
          code: "model_not_found",
          message: `The model '${m}' does not exist.`,
          line: lineNo,
          param: "body.model",
        });
        return;
      }
      model = m;
      lines.push({ customId: parsed.custom_id, body: parsed.body });
    });
    if (lines.length > limits.maxRequests) {
      errors.push({
        code: "too_many_requests",
        message: `A batch may hold at most ${limits.maxRequests} requests, got ${lines.length}.`,
        line: null,
        param: null,
      });
    }
    if (file.bytes > limits.maxBytes) {
      errors.push({
        code: "file_too_large",
        message: `The input file is larger than ${limits.maxBytes} bytes.`,
        line: null,
        param: null,
      });
    }
    if (lines.length === 0 && errors.length === 0) {
      errors.push({
        code: "empty_file",
        message: "The input file has no requests.",
        line: null,
        param: null,
      });
    }
    const batch = this.plan(provider, "openai", model ?? "", settings, errors.length > 0 ? [] : lines);
    batch.inputFileId = file.id;
    batch.endpoint = params.endpoint;
    batch.metadata = (params.metadata as Record<string, string> | null | undefined) ?? null;
    if (errors.length > 0) {
      batch.failed = errors;
      batch.failedAt = batch.createdAt;
    }
    const out = (await this.openAIBatch(batch, true)) as Record<string, unknown>;
    return ok(out);
  }

  private async createAnthropic(
    provider: string,
    settings: BatchSimSettings,
    raw: Buffer,
  ): Promise<BatchHttpAnswer> {
    let params: { requests?: unknown };
    try {
      params = JSON.parse(raw.toString("utf8"));
    } catch {
      return badRequest("The request body is not valid JSON.", null);
    }
    if (!Array.isArray(params.requests) || params.requests.length === 0) {
      return badRequest("requests: Field required (a non-empty list)", "requests");
    }
    const limits = { ...ANTHROPIC_LIMITS, ...settings };
    if (params.requests.length > limits.maxRequests) {
      return badRequest(
        `requests: at most ${limits.maxRequests} requests per batch, got ${params.requests.length}`,
        "requests",
      );
    }
    if (raw.length > limits.maxBytes) {
      return badRequest(`The batch is larger than ${limits.maxBytes} bytes.`, "requests");
    }
    const seen = new Set<string>();
    const lines: { customId: string; body: unknown }[] = [];
    for (const [i, r] of (params.requests as { custom_id?: unknown; params?: unknown }[]).entries()) {
      if (typeof r?.custom_id !== "string" || !CUSTOM_ID.test(r.custom_id)) {
        return badRequest(
          `requests.${i}.custom_id: must match ^[a-zA-Z0-9_-]{1,64}$`,
          `requests.${i}.custom_id`,
        );
      }
      if (seen.has(r.custom_id)) {
        return badRequest(
          `requests.${i}.custom_id: duplicate custom_id '${r.custom_id}'`,
          `requests.${i}.custom_id`,
        );
      }
      seen.add(r.custom_id);
      if (typeof r.params !== "object" || r.params === null) {
        return badRequest(`requests.${i}.params: Field required`, `requests.${i}.params`);
      }
      lines.push({ customId: r.custom_id, body: r.params });
    }
    const model = String((lines[0]!.body as { model?: unknown }).model ?? "");
    return ok(await this.anthropicBatch(this.plan(provider, "anthropic", model, settings, lines)));
  }

  // ---- progress ----

  /** Answers every line due by now (or by the cancel or expiry instant); marks the batch ended. */
  private advance(batch: SimBatch): Promise<void> {
    const run = batch.busy.then(() => this.advanceNow(batch));
    batch.busy = run.catch(() => undefined);
    return run;
  }

  private async advanceNow(batch: SimBatch): Promise<void> {
    if (batch.endedAt !== undefined || batch.failed) return;
    const now = this.options.now().getTime();
    const stopAt = Math.min(now, batch.cancelAt ?? Number.POSITIVE_INFINITY, batch.expiresAt);
    for (const line of batch.lines as (BatchLine & { fail?: boolean })[]) {
      if (line.result || line.started) continue;
      const due = batch.createdAt + line.dueMs;
      if (due > stopAt) break;
      line.started = true;
      const answer = await this.options.answer({
        provider: batch.provider,
        style: batch.style,
        body: line.body,
        customId: line.customId,
        batchId: batch.id,
        at: new Date(due),
        createdAt: new Date(batch.createdAt),
        fail: line.fail === true,
      });
      line.result = { kind: "answered", answer };
    }
    const allDone = batch.lines.every((l) => l.result);
    if (allDone) batch.endedAt = Math.max(batch.createdAt, Math.min(now, batch.doneAt));
    else if (batch.cancelAt !== undefined && now >= batch.cancelAt) {
      for (const l of batch.lines) l.result ??= { kind: "canceled" };
      batch.endedAt = batch.cancelAt;
    } else if (now >= batch.expiresAt) {
      for (const l of batch.lines) l.result ??= { kind: "expired" };
      batch.endedAt = batch.expiresAt;
    }
    if (batch.endedAt !== undefined && batch.style === "openai") this.writeOpenAIFiles(batch);
  }

  private cancel(batch: SimBatch, style: ApiStyle): Promise<BatchHttpAnswer> {
    return (async () => {
      await this.advance(batch);
      if (batch.endedAt === undefined && !batch.failed && batch.cancelAt === undefined) {
        // Lines already due are answered; the rest are canceled once cancelling completes (at once here).
        batch.cancelAt = this.options.now().getTime();
        await this.advance(batch);
      }
      const body = style === "openai" ? await this.openAIBatch(batch) : await this.anthropicBatch(batch);
      return ok(body);
    })();
  }

  private writeOpenAIFiles(batch: SimBatch): void {
    if (batch.outputFileId !== undefined) return;
    const out: string[] = [];
    const errors: string[] = [];
    const rng = this.rng("lines", batch.id);
    for (const line of batch.lines) {
      const id = makeId("batch_req_", 32, rng);
      const r = line.result!;
      if (r.kind === "answered") {
        const record = {
          id,
          custom_id: line.customId,
          response: { status_code: r.answer.statusCode, request_id: r.answer.requestId, body: r.answer.body },
          error: null,
        };
        (r.answer.statusCode === 200 ? out : errors).push(JSON.stringify(record));
      } else {
        const error =
          r.kind === "expired"
            ? {
                code: "batch_expired",
                message: "This request could not be executed before the completion window expired.",
              }
            : { code: "batch_cancelled", message: "This request was cancelled before it was executed." };
        errors.push(JSON.stringify({ id, custom_id: line.customId, response: null, error }));
      }
    }
    const file = (lines: string[], name: string): string | null => {
      if (lines.length === 0) return null;
      const content = Buffer.from(`${lines.join("\n")}\n`, "utf8");
      const f: SimFile = {
        id: this.nextId("file-", 22),
        bytes: content.length,
        createdAt: Math.floor(batch.endedAt! / 1000),
        filename: `${batch.id}_${name}.jsonl`,
        purpose: "batch_output",
        content,
      };
      this.files.set(f.id, f);
      return f.id;
    };
    batch.outputFileId = file(out, "output");
    batch.errorFileId = file(errors, "error");
  }

  // ---- wire objects ----

  private counts(batch: SimBatch) {
    let completed = 0;
    let failed = 0;
    let canceled = 0;
    let expired = 0;
    for (const l of batch.lines) {
      const r = l.result;
      if (!r) continue;
      if (r.kind === "answered") {
        if (r.answer.statusCode === 200) completed++;
        else failed++;
      } else if (r.kind === "canceled") canceled++;
      else expired++;
    }
    return { total: batch.lines.length, completed, failed, canceled, expired };
  }

  /** The OpenAI `Batch` object (https://platform.openai.com/docs/api-reference/batch/object). */
  private async openAIBatch(batch: SimBatch, justCreated = false): Promise<unknown> {
    if (!justCreated) await this.advance(batch);
    const sec = (ms: number | undefined) => (ms === undefined ? null : Math.floor(ms / 1000));
    const now = this.options.now().getTime();
    const c = this.counts(batch);
    let status: string;
    if (batch.failed) status = "failed";
    else if (justCreated) status = "validating";
    else if (batch.endedAt !== undefined) {
      status =
        batch.cancelAt !== undefined && batch.endedAt === batch.cancelAt && c.canceled > 0
          ? "cancelled"
          : c.expired > 0
            ? "expired"
            : "completed";
    } else if (batch.cancelAt !== undefined) status = "cancelling";
    else status = "in_progress";
    const ended = batch.endedAt;
    return {
      id: batch.id,
      object: "batch",
      endpoint: batch.endpoint ?? "/v1/chat/completions",
      model: batch.model || undefined,
      errors: batch.failed
        ? {
            object: "list",
            data: batch.failed.map((e) => ({
              code: e.code,
              message: e.message,
              param: e.param,
              line: e.line,
            })),
          }
        : null,
      input_file_id: batch.inputFileId ?? null,
      completion_window: "24h",
      status,
      output_file_id: batch.outputFileId ?? null,
      error_file_id: batch.errorFileId ?? null,
      created_at: sec(batch.createdAt),
      in_progress_at: batch.failed || justCreated ? null : sec(Math.min(batch.createdAt + 1000, now)),
      expires_at: sec(batch.expiresAt),
      finalizing_at: status === "completed" || status === "expired" ? sec(ended) : null,
      completed_at: status === "completed" ? sec(ended) : null,
      failed_at: sec(batch.failedAt),
      expired_at: status === "expired" ? sec(ended) : null,
      cancelling_at: sec(batch.cancelAt),
      cancelled_at: status === "cancelled" ? sec(ended) : null,
      request_counts: { total: c.total, completed: c.completed, failed: c.failed + c.canceled + c.expired },
      metadata: batch.metadata ?? null,
    };
  }

  /** The Anthropic `MessageBatch` object (https://docs.anthropic.com/en/api/creating-message-batches). */
  private async anthropicBatch(batch: SimBatch): Promise<unknown> {
    await this.advance(batch);
    const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
    const c = this.counts(batch);
    const ended = batch.endedAt !== undefined;
    return {
      id: batch.id,
      type: "message_batch",
      processing_status: ended ? "ended" : batch.cancelAt !== undefined ? "canceling" : "in_progress",
      request_counts: {
        processing: c.total - c.completed - c.failed - c.canceled - c.expired,
        succeeded: c.completed,
        errored: c.failed,
        canceled: c.canceled,
        expired: c.expired,
      },
      ended_at: iso(batch.endedAt),
      created_at: iso(batch.createdAt),
      expires_at: iso(batch.expiresAt),
      archived_at: null,
      cancel_initiated_at: iso(batch.cancelAt),
      results_url: ended
        ? `${this.options.baseUrl(batch.provider)}/v1/messages/batches/${batch.id}/results`
        : null,
    };
  }

  private async anthropicResults(batch: SimBatch): Promise<BatchHttpAnswer> {
    await this.advance(batch);
    if (batch.endedAt === undefined) {
      return badRequest(
        `Message batch ${batch.id} is still processing; results are available once it has ended.`,
        null,
      );
    }
    const lines = batch.lines.map((line) => {
      const r = line.result!;
      let result: unknown;
      switch (r.kind) {
        case "answered":
          result =
            r.answer.statusCode === 200
              ? { type: "succeeded", message: r.answer.body }
              : { type: "errored", error: r.answer.body };
          break;
        case "expired":
          result = { type: "expired" };
          break;
        case "canceled":
          result = { type: "canceled" };
          break;
        default: {
          const never: never = r;
          throw new Error(`unknown line result ${String(never)}`);
        }
      }
      return JSON.stringify({ custom_id: line.customId, result });
    });
    return { status: 200, body: `${lines.join("\n")}\n`, contentType: "application/binary" };
  }
}

function fileObject(f: SimFile) {
  return {
    id: f.id,
    object: "file",
    bytes: f.bytes,
    created_at: f.createdAt,
    expires_at: null,
    filename: f.filename,
    purpose: f.purpose,
    status: "processed",
    status_details: null,
  };
}

function ok(body: unknown): BatchHttpAnswer {
  return { status: 200, body };
}

function notFound(message: string): BatchHttpAnswer {
  return { status: 404, body: null, error: { kind: "not-found", message } };
}

function badRequest(message: string, param: string | null): BatchHttpAnswer {
  return { status: 400, body: null, error: { kind: "bad-request", message, param } };
}
