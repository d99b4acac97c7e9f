import type { BaseMessage, MessageContent } from "@langchain/core/messages";
import type { ChatMessage, ContentPart, TextPart, ToolCall } from "@tokenwise/core";
import { ValidationError, type ValidationIssue } from "@tokenwise/router";

const SOURCE = "ChatTokenwise messages";

type Block = Record<string, unknown>;

function isBlock(value: unknown): value is Block {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An image block as a spec `image_url` part: LangChain's `image_url` blocks and v1 `image` blocks (URL or base64). */
function imagePart(
  block: Block,
  path: (string | number)[],
  issues: ValidationIssue[],
): ContentPart | undefined {
  if (block.type === "image_url") {
    const raw = block.image_url;
    if (typeof raw === "string") return { type: "image_url", image_url: { url: raw } };
    if (isBlock(raw) && typeof raw.url === "string") {
      const detail = raw.detail;
      if (detail === "auto" || detail === "low" || detail === "high")
        return { type: "image_url", image_url: { url: raw.url, detail } };
      return { type: "image_url", image_url: { url: raw.url } };
    }
    issues.push({ path: [...path, "image_url"], message: "expected a URL string or { url }", value: raw });
    return undefined;
  }
  // v1 standard block `{ type: "image", url }` / `{ type: "image", data, mimeType }`, and the older
  // `{ type: "image", source_type: "url" | "base64", url | data, mime_type }`.
  if (typeof block.url === "string") return { type: "image_url", image_url: { url: block.url } };
  const data = block.data;
  const mime = block.mimeType ?? block.mime_type;
  if (typeof data === "string" && typeof mime === "string")
    return { type: "image_url", image_url: { url: `data:${mime};base64,${data}` } };
  issues.push({
    path,
    message: "an image block needs `url`, or base64 `data` with `mimeType`",
    value: block,
  });
  return undefined;
}

/** Blocks an assistant turn may carry that are not text and that the spec carries elsewhere (tool calls) or drops (reasoning). */
const ASSISTANT_SKIPPED = new Set(["tool_use", "tool_call", "tool_call_chunk", "reasoning", "thinking"]);

function convertContent(
  content: MessageContent,
  role: "user" | "assistant" | "text-only",
  path: (string | number)[],
  issues: ValidationIssue[],
): string | ContentPart[] {
  if (typeof content === "string") return content;
  const parts: ContentPart[] = [];
  content.forEach((block: unknown, i: number) => {
    const at = [...path, i];
    if (typeof block === "string") {
      parts.push({ type: "text", text: block });
      return;
    }
    if (!isBlock(block)) {
      issues.push({ path: at, message: "expected a content block object", value: block });
      return;
    }
    if (block.type === "text") {
      if (typeof block.text === "string") parts.push({ type: "text", text: block.text });
      else issues.push({ path: [...at, "text"], message: "expected a string", value: block.text });
      return;
    }
    if (role === "user" && (block.type === "image_url" || block.type === "image")) {
      const part = imagePart(block, at, issues);
      if (part) parts.push(part);
      return;
    }
    if (role === "assistant" && typeof block.type === "string" && ASSISTANT_SKIPPED.has(block.type)) return;
    issues.push({
      path: [...at, "type"],
      message:
        role === "user"
          ? "unsupported content block: expected text, image_url or image"
          : "unsupported content block: expected text",
      value: block.type,
    });
  });
  return parts;
}

function textOnly(parts: string | ContentPart[]): string | TextPart[] {
  return typeof parts === "string" ? parts : parts.filter((p): p is TextPart => p.type === "text");
}

function toolCallsOf(message: BaseMessage, path: (string | number)[], issues: ValidationIssue[]): ToolCall[] {
  const out: ToolCall[] = [];
  const calls = "tool_calls" in message && Array.isArray(message.tool_calls) ? message.tool_calls : [];
  calls.forEach((call: { id?: string; name: string; args: unknown }, i: number) => {
    if (typeof call.id !== "string" || call.id === "") {
      issues.push({
        path: [...path, "tool_calls", i, "id"],
        message: "a tool call needs its id so that the tool's answer can refer to it",
        value: call.id,
      });
      return;
    }
    out.push({
      id: call.id,
      type: "function",
      function: { name: call.name, arguments: JSON.stringify(call.args) },
    });
  });
  // Calls whose arguments did not parse are replayed as the model sent them.
  const invalid =
    "invalid_tool_calls" in message && Array.isArray(message.invalid_tool_calls)
      ? message.invalid_tool_calls
      : [];
  for (const call of invalid as { id?: string; name?: string; args?: string }[]) {
    if (call.id && call.name)
      out.push({ id: call.id, type: "function", function: { name: call.name, arguments: call.args ?? "" } });
  }
  return out;
}

function roleOf(message: BaseMessage): string {
  if (message.type === "generic") return String((message as BaseMessage & { role?: unknown }).role);
  if (message.type === "system" && message.additional_kwargs?.__openai_role__ === "developer")
    return "developer";
  return message.type;
}

/**
 * LangChain messages as the spec's chat messages. System messages stay system prompts, tool results
 * keep their `tool_call_id`, an assistant's tool calls are sent with their ids and JSON arguments.
 * Anything that cannot be sent faithfully is a {@link ValidationError} naming the message and block.
 *
 * @example
 * convertMessages([new SystemMessage("Be brief."), new HumanMessage("hi")]);
 * // [{ role: "system", content: "Be brief." }, { role: "user", content: "hi" }]
 */
export function convertMessages(messages: readonly BaseMessage[]): ChatMessage[] {
  const issues: ValidationIssue[] = [];
  const out: ChatMessage[] = [];
  messages.forEach((message, i) => {
    const path = [i];
    const role = roleOf(message);
    switch (role) {
      case "system":
      case "developer":
        out.push({
          role,
          content: textOnly(convertContent(message.content, "text-only", [i, "content"], issues)),
        });
        return;
      case "human":
      case "user": {
        const user: ChatMessage = {
          role: "user",
          content: convertContent(message.content, "user", [i, "content"], issues),
        };
        if (message.name) user.name = message.name;
        out.push(user);
        return;
      }
      case "ai":
      case "assistant": {
        const content = textOnly(convertContent(message.content, "assistant", [i, "content"], issues));
        const calls = toolCallsOf(message, path, issues);
        const empty = content === "" || (Array.isArray(content) && content.length === 0);
        const assistant: ChatMessage = {
          role: "assistant",
          content: empty && calls.length > 0 ? null : content,
        };
        if (calls.length > 0) assistant.tool_calls = calls;
        if (message.name) assistant.name = message.name;
        out.push(assistant);
        return;
      }
      case "tool": {
        const id = (message as BaseMessage & { tool_call_id?: unknown }).tool_call_id;
        if (typeof id !== "string" || id === "") {
          issues.push({
            path: [i, "tool_call_id"],
            message: "a tool message needs the id of the call it answers",
            value: id,
          });
          return;
        }
        out.push({
          role: "tool",
          tool_call_id: id,
          content: textOnly(convertContent(message.content, "text-only", [i, "content"], issues)),
        });
        return;
      }
      default:
        issues.push({
          path: [i, "type"],
          message:
            "unsupported message: expected system, human, ai or tool (or a ChatMessage with one of their roles)",
          value: role,
        });
    }
  });
  if (issues.length > 0) throw new ValidationError({ source: SOURCE, issues });
  return out;
}
