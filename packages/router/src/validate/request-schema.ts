import {
  type ChatMessage,
  issuesFromZod,
  type ReasoningEffortLevel,
  type ToolCall,
  type ValidationIssue,
} from "@tokenwise/core";
import { z } from "zod";
import { ConversationMemo, type MemoState } from "../conversation-memo";
import { TASK_KIND_OPTIONS } from "../task-kind/detect-task-kind";
import type { RouterRequest } from "../types";
import { ConstraintsSchema } from "./constraints-schema";
import { strictObject } from "./strict-object";

/** The reasoning settings a request may carry (`none` asks hybrid models for their non-thinking mode). */
export const REASONING_EFFORTS = [
  "none",
  "low",
  "medium",
  "high",
] as const satisfies readonly ReasoningEffortLevel[];

// Message schemas check shapes only: strings are read in place (never copied or scanned), so a 300 KB
// history costs one pass over its messages. Unknown fields of a message are not rejected (histories
// copied from provider responses carry `refusal`, `annotations`, …); unknown request fields are.

const TextPartSchema = z.object({
  type: z.literal("text", { error: 'must be "text": only text parts are allowed here' }),
  text: z.string(),
});

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

const textContent = (what: string, orNull = "") =>
  z.union([z.string(), z.array(TextPartSchema)], {
    error: `${what} content must be a string or an array of { type: "text", text } parts${orNull}`,
  });

/** OpenAI's rule for function names (the strictest of the providers'). */
export const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
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
    // Required (the router reads it); null when the message only makes tool calls.
    content: textContent("assistant", ", or null when the message only makes tool calls").nullable(),
    tool_calls: z.array(ToolCallSchema).optional(),
    name: z.string().optional(),
  })
  .refine((m) => m.content !== null || (m.tool_calls?.length ?? 0) > 0, {
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

export const ToolChoiceSchema = z.union(
  [
    z.enum(["auto", "none", "required"]),
    z.object({ type: z.literal("function"), function: z.object({ name: z.string() }) }),
  ],
  { error: 'must be "auto", "none", "required" or { type: "function", function: { name } }' },
);

export const ResponseFormatSchema = z.discriminatedUnion(
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

/**
 * Every field of a request but the messages (`messages` is any value here): what the router checks
 * with zod on each call, the messages being checked by {@link messageIssues}.
 */
export const RequestFieldsSchema = strictObject({
  messages: z.unknown(),
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
  reasoningEffort: z.enum(REASONING_EFFORTS).optional(),
  responseFormat: ResponseFormatSchema.optional(),
  taskKind: z.enum(TASK_KIND_OPTIONS).optional(),
  constraints: ConstraintsSchema.optional(),
  tags: z
    .array(z.string(), {
      error: (issue) =>
        typeof issue.input === "string" ? `must be an array of strings: use ["${issue.input}"]` : undefined,
    })
    .optional(),
  tenant: z.string().optional(),
  sessionId: z.string().min(1, "must be a non-empty session id (omit it outside a session)").optional(),
  virtualKey: z.string().min(1, "must not be empty").optional(),
  signal: z.instanceof(AbortSignal, { message: "must be an AbortSignal" }).optional(),
});

/** Issues between fields of a well-typed request: duplicate tool names, a `toolChoice` naming no tool. */
export function toolIssues(request: Pick<RouterRequest, "tools" | "toolChoice">): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const names = new Set<string>();
  request.tools?.forEach((tool, i) => {
    const name = tool.function.name;
    if (names.has(name)) {
      issues.push({ path: ["tools", i, "function", "name"], message: "duplicate tool name", value: name });
    }
    names.add(name);
  });
  const choice = request.toolChoice;
  if (choice !== undefined && choice !== "auto" && choice !== "none" && names.size === 0) {
    issues.push({
      path: ["toolChoice"],
      message: "asks for a tool call but `tools` is empty",
      value: choice,
    });
  } else if (typeof choice === "object" && !names.has(choice.function.name)) {
    issues.push({
      path: ["toolChoice", "function", "name"],
      message: `names no tool in \`tools\` (tools: ${[...names].join(", ")})`,
      value: choice.function.name,
    });
  }
  return issues;
}

/** Tool names seen to match {@link TOOL_NAME} (strings are values: a set lookup is the regex's answer). */
const toolNames = new Set<string>();

/** `TOOL_NAME.test(name)`, remembered for the few names an agent's tool calls repeat. */
function isToolName(name: string): boolean {
  if (toolNames.has(name)) return true;
  if (!TOOL_NAME.test(name)) return false;
  if (toolNames.size >= 1024) toolNames.clear();
  toolNames.add(name);
  return true;
}

/**
 * True for the common message shapes that {@link ChatMessageSchema} accepts (string content, well-formed
 * tool calls), read without allocating; anything else goes to the schema, which decides and explains.
 * Sound by construction: it never accepts what the schema refuses (a property test checks it).
 */
function isPlainValidMessage(m: unknown): boolean {
  if (typeof m !== "object" || m === null) return false;
  const msg = m as Record<string, unknown>;
  const content = msg.content;
  switch (msg.role) {
    case "user":
      return typeof content === "string" && (msg.name === undefined || typeof msg.name === "string");
    case "system":
    case "developer":
      return typeof content === "string";
    case "tool":
      return typeof content === "string" && typeof msg.tool_call_id === "string" && msg.tool_call_id !== "";
    case "assistant": {
      if (msg.name !== undefined && typeof msg.name !== "string") return false;
      const calls = msg.tool_calls;
      if (calls === undefined) return typeof content === "string";
      if (!Array.isArray(calls)) return false;
      if (!(typeof content === "string" || (content === null && calls.length > 0))) {
        return false;
      }
      for (const call of calls as unknown[]) {
        if (typeof call !== "object" || call === null) return false;
        const c = call as Record<string, unknown>;
        const f = c.function as Record<string, unknown> | null | undefined;
        if (typeof c.id !== "string" || c.id === "" || c.type !== "function") return false;
        if (typeof f !== "object" || f === null || typeof f.arguments !== "string") return false;
        if (typeof f.name !== "string" || !isToolName(f.name)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/** A conversation's messages already found valid, with the tool calls made up to each (see {@link messageIssues}). */
export interface ValidatedPrefix extends MemoState {
  /** `calls[i]`: how many of `callLists` were made by messages 0..i. */
  readonly calls: number[];
  /** Every assistant message's tool calls, in order (the last one is what a tool result usually answers). */
  readonly callLists: (readonly ToolCall[])[];
}

/** The validated prefixes of the conversations a validator has seen. */
export function createValidatedPrefixes(): ConversationMemo<ValidatedPrefix> {
  return new ConversationMemo(() => ({ refs: [], calls: [], callLists: [] }));
}

/**
 * Issues of `messages`: not an array, empty, a message of the wrong shape for its role (zod's issue,
 * under `messages.i`), or a tool result answering no earlier tool call. One pass; strings are not read.
 * With `prefixes`, the leading messages this conversation already passed with (the same objects, in
 * the same order) are not checked again: an agent's next turn checks only its new messages.
 */
export function messageIssues(
  messages: unknown,
  prefixes?: ConversationMemo<ValidatedPrefix>,
): ValidationIssue[] {
  if (!Array.isArray(messages)) {
    return [{ path: ["messages"], message: "must be an array of messages", value: messages }];
  }
  if (messages.length === 0) {
    return [{ path: ["messages"], message: "must not be empty: pass at least one message", value: messages }];
  }
  const issues: ValidationIssue[] = [];
  const found = prefixes?.find(messages);
  const memo = found?.state;
  const start = found?.common ?? 0;
  // Tool results answer the last assistant message's calls almost always: those are scanned first;
  // a set of every earlier call is built only when one answers an older message.
  let callLists: (readonly ToolCall[])[] = [];
  if (memo !== undefined) {
    memo.refs.length = start;
    memo.calls.length = start;
    memo.callLists.length = start === 0 ? 0 : memo.calls[start - 1]!;
    callLists = memo.callLists;
  }
  let lastCalls: readonly ToolCall[] = callLists.length > 0 ? callLists[callLists.length - 1]! : [];
  let calls: Set<string> | undefined;
  const answersEarlierCall = (id: string): boolean => {
    if (lastCalls.length <= 16) for (const call of lastCalls) if (call.id === id) return true;
    if (calls === undefined) {
      calls = new Set();
      for (const list of callLists) for (const call of list) calls.add(call.id);
    }
    return calls.has(id);
  };
  for (let i = start; i < messages.length; i++) {
    const m: unknown = messages[i];
    if (!isPlainValidMessage(m)) {
      const parsed = ChatMessageSchema.safeParse(m);
      if (!parsed.success) {
        for (const issue of issuesFromZod(parsed.error, m))
          issues.push({ ...issue, path: ["messages", i, ...issue.path] });
        continue;
      }
    }
    const message = m as ChatMessage;
    if (message.role === "assistant") {
      const list = message.tool_calls;
      if (list !== undefined && list.length > 0) {
        callLists.push(list);
        lastCalls = list;
        if (calls !== undefined) for (const call of list) calls.add(call.id);
      }
    } else if (message.role === "tool" && !answersEarlierCall(message.tool_call_id)) {
      // A tool result must answer a tool call made before it: every provider refuses it otherwise.
      issues.push({
        path: ["messages", i, "tool_call_id"],
        message: "answers no tool call of an earlier assistant message",
        value: message.tool_call_id,
      });
    }
    // The memo covers messages up to the first issue only.
    if (memo !== undefined && issues.length === 0) {
      memo.refs.push(message);
      memo.calls.push(callLists.length);
    }
  }
  return issues;
}

/**
 * zod schema of a whole {@link RouterRequest}, for callers who validate on their own. The router
 * checks the same rules faster: {@link RequestFieldsSchema}, then {@link messageIssues} and
 * {@link toolIssues} (names in allow/deny lists are checked against the router's models apart).
 */
export const RouterRequestSchema = RequestFieldsSchema.extend({
  messages: z
    .array(ChatMessageSchema, { error: "must be an array of messages" })
    .min(1, "must not be empty: pass at least one message"),
}).superRefine((request, ctx) => {
  for (const issue of [...toolIssues(request), ...messageIssues(request.messages)]) {
    ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
  }
});

// Every reasoning effort level of core's spec is accepted (tsc fails here when one is added without it).
type UncheckedEffort = Exclude<ReasoningEffortLevel, (typeof REASONING_EFFORTS)[number]>;
const effortsCovered: [UncheckedEffort] extends [never] ? true : UncheckedEffort = true;
void effortsCovered;

// Every field of RouterRequest has a schema (tsc fails here when one is added without it).
type Unchecked = Exclude<keyof RouterRequest, keyof typeof RouterRequestSchema.shape>;
const requestCovered: [Unchecked] extends [never] ? true : Unchecked = true;
void requestCovered;
