// Type tests of the public API, checked by `tsc` in the test command (expectTypeOf fails compilation).
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { AIMessageChunk, BaseMessage } from "@langchain/core/messages";
import type { Money } from "@tokenwise/core";
import type { Router } from "@tokenwise/router";
import { expectTypeOf } from "vitest";
import { z } from "zod";
import {
  ChatTokenwise,
  type ChatTokenwiseCallOptions,
  costOfMessage,
  type RoutingMetadata,
  routingOfMessage,
} from "./index";

declare const router: Router;
const model = new ChatTokenwise({ router, constraints: { minQuality: 0.7 }, taskKind: "code" });

// A LangChain chat model that answers with AIMessageChunks.
expectTypeOf(model).toExtend<BaseChatModel<ChatTokenwiseCallOptions, AIMessageChunk>>();
expectTypeOf(model.invoke("hi")).resolves.toEqualTypeOf<AIMessageChunk>();

// Routing hints per call.
model.invoke("hi", { constraints: { maxLatencyMs: 2000 }, tenant: "acme", tool_choice: "any" });

// Structured output is typed by the schema, with or without the raw message.
const schema = z.object({ name: z.string(), born: z.number() });
expectTypeOf(model.withStructuredOutput(schema).invoke("x")).resolves.toEqualTypeOf<{
  name: string;
  born: number;
}>();
expectTypeOf(model.withStructuredOutput(schema, { includeRaw: true }).invoke("x")).resolves.toEqualTypeOf<{
  raw: BaseMessage;
  parsed: { name: string; born: number };
}>();

// Cost and routing read back from any message.
expectTypeOf(costOfMessage).returns.toEqualTypeOf<Money | undefined>();
expectTypeOf(routingOfMessage).returns.toEqualTypeOf<RoutingMetadata | undefined>();
