import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import type {
  BaseLanguageModelInput,
  StructuredOutputMethodOptions,
} from "@langchain/core/language_models/base";
import {
  BaseChatModel,
  type BaseChatModelCallOptions,
  type BaseChatModelParams,
  type BindToolsInput,
  type ToolChoice as LangChainToolChoice,
  type LangSmithParams,
} from "@langchain/core/language_models/chat_models";
import {
  assembleStructuredOutputPipeline,
  createContentParser,
  createFunctionCallingParser,
} from "@langchain/core/language_models/structured_output";
import { AIMessage, AIMessageChunk, type BaseMessage } from "@langchain/core/messages";
import { type ChatGeneration, ChatGenerationChunk, type ChatResult } from "@langchain/core/outputs";
import type { Runnable } from "@langchain/core/runnables";
import { toJsonSchema } from "@langchain/core/utils/json_schema";
import { isSerializableSchema, type SerializableSchema } from "@langchain/core/utils/standard_schema";
import { getSchemaDescription, type InteropZodType, isInteropZodSchema } from "@langchain/core/utils/types";
import type { ReasoningEffortLevel } from "@tokenwise/core";
import {
  type Constraints,
  type ResponseFormat,
  type Router,
  type RouterRequest,
  type RouterResult,
  reportToJSON,
  type TaskKindOption,
  ValidationError,
} from "@tokenwise/router";
import { convertMessages } from "./convert-messages";
import { convertToolChoice, convertTools } from "./convert-tools";
import { toUsageMetadata } from "./convert-usage";
import { responseMetadataOf } from "./response-metadata";

/** Settings of a {@link ChatTokenwise} model: the router, and routing hints every call starts from. */
export interface ChatTokenwiseFields extends BaseChatModelParams {
  /** The router every call goes through (`createRouter()` from `@tokenwise/router`). */
  router: Router;
  /**
   * What kind of task the calls are: picks the quality score and floor. Default: the router's
   * (`general`); `"auto"` detects it per prompt with the router's shipped classifier.
   */
  taskKind?: TaskKindOption;
  /** Constraints for every call (quality floor, latency cap, providers, budget); call options override them key by key. */
  constraints?: Constraints;
  /** Labels the router's ledger sums by (LangChain's own `tags` are for callbacks and are not sent). */
  ledgerTags?: readonly string[];
  /** The tenant the router's ledger sums by. */
  tenant?: string;
  /** Upper bound on generated tokens. */
  maxTokens?: number;
  temperature?: number;
  /** Reasoning effort for reasoning-capable models. */
  reasoningEffort?: ReasoningEffortLevel;
  /** Stream even from `invoke()` (the answer is assembled from the chunks). Default false. */
  streaming?: boolean;
  /** Send the final chunk with `usage_metadata` when streaming. Default true. */
  streamUsage?: boolean;
}

/** Per-call options: LangChain's, tools as `bindTools` sets them, and routing hints. */
export interface ChatTokenwiseCallOptions extends BaseChatModelCallOptions {
  /** Tools the model may call (set by `bindTools`). */
  tools?: BindToolsInput[];
  tool_choice?: LangChainToolChoice;
  /** Ask for strict schema adherence of tool arguments (OpenAI-style `strict`). */
  strict?: boolean;
  /** Structured output format (set by `withStructuredOutput` with `jsonSchema` or `jsonMode`). */
  response_format?: ResponseFormat;
  /** Constraints for this call, over the model's, key by key. */
  constraints?: Constraints;
  taskKind?: TaskKindOption;
  tenant?: string;
  ledgerTags?: readonly string[];
  maxTokens?: number;
  temperature?: number;
  reasoningEffort?: ReasoningEffortLevel;
  /** Overrides the model's `streamUsage`. */
  streamUsage?: boolean;
}

/**
 * The tokenwise router as a LangChain.js chat model: each call goes to the cheapest model that meets
 * the constraints, and the answer carries LangChain's `usage_metadata` plus the exact cost and the
 * routing decision in `response_metadata` (`cost`, `routing`, `report`). Tools, streaming (with
 * `tool_call_chunks` and a final usage chunk), structured output and abort signals work as with
 * ChatOpenAI.
 *
 * @example
 * const model = new ChatTokenwise({ router: createRouter({ models, providers }) });
 * const answer = await model.bindTools([getWeather]).invoke("Weather in Paris?");
 * answer.tool_calls; // [{ name: "get_weather", args: { city: "Paris" }, id: "call_…" }]
 * answer.response_metadata.cost; // { currency: "USD", atto: "13350000000000" }
 */
export class ChatTokenwise extends BaseChatModel<ChatTokenwiseCallOptions, AIMessageChunk> {
  static override lc_name(): string {
    return "ChatTokenwise";
  }

  override lc_serializable = false;

  readonly router: Router;
  readonly taskKind: TaskKindOption | undefined;
  readonly constraints: Constraints | undefined;
  readonly ledgerTags: readonly string[] | undefined;
  readonly tenant: string | undefined;
  readonly maxTokens: number | undefined;
  readonly temperature: number | undefined;
  readonly reasoningEffort: ReasoningEffortLevel | undefined;
  readonly streaming: boolean;
  readonly streamUsage: boolean;

  constructor(fields: ChatTokenwiseFields) {
    super(fields);
    if (typeof fields?.router?.generate !== "function" || typeof fields.router.stream !== "function") {
      throw new ValidationError({
        source: "ChatTokenwise settings",
        issues: [
          { path: ["router"], message: "expected a router from createRouter()", value: fields?.router },
        ],
      });
    }
    this.router = fields.router;
    this.taskKind = fields.taskKind;
    this.constraints = fields.constraints;
    this.ledgerTags = fields.ledgerTags;
    this.tenant = fields.tenant;
    this.maxTokens = fields.maxTokens;
    this.temperature = fields.temperature;
    this.reasoningEffort = fields.reasoningEffort;
    this.streaming = fields.streaming ?? false;
    this.streamUsage = fields.streamUsage ?? true;
  }

  _llmType(): string {
    return "tokenwise";
  }

  override _identifyingParams(): Record<string, unknown> {
    return { model_name: "tokenwise-router", ...this.invocationParams() };
  }

  override getLsParams(options: this["ParsedCallOptions"]): LangSmithParams {
    const params: LangSmithParams = {
      ls_provider: "tokenwise",
      ls_model_name: "router",
      ls_model_type: "chat",
    };
    const temperature = options.temperature ?? this.temperature;
    const maxTokens = options.maxTokens ?? this.maxTokens;
    if (temperature !== undefined) params.ls_temperature = temperature;
    if (maxTokens !== undefined) params.ls_max_tokens = maxTokens;
    return params;
  }

  /** The routing hints and model settings a call is sent with (for tracing). */
  override invocationParams(options?: this["ParsedCallOptions"]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const set = (key: string, value: unknown) => {
      if (value !== undefined) out[key] = value;
    };
    set("taskKind", options?.taskKind ?? this.taskKind);
    // JSON-safe for tracers: a `maxCostPerCall` given as Money holds a bigint.
    const constraints = this.constraintsFor(options);
    set("constraints", constraints ? JSON.parse(reportToJSON(constraints)) : undefined);
    set("temperature", options?.temperature ?? this.temperature);
    set("maxTokens", options?.maxTokens ?? this.maxTokens);
    set("reasoningEffort", options?.reasoningEffort ?? this.reasoningEffort);
    set("tenant", options?.tenant ?? this.tenant);
    return out;
  }

  /**
   * Binds tools (LangChain tools, zod/JSON-schema tool params or OpenAI tool definitions) for the next
   * calls, as ChatOpenAI does: through `withConfig`, converted with `convertToOpenAITool`.
   */
  override bindTools(
    tools: BindToolsInput[],
    kwargs?: Partial<ChatTokenwiseCallOptions>,
  ): Runnable<BaseLanguageModelInput, AIMessageChunk, ChatTokenwiseCallOptions> {
    // Converted now, so that a tool LangChain cannot convert fails here and not at the first call.
    convertTools(tools, kwargs?.strict);
    return this.withConfig({ tools, ...kwargs });
  }

  private constraintsFor(options?: Partial<ChatTokenwiseCallOptions>): Constraints | undefined {
    if (!options?.constraints) return this.constraints;
    return { ...this.constraints, ...options.constraints };
  }

  /** The router request for LangChain messages and call options. */
  requestFor(messages: BaseMessage[], options: Partial<ChatTokenwiseCallOptions> = {}): RouterRequest {
    if (options.stop && options.stop.length > 0) {
      throw new ValidationError({
        source: "ChatTokenwise call options",
        issues: [
          {
            path: ["stop"],
            message: "stop sequences are not part of the router's request spec; end the prompt differently",
            value: options.stop,
          },
        ],
      });
    }
    const request: RouterRequest = { messages: convertMessages(messages) };
    if (options.tools && options.tools.length > 0)
      request.tools = convertTools(options.tools, options.strict);
    if (options.tool_choice !== undefined) request.toolChoice = convertToolChoice(options.tool_choice);
    if (options.response_format) request.responseFormat = options.response_format;
    const taskKind = options.taskKind ?? this.taskKind;
    if (taskKind) request.taskKind = taskKind;
    const constraints = this.constraintsFor(options);
    if (constraints) request.constraints = constraints;
    const tags = options.ledgerTags ?? this.ledgerTags;
    if (tags) request.tags = tags;
    const tenant = options.tenant ?? this.tenant;
    if (tenant !== undefined) request.tenant = tenant;
    const maxTokens = options.maxTokens ?? this.maxTokens;
    if (maxTokens !== undefined) request.maxOutputTokens = maxTokens;
    const temperature = options.temperature ?? this.temperature;
    if (temperature !== undefined) request.temperature = temperature;
    const effort = options.reasoningEffort ?? this.reasoningEffort;
    if (effort) request.reasoningEffort = effort;
    if (options.signal) request.signal = options.signal;
    return request;
  }

  async _generate(
    messages: BaseMessage[],
    options: this["ParsedCallOptions"],
    runManager?: CallbackManagerForLLMRun,
  ): Promise<ChatResult> {
    options.signal?.throwIfAborted();
    if (this.streaming) {
      let final: ChatGenerationChunk | undefined;
      for await (const chunk of this._streamResponseChunks(messages, options, runManager)) {
        final = final ? final.concat(chunk) : chunk;
      }
      if (!final) throw new Error("ChatTokenwise: the stream ended without a chunk");
      const usage = AIMessageChunk.isInstance(final.message) ? final.message.usage_metadata : undefined;
      return { generations: [final], llmOutput: llmOutputOf(usage) };
    }
    const result = await this.router.generate(this.requestFor(messages, options));
    const message = aiMessageOf(result);
    const generation: ChatGeneration = {
      text: result.text,
      message,
      generationInfo: { finish_reason: message.response_metadata.finish_reason },
    };
    return { generations: [generation], llmOutput: llmOutputOf(message.usage_metadata) };
  }

  override async *_streamResponseChunks(
    messages: BaseMessage[],
    options: this["ParsedCallOptions"],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    // The router call gets its own signal, linked to the caller's. When the caller aborts, LangChain
    // stops reading at once and may leave this generator suspended for good, so the abort itself
    // abandons the call (as does closing the generator early): the router settles it through its own
    // path (bills and reports what the provider was sent) instead of it being dropped.
    options.signal?.throwIfAborted();
    const controller = new AbortController();
    const request = this.requestFor(messages, options);
    const stream = this.router.stream({ ...request, signal: controller.signal });
    const parts = stream.parts[Symbol.asyncIterator]();
    let abandoned = false;
    const abandonCall = (reason: unknown) => {
      if (abandoned) return;
      abandoned = true;
      controller.abort(reason);
      void drain(parts);
    };
    const onAbort = () => abandonCall(options.signal?.reason);
    options.signal?.addEventListener("abort", onAbort, { once: true });
    // tool_call_chunks are merged by index; the spec's deltas name the call by id.
    const indexOf = new Map<string, number>();
    const chunk = (message: AIMessageChunk, text = "") => new ChatGenerationChunk({ message, text });
    let ended = false;
    try {
      for (let next = await parts.next(); !next.done; next = await parts.next()) {
        const part = next.value;
        let out: ChatGenerationChunk | undefined;
        switch (part.type) {
          case "text-delta":
            out = chunk(new AIMessageChunk({ content: part.delta }), part.delta);
            break;
          case "reasoning-delta":
            // Where ChatOpenAI puts the reasoning of OpenAI-compatible providers (DeepSeek, Qwen, …).
            out = chunk(
              new AIMessageChunk({ content: "", additional_kwargs: { reasoning_content: part.delta } }),
            );
            break;
          case "tool-input-start":
            indexOf.set(part.id, part.index);
            out = chunk(
              new AIMessageChunk({
                content: "",
                tool_call_chunks: [
                  { type: "tool_call_chunk", index: part.index, id: part.id, name: part.toolName, args: "" },
                ],
              }),
            );
            break;
          case "tool-input-delta": {
            const index = indexOf.get(part.id);
            if (index === undefined) break;
            out = chunk(
              new AIMessageChunk({
                content: "",
                tool_call_chunks: [{ type: "tool_call_chunk", index, args: part.delta }],
              }),
            );
            break;
          }
          case "tool-call":
            // A call that came whole, without input deltas: one chunk with all of it.
            if (!indexOf.has(part.toolCallId)) {
              const index = indexOf.size;
              indexOf.set(part.toolCallId, index);
              out = chunk(
                new AIMessageChunk({
                  content: "",
                  tool_call_chunks: [
                    {
                      type: "tool_call_chunk",
                      index,
                      id: part.toolCallId,
                      name: part.toolName,
                      args: part.input,
                    },
                  ],
                }),
              );
            }
            break;
          case "text-start":
          case "text-end":
          case "reasoning-start":
          case "reasoning-end":
          case "tool-input-end":
          case "finish":
            break;
          default: {
            const never: never = part;
            void never;
          }
        }
        if (!out) continue;
        yield out;
        await runManager?.handleLLMNewToken(
          out.text,
          { prompt: 0, completion: 0 },
          undefined,
          undefined,
          undefined,
          {
            chunk: out,
          },
        );
      }
      ended = true;
    } finally {
      options.signal?.removeEventListener("abort", onAbort);
      if (!ended) abandonCall(new Error("the caller stopped reading the stream"));
    }
    const result = await stream.result;
    const streamUsage = options.streamUsage ?? this.streamUsage;
    const final = new AIMessageChunk({
      content: "",
      id: result.report.id,
      response_metadata: responseMetadataOf(result.report, result.usage),
      ...(streamUsage ? { usage_metadata: toUsageMetadata(result.usage) } : {}),
    });
    yield chunk(final);
  }

  override withStructuredOutput<RunOutput extends Record<string, unknown> = Record<string, unknown>>(
    outputSchema: InteropZodType<RunOutput> | SerializableSchema<RunOutput> | Record<string, unknown>,
    config?: StructuredOutputMethodOptions<false>,
  ): Runnable<BaseLanguageModelInput, RunOutput>;
  override withStructuredOutput<RunOutput extends Record<string, unknown> = Record<string, unknown>>(
    outputSchema: InteropZodType<RunOutput> | SerializableSchema<RunOutput> | Record<string, unknown>,
    config?: StructuredOutputMethodOptions<true>,
  ): Runnable<BaseLanguageModelInput, { raw: BaseMessage; parsed: RunOutput }>;
  /**
   * A runnable that answers with an object of the given schema (zod, Standard Schema or JSON Schema).
   * `method`: `functionCalling` (default: a forced tool call, which every tool-capable model serves),
   * `jsonSchema` (the provider's structured output; only models with the `structuredOutput`
   * capability qualify) or `jsonMode` (any JSON object; describe the shape in the prompt). Zod and
   * Standard Schema outputs are validated; `includeRaw` returns `{ raw, parsed }` with the message,
   * whose `response_metadata` carries the cost.
   */
  override withStructuredOutput<RunOutput extends Record<string, unknown> = Record<string, unknown>>(
    outputSchema: InteropZodType<RunOutput> | SerializableSchema<RunOutput> | Record<string, unknown>,
    config?: StructuredOutputMethodOptions<boolean>,
  ):
    | Runnable<BaseLanguageModelInput, RunOutput>
    | Runnable<BaseLanguageModelInput, { raw: BaseMessage; parsed: RunOutput }> {
    const method = config?.method ?? "functionCalling";
    const typed = isInteropZodSchema(outputSchema) || isSerializableSchema(outputSchema);
    const parameters = (typed ? toJsonSchema(outputSchema) : outputSchema) as Record<string, unknown>;
    const title = typeof parameters.title === "string" ? parameters.title : undefined;
    const ownName = !typed && typeof outputSchema.name === "string" ? outputSchema.name : undefined;
    const name = config?.name ?? ownName ?? title ?? "extract";
    const description = getSchemaDescription(outputSchema as Record<string, unknown>);
    const structured = { ls_structured_output_format: { kwargs: { method }, schema: parameters } };
    let llm: Runnable<BaseLanguageModelInput, AIMessageChunk>;
    let parser: Parameters<typeof assembleStructuredOutputPipeline<RunOutput>>[1];
    switch (method) {
      case "functionCalling": {
        const tool = {
          type: "function",
          function: { name, parameters, ...(description ? { description } : {}) },
        };
        llm = this.withConfig({
          tools: [tool],
          tool_choice: name,
          ...(config?.strict !== undefined ? { strict: config.strict } : {}),
          ...structured,
        } as Partial<ChatTokenwiseCallOptions>);
        parser = createFunctionCallingParser<RunOutput>(outputSchema, name);
        break;
      }
      case "jsonSchema": {
        const schema = {
          name,
          schema: parameters,
          ...(config?.strict !== undefined ? { strict: config.strict } : {}),
        };
        llm = this.withConfig({
          response_format: { type: "json_schema", json_schema: schema },
          ...structured,
        } as Partial<ChatTokenwiseCallOptions>);
        parser = createContentParser<RunOutput>(outputSchema);
        break;
      }
      case "jsonMode":
        llm = this.withConfig({
          response_format: { type: "json_object" },
          ...structured,
        } as Partial<ChatTokenwiseCallOptions>);
        parser = createContentParser<RunOutput>(outputSchema);
        break;
      default:
        throw new ValidationError({
          source: "ChatTokenwise withStructuredOutput",
          issues: [
            {
              path: ["method"],
              message: 'expected "functionCalling", "jsonSchema" or "jsonMode"',
              value: method,
            },
          ],
        });
    }
    return assembleStructuredOutputPipeline<RunOutput>(
      llm,
      parser,
      config?.includeRaw,
      config?.includeRaw ? "StructuredOutputRunnable" : "StructuredOutput",
    );
  }
}

/**
 * Reads an abandoned (aborted) router stream to its end, so that the router settles it: `result`
 * rejects, the attempt is billed and reported. Nothing read here reaches anyone.
 */
async function drain(parts: AsyncIterator<unknown>): Promise<void> {
  try {
    while (!(await parts.next()).done) {
      // Parts after the cut are dropped.
    }
  } catch {
    // The router's own error for the aborted call (CallAbortedError / StreamInterruptedError): the caller
    // already has LangChain's abort error; the accounting is in the router's ledger and reports.
  }
}

/** The answer of a non-streaming call as an AIMessage, ChatOpenAI-style. */
function aiMessageOf(result: RouterResult): AIMessage {
  const toolCalls: NonNullable<AIMessage["tool_calls"]> = [];
  const invalid: NonNullable<AIMessage["invalid_tool_calls"]> = [];
  for (const call of result.toolCalls) {
    try {
      const args: unknown = call.function.arguments === "" ? {} : JSON.parse(call.function.arguments);
      if (typeof args !== "object" || args === null || Array.isArray(args))
        throw new Error("arguments are not a JSON object");
      toolCalls.push({
        type: "tool_call",
        id: call.id,
        name: call.function.name,
        args: args as Record<string, unknown>,
      });
    } catch (error) {
      invalid.push({
        type: "invalid_tool_call",
        id: call.id,
        name: call.function.name,
        args: call.function.arguments,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return new AIMessage({
    content: result.text,
    id: result.report.id,
    tool_calls: toolCalls,
    invalid_tool_calls: invalid,
    usage_metadata: toUsageMetadata(result.usage),
    response_metadata: responseMetadataOf(result.report, result.usage),
  });
}

function llmOutputOf(usage: AIMessage["usage_metadata"]): Record<string, unknown> | undefined {
  if (!usage) return undefined;
  return {
    tokenUsage: {
      promptTokens: usage.input_tokens,
      completionTokens: usage.output_tokens,
      totalTokens: usage.total_tokens,
    },
  };
}
