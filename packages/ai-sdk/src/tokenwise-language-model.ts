import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3GenerateResult,
  LanguageModelV3StreamPart,
  LanguageModelV3StreamResult,
  SharedV3Warning,
} from "@ai-sdk/provider";
import type { StreamPart } from "@tokenwise/core";
import type { CallReport, Router, RouterRequest } from "@tokenwise/router";
import { type ConversionCaches, convertToTokenwiseRequest } from "./convert-to-tokenwise-request";
import { convertTokenwiseStreamPart } from "./convert-tokenwise-stream-part";
import { convertTokenwiseUsage, unknownUsage } from "./convert-tokenwise-usage";
import { mapTokenwiseFinishReason } from "./map-tokenwise-finish-reason";
import { tokenwiseMetadata } from "./tokenwise-metadata";
import { mergeModelSettings, parseModelSettings, type TokenwiseModelSettings } from "./tokenwise-settings";

/** The part of the router's public API the provider uses. */
export type TokenwiseRouter = Pick<Router, "generate" | "stream" | "models">;

/** Model ids: `auto` routes; `provider/model` (a key of the router's table) pins one model. */
export type TokenwiseModelId = "auto" | `${string}/${string}` | (string & {});

/** How a {@link TokenwiseLanguageModel} is built (by `createTokenwise`). */
export interface TokenwiseLanguageModelConfig {
  /** Provider name reported to the AI SDK (`tokenwise`). */
  provider: string;
  router: TokenwiseRouter;
  /** Set when the model id pins one model: its `provider/model` key. */
  pinned?: string;
  /** Shared by the provider's models: equal messages convert to the same objects across calls. */
  caches?: ConversionCaches;
}

/**
 * The router as an AI SDK `LanguageModelV3`. Every call goes through `router.generate` /
 * `router.stream` (selection, retries, failover, accounting), so the router's report is the call's
 * `providerMetadata.tokenwise`.
 */
export class TokenwiseLanguageModel implements LanguageModelV3 {
  readonly specificationVersion = "v3";
  readonly provider: string;
  readonly modelId: string;
  /** Image URLs are passed to the providers as URLs (OpenAI and Anthropic fetch them). */
  readonly supportedUrls: Record<string, RegExp[]> = { "image/*": [/^https?:\/\/.*$/i] };
  private readonly settings: TokenwiseModelSettings;
  private readonly config: TokenwiseLanguageModelConfig;

  constructor(modelId: string, settings: TokenwiseModelSettings, config: TokenwiseLanguageModelConfig) {
    this.modelId = modelId;
    this.settings = settings;
    this.config = config;
    this.provider = config.provider;
  }

  /** The router request for one call, and the warnings for what it cannot carry. */
  private prepare(options: LanguageModelV3CallOptions): {
    request: RouterRequest;
    warnings: SharedV3Warning[];
  } {
    const { request: spec, warnings } = convertToTokenwiseRequest(options, this.config.caches);
    const perCall = parseModelSettings(options.providerOptions?.tokenwise, "providerOptions.tokenwise");
    const merged = mergeModelSettings(this.settings, perCall);
    const request: RouterRequest = { ...spec };
    let constraints = merged.constraints;
    if (this.config.pinned !== undefined) {
      // A pinned model is the caller's choice: no quality floor unless one is asked for explicitly.
      constraints = { minQuality: 0, ...constraints, allowModels: [this.config.pinned] };
    }
    if (constraints) request.constraints = constraints;
    if (merged.taskKind !== undefined) request.taskKind = merged.taskKind;
    if (merged.tags !== undefined) request.tags = merged.tags;
    if (merged.tenant !== undefined) request.tenant = merged.tenant;
    if (merged.reasoningEffort !== undefined) request.reasoningEffort = merged.reasoningEffort;
    if (options.abortSignal) request.signal = options.abortSignal;
    return { request, warnings };
  }

  async doGenerate(options: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
    const { request, warnings } = this.prepare(options);
    const result = await this.config.router.generate(request);
    const content: LanguageModelV3Content[] = [];
    // The router's result carries reasoning text when its adapters return it.
    if ("reasoning" in result && typeof result.reasoning === "string" && result.reasoning !== "") {
      content.push({ type: "reasoning", text: result.reasoning });
    }
    if (result.text !== "") content.push({ type: "text", text: result.text });
    for (const call of result.toolCalls) {
      content.push({
        type: "tool-call",
        toolCallId: call.id,
        toolName: call.function.name,
        input: call.function.arguments === "" ? "{}" : call.function.arguments,
      });
    }
    return {
      content,
      finishReason: mapTokenwiseFinishReason(result.finishReason),
      usage: convertTokenwiseUsage(result.usage),
      providerMetadata: tokenwiseMetadata(result.report),
      request: { body: requestBody(request) },
      response: responseMetadata(result.report),
      warnings,
    };
  }

  async doStream(options: LanguageModelV3CallOptions): Promise<LanguageModelV3StreamResult> {
    const { request, warnings } = this.prepare(options);
    const routed = this.config.router.stream(request);
    const parts = routed.parts[Symbol.asyncIterator]();
    // The router fails over until the first part: errors before it (no candidate, every candidate
    // failed, abort) reject doStream itself, as an HTTP provider's failed request would.
    let pending: IteratorResult<StreamPart> | undefined = await parts.next();
    let finished = false;
    let cancelled = false;
    const signal = options.abortSignal;
    const stream = new ReadableStream<LanguageModelV3StreamPart>({
      start(controller) {
        controller.enqueue({ type: "stream-start", warnings });
      },
      async pull(controller) {
        if (finished || cancelled) return;
        try {
          const next = pending ?? (await parts.next());
          pending = undefined;
          if (cancelled) return; // cancelled while the router was reading
          if (!next.done) {
            const part = convertTokenwiseStreamPart(next.value);
            if (part) controller.enqueue(part);
            return;
          }
          finished = true;
          const { report, usage, finishReason } = await routed.result;
          controller.enqueue({ type: "response-metadata", ...responseMetadata(report) });
          controller.enqueue({
            type: "finish",
            finishReason: mapTokenwiseFinishReason(finishReason),
            usage: convertTokenwiseUsage(usage),
            providerMetadata: tokenwiseMetadata(report),
          });
          controller.close();
        } catch (error) {
          if (cancelled) return;
          finished = true;
          if (signal?.aborted) {
            // The caller aborted: end the stream with an AbortError, as a cancelled fetch body does
            // (the AI SDK ends `streamText` quietly on one); the router's CallAbortedError, with the
            // partial usage it accounted, is its cause.
            const abort = new Error("The operation was aborted", { cause: error });
            abort.name = "AbortError";
            controller.error(abort);
            return;
          }
          controller.enqueue({ type: "error", error });
          controller.enqueue({
            type: "finish",
            finishReason: { unified: "error", raw: undefined },
            usage: unknownUsage(),
          });
          controller.close();
        }
      },
      async cancel() {
        cancelled = true;
        if (signal?.aborted) {
          // An abort: let the router settle the call (it stops the HTTP stream on its own signal and
          // accounts what was billed) rather than leaving it suspended mid-stream.
          void settle(parts);
          return;
        }
        // The consumer stopped reading: close the router's stream.
        await parts.return?.();
      },
    });
    return { stream, request: { body: requestBody(request) } };
  }
}

/** Reads a router stream to its end, ignoring its parts and its error (the report has them). */
async function settle(parts: AsyncIterator<StreamPart>): Promise<void> {
  try {
    while (!(await parts.next()).done) {
      // discard
    }
  } catch {
    // The router reports and accounts the failed call itself.
  }
}

function responseMetadata(report: CallReport): { modelId: string; timestamp: Date } {
  return { modelId: `${report.provider}/${report.model}`, timestamp: report.at };
}

/** The request as sent to the router, without its signal (for the AI SDK's `request.body`). */
function requestBody(request: RouterRequest): Omit<RouterRequest, "signal"> {
  const { signal: _signal, ...body } = request;
  return body;
}
