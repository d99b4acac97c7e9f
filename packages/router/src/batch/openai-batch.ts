import { type AdapterSettings, TokenwiseError } from "@tokenwise/core";
import OpenAI, { toFile } from "openai";
import { fromOpenAICompletion, toOpenAIBody } from "../adapters/openai";
import { toProviderError } from "../adapters/provider-error";
import { sdkClientOptions } from "../adapters/sdk-client-options";
import {
  type BatchAdapter,
  type BatchLine,
  type BatchLineResult,
  type BatchState,
  BatchStateError,
  type BatchStatus,
  lineError,
} from "./batch-adapter";

const ENDPOINT = "/v1/chat/completions";

/** OpenAI's documented Batch API limits: 50,000 requests and 200 MB per input file, a 24 h window. */
export const OPENAI_BATCH_LIMITS = { maxRequests: 50_000, maxBytes: 200 * 1024 * 1024, windowMs: 86_400_000 };

function stateOf(provider: string, batch: OpenAI.Batches.Batch): BatchState {
  switch (batch.status) {
    case "validating":
    case "in_progress":
    case "finalizing":
      return "in_progress";
    case "cancelling":
      return "canceling";
    case "completed":
    case "expired":
    case "cancelled":
    case "failed":
      return "ended";
    default:
      throw new BatchStateError({ provider, batchId: batch.id, state: String(batch.status) });
  }
}

function statusOf(provider: string, b: OpenAI.Batches.Batch): BatchStatus {
  const sec = (s: number | null | undefined) => (s == null ? undefined : new Date(s * 1000));
  const counts = b.request_counts ?? { total: 0, completed: 0, failed: 0 };
  const ended = sec(b.completed_at ?? b.expired_at ?? b.cancelled_at ?? b.failed_at);
  const out: BatchStatus = {
    id: b.id,
    provider,
    state: stateOf(provider, b),
    raw: b.status,
    createdAt: new Date(b.created_at * 1000),
    expiresAt: sec(b.expires_at) ?? new Date(b.created_at * 1000 + OPENAI_BATCH_LIMITS.windowMs),
    counts: {
      total: counts.total,
      succeeded: counts.completed,
      // OpenAI counts expired and cancelled lines as failed; `results` tells them apart.
      errored: counts.failed,
      canceled: 0,
      expired: 0,
    },
  };
  if (ended) out.endedAt = ended;
  if (b.errors?.data?.length) {
    out.errors = b.errors.data.map(
      (e) => `${e.code ?? "error"}${e.line != null ? ` (line ${e.line})` : ""}: ${e.message ?? ""}`,
    );
  }
  return out;
}

interface OutputRecord {
  custom_id: string;
  response: { status_code: number; request_id?: string; body: unknown } | null;
  error: { code?: string | null; message?: string | null } | null;
}

/**
 * OpenAI's Batch API over the official `openai` client: lines uploaded as a JSONL file (`purpose:
 * "batch"`), one batch per file on `/v1/chat/completions` with the 24 h window, results read from the
 * output and error files. Lines are the router's chat bodies (`toOpenAIBody`), answers normalized as
 * interactive ones (`fromOpenAICompletion`).
 *
 * @example
 * const batches = createOpenAIBatchAdapter({ provider: "openai", apiKey, baseURL, secrets: [apiKey] });
 * const status = await batches.submit([{ customId: "job-1", call }]);
 */
export function createOpenAIBatchAdapter(settings: AdapterSettings): BatchAdapter {
  const client = new OpenAI(sdkClientOptions(settings));
  const { provider } = settings;
  const wrap = async <T>(model: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (BatchStateError.isInstance(error)) throw error;
      throw toProviderError(error, { provider, model, secrets: settings.secrets });
    }
  };
  const encode = (line: BatchLine) =>
    JSON.stringify({
      custom_id: line.customId,
      method: "POST",
      url: ENDPOINT,
      body: toOpenAIBody(line.call, provider),
    });
  const modelOf = new Map<string, string>();
  return {
    provider,
    limits: OPENAI_BATCH_LIMITS,
    lineBytes: (line) => Buffer.byteLength(encode(line)) + 1,
    submit: (lines, options = {}) => {
      const model = lines[0]?.call.model ?? "";
      return wrap(model, async () => {
        const content = Buffer.from(`${lines.map(encode).join("\n")}\n`, "utf8");
        const file = await client.files.create({
          file: await toFile(content, "batch.jsonl"),
          purpose: "batch",
        });
        const batch = await client.batches.create({
          input_file_id: file.id,
          endpoint: ENDPOINT,
          completion_window: "24h",
          ...(options.metadata ? { metadata: options.metadata } : {}),
        });
        modelOf.set(batch.id, model);
        return statusOf(provider, batch);
      });
    },
    retrieve: (id) =>
      wrap(modelOf.get(id) ?? "", async () => statusOf(provider, await client.batches.retrieve(id))),
    cancel: (id) =>
      wrap(modelOf.get(id) ?? "", async () => statusOf(provider, await client.batches.cancel(id))),
    results: (id) =>
      wrap(modelOf.get(id) ?? "", async () => {
        const batch = await client.batches.retrieve(id);
        if (stateOf(provider, batch) !== "ended") {
          throw new TokenwiseError({
            message: `${provider} batch ${id} has not ended (status ${batch.status})`,
            retryable: true,
          });
        }
        const model = (batch as { model?: string }).model ?? modelOf.get(id) ?? "";
        const out: BatchLineResult[] = [];
        for (const fileId of [batch.output_file_id, batch.error_file_id]) {
          if (!fileId) continue;
          const text = await (await client.files.content(fileId)).text();
          for (const raw of text.split("\n")) {
            if (raw.trim() === "") continue;
            const r = JSON.parse(raw) as OutputRecord;
            out.push(lineResult(provider, model, r));
          }
        }
        return out;
      }),
  };
}

function lineResult(provider: string, model: string, r: OutputRecord): BatchLineResult {
  const customId = r.custom_id;
  if (r.response && r.response.status_code === 200) {
    return {
      customId,
      kind: "succeeded",
      response: fromOpenAICompletion(
        r.response.body as OpenAI.Chat.Completions.ChatCompletion,
        r.response.request_id,
      ),
    };
  }
  if (r.response) {
    const body = r.response.body as { error?: { message?: string } } | null;
    return {
      customId,
      kind: "errored",
      error: lineError(
        provider,
        model,
        r.response.status_code,
        body?.error?.message ?? `status ${r.response.status_code}`,
        r.response.request_id,
      ),
    };
  }
  if (r.error?.code === "batch_expired") return { customId, kind: "expired" };
  if (r.error?.code === "batch_cancelled") return { customId, kind: "canceled" };
  return {
    customId,
    kind: "errored",
    error: lineError(provider, model, 500, r.error?.message ?? r.error?.code ?? "line failed"),
  };
}
