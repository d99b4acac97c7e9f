import { TASK_KINDS } from "@tokenwise/core";
import { z } from "zod";
import type { RouterRequest } from "../types";
import { ConstraintsSchema } from "./constraints-schema";
import { strictObject } from "./strict-object";

// Message schemas check shapes only: strings are read in place (never copied or scanned), so a 300 KB
// history costs one pass over its messages. Unknown fields of a message are not rejected (histories
// copied from provider responses carry `refusal`, `annotations`, …); unknown request fields are.

const TextPartSchema = z.object({ type: z.literal("text"), text: z.string() });

/** `https:`/`http:` URLs and `data:` URLs; only the scheme is read (a data URL may be megabytes). */
function isImageUrl(url: string): boolean {
  return url.startsWith("https://") || url.startsWith("http://") || url.startsWith("data:");
}

const ImagePartSchema = z.object({
  type: z.literal("image_url"),
  image_url: z.object({
    url: z.string().refine(isImageUrl, { message: "must be an https: or data: URL" }),
    detail: z.enum(["auto", "low", "high"]).optional(),
  }),
});

const UserPartSchema = z.discriminatedUnion("type", [TextPartSchema, ImagePartSchema], {
  error: (issue) => (issue.code === "invalid_union" ? 'part type must be "text" or "image_url"' : undefined),
});

const textContent = (what: string) =>
  z.union([z.string(), z.array(TextPartSchema)], {
    error: `${what} content must be a string or an array of { type: "text", text } parts`,
  });

/** OpenAI's rule for function names (the strictest of the providers'). */
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const ToolNameSchema = z
  .string()
  .regex(TOOL_NAME, "must be 1–64 letters, digits, underscores or dashes (the providers' rule)");

const ToolCallSchema = z.object({
  id: z.string().min(1, "must be a non-empty tool call id"),
  type: z.literal("function"),
  function: z.object({ name: ToolNameSchema, arguments: z.string() }),
});

const SystemMessageSchema = z.object({
  role: z.enum(["system", "developer"]),
  content: textContent("system"),
});

const UserMessageSchema = z.object({
  role: z.literal("user"),
  content: z.union([z.string(), z.array(UserPartSchema)], {
    error: "user content must be a string or an array of text and image_url parts",
  }),
  name: z.string().optional(),
});

const AssistantMessageSchema = z
  .object({
    role: z.literal("assistant"),
    content: textContent("assistant").nullable().optional(),
    tool_calls: z.array(ToolCallSchema).optional(),
    name: z.string().optional(),
  })
  .refine((m) => (m.content !== null && m.content !== undefined) || (m.tool_calls?.length ?? 0) > 0, {
    message: "an assistant message needs content or tool_calls",
    path: ["content"],
  });

const ToolMessageSchema = z.object({
  role: z.literal("tool"),
  tool_call_id: z.string({ error: "a tool message needs the tool_call_id it answers" }).min(1, {
    error: "a tool message needs the tool_call_id it answers",
  }),
  content: textContent("tool"),
});

/** One chat message, checked per role. */
export const ChatMessageSchema = z.discriminatedUnion(
  "role",
  [SystemMessageSchema, UserMessageSchema, AssistantMessageSchema, ToolMessageSchema],
  {
    error: (issue) =>
      issue.code === "invalid_union"
        ? 'role must be "system", "developer", "user", "assistant" or "tool"'
        : issue.code === "invalid_type"
          ? "must be a message object { role, content }"
          : undefined,
  },
);

const ToolDefinitionSchema = z.object({
  type: z.literal("function"),
  function: z.object({
    name: ToolNameSchema,
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().optional(),
  }),
});

const ToolChoiceSchema = z.union(
  [
    z.enum(["auto", "none", "required"]),
    z.object({ type: z.literal("function"), function: z.object({ name: z.string() }) }),
  ],
  { error: 'must be "auto", "none", "required" or { type: "function", function: { name } }' },
);

const ResponseFormatSchema = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("text") }),
    z.object({ type: z.literal("json_object") }),
    z.object({
      type: z.literal("json_schema"),
      json_schema: z.object({
        name: z.string().min(1),
        schema: z.record(z.string(), z.unknown()),
        strict: z.boolean().optional(),
      }),
    }),
  ],
  {
    error: (issue) =>
      issue.code === "invalid_union" ? 'type must be "text", "json_object" or "json_schema"' : undefined,
  },
);

/** zod schema of {@link RouterRequest} (names in allow/deny lists are checked against the router's models apart). */
export const RouterRequestSchema = strictObject({
  messages: z
    .array(ChatMessageSchema, { error: "must be an array of messages" })
    .min(1, "must not be empty: pass at least one message"),
  system: z.string().optional(),
  tools: z.array(ToolDefinitionSchema).optional(),
  toolChoice: ToolChoiceSchema.optional(),
  maxOutputTokens: z
    .number({ error: "must be a positive integer (a number, not a string)" })
    .int("must be a positive integer")
    .positive("must be a positive integer")
    .optional(),
  temperature: z
    .number({ error: "must be a number in [0, 2]" })
    .min(0, "must be in [0, 2]")
    .max(2, "must be in [0, 2]")
    .optional(),
  reasoningEffort: z.enum(["low", "medium", "high"]).optional(),
  responseFormat: ResponseFormatSchema.optional(),
  taskKind: z.enum(TASK_KINDS).optional(),
  constraints: ConstraintsSchema.optional(),
  tags: z
    .array(z.string(), {
      error: (issue) =>
        typeof issue.input === "string" ? `must be an array of strings: use ["${issue.input}"]` : undefined,
    })
    .optional(),
  tenant: z.string().optional(),
  signal: z.instanceof(AbortSignal, { message: "must be an AbortSignal" }).optional(),
}).superRefine((request, ctx) => {
  const names = new Set<string>();
  request.tools?.forEach((tool, i) => {
    if (names.has(tool.function.name)) {
      ctx.addIssue({
        code: "custom",
        path: ["tools", i, "function", "name"],
        message: `duplicate tool name "${tool.function.name}"`,
      });
    }
    names.add(tool.function.name);
  });
  const choice = request.toolChoice;
  if (choice !== undefined && choice !== "auto" && choice !== "none" && names.size === 0) {
    ctx.addIssue({
      code: "custom",
      path: ["toolChoice"],
      message: "asks for a tool call but `tools` is empty",
    });
  } else if (typeof choice === "object" && !names.has(choice.function.name)) {
    ctx.addIssue({
      code: "custom",
      path: ["toolChoice", "function", "name"],
      message: `names no tool in \`tools\` (tools: ${[...names].join(", ")})`,
    });
  }
  // A tool result must answer a tool call made before it: every provider refuses it otherwise.
  const calls = new Set<string>();
  request.messages.forEach((message, i) => {
    if (message.role === "assistant") for (const call of message.tool_calls ?? []) calls.add(call.id);
    else if (message.role === "tool" && !calls.has(message.tool_call_id)) {
      ctx.addIssue({
        code: "custom",
        path: ["messages", i, "tool_call_id"],
        message: "answers no tool call of an earlier assistant message",
      });
    }
  });
});

// Every field of RouterRequest has a schema (tsc fails here when one is added without it).
type Unchecked = Exclude<keyof RouterRequest, keyof typeof RouterRequestSchema.shape>;
const requestCovered: [Unchecked] extends [never] ? true : Unchecked = true;
void requestCovered;
