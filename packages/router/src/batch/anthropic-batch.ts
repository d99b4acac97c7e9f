import type Anthropic from "@anthropic-ai/sdk";
import AnthropicClient from "@anthropic-ai/sdk";
import { type AdapterSettings, TokenwiseError } from "@tokenwise/core";
import { fromAnthropicMessage, toAnthropicBody } from "../adapters/anthropic";
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

/** Anthropic's documented Message Batches limits: 100,000 requests or 256 MB per batch, a 24 h window. */
export const ANTHROPIC_BATCH_LIMITS = {
  maxRequests: 100_000,
  maxBytes: 256 * 1024 * 1024,
  windowMs: 86_400_000,
};

/** The HTTP status each Anthropic error type is sent with, to classify an errored line like a failed call. */
const ERROR_STATUS: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

function statusOf(provider: string, b: Anthropic.Messages.MessageBatch): BatchStatus {
  let state: BatchState;
  switch (b.processing_status) {
    case "in_progress":
      state = "in_progress";
      break;
    case "canceling":
      state = "canceling";
      break;
    case "ended":
      state = "ended";
      break;
    default:
      throw new BatchStateError({ provider, batchId: b.id, state: String(b.processing_status) });
  }
  const c = b.request_counts;
  const out: BatchStatus = {
    id: b.id,
    provider,
    state,
    raw: b.processing_status,
    createdAt: new Date(b.created_at),
    expiresAt: new Date(b.expires_at),
    counts: {
      total: c.processing + c.succeeded + c.errored + c.canceled + c.expired,
      succeeded: c.succeeded,
      errored: c.errored,
      canceled: c.canceled,
      expired: c.expired,
    },
  };
  if (b.ended_at) out.endedAt = new Date(b.ended_at);
  return out;
}

/**
 * Anthropic's Message Batches over the official `@anthropic-ai/sdk` client: lines are the router's
 * Messages bodies (`toAnthropicBody`), results read from the batch's JSONL results and normalized as
 * interactive answers (`fromAnthropicMessage`).
 *
 * @example
 * const batches = createAnthropicBatchAdapter({ provider: "anthropic", apiKey, baseURL, secrets: [apiKey] });
 */
export function createAnthropicBatchAdapter(settings: AdapterSettings): BatchAdapter {
  const client = new AnthropicClient(sdkClientOptions(settings));
  const { provider } = settings;
  const modelOf = new Map<string, string>();
  const wrap = async <T>(model: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (BatchStateError.isInstance(error)) throw error;
      throw toProviderError(error, { provider, model, secrets: settings.secrets });
    }
  };
  const params = (line: BatchLine) => toAnthropicBody(line.call);
  return {
    provider,
    limits: ANTHROPIC_BATCH_LIMITS,
    lineBytes: (line) =>
      Buffer.byteLength(JSON.stringify({ custom_id: line.customId, params: params(line) })) + 1,
    submit: (lines) => {
      const model = lines[0]?.call.model ?? "";
      return wrap(model, async () => {
        const batch = await client.messages.batches.create({
          requests: lines.map((line) => ({ custom_id: line.customId, params: params(line) })),
        });
        modelOf.set(batch.id, model);
        return statusOf(provider, batch);
      });
    },
    retrieve: (id) =>
      wrap(modelOf.get(id) ?? "", async () => statusOf(provider, await client.messages.batches.retrieve(id))),
    cancel: (id) =>
      wrap(modelOf.get(id) ?? "", async () => statusOf(provider, await client.messages.batches.cancel(id))),
    results: (id) =>
      wrap(modelOf.get(id) ?? "", async () => {
        const status = statusOf(provider, await client.messages.batches.retrieve(id));
        if (status.state !== "ended") {
          throw new TokenwiseError({
            message: `${provider} batch ${id} has not ended (status ${status.raw})`,
            retryable: true,
          });
        }
        const out: BatchLineResult[] = [];
        for await (const line of await client.messages.batches.results(id)) {
          const r = line.result;
          const customId = line.custom_id;
          switch (r.type) {
            case "succeeded":
              out.push({ customId, kind: "succeeded", response: fromAnthropicMessage(r.message) });
              break;
            case "errored": {
              const e = (r.error as { error?: { type?: string; message?: string } }).error;
              const model = modelOf.get(id) ?? "";
              out.push({
                customId,
                kind: "errored",
                error: lineError(
                  provider,
                  model,
                  ERROR_STATUS[e?.type ?? ""] ?? 500,
                  e?.message ?? "line errored",
                ),
              });
              break;
            }
            case "expired":
              out.push({ customId, kind: "expired" });
              break;
            case "canceled":
              out.push({ customId, kind: "canceled" });
              break;
            default:
              throw new BatchStateError({
                provider,
                batchId: id,
                state: `result type ${String((r as { type: unknown }).type)}`,
              });
          }
        }
        return out;
      }),
  };
}
