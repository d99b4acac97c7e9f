import type {
  BindToolsInput,
  ToolChoice as LangChainToolChoice,
} from "@langchain/core/language_models/chat_models";
import { convertToOpenAITool } from "@langchain/core/utils/function_calling";
import type { ToolChoice, ToolDefinition } from "@tokenwise/core";
import { ValidationError } from "@tokenwise/router";

/**
 * LangChain tools (structured tools, `tool()` results, zod or JSON schema tool params, OpenAI tool
 * definitions) as the spec's function tools, through LangChain's own `convertToOpenAITool`.
 */
export function convertTools(tools: readonly BindToolsInput[], strict?: boolean): ToolDefinition[] {
  return tools.map((tool, i) => {
    const invalid = (cause?: unknown) =>
      new ValidationError({
        source: "ChatTokenwise tools",
        issues: [{ path: [i], message: "not a tool LangChain can convert to a function tool", value: tool }],
        cause,
      });
    let converted: ReturnType<typeof convertToOpenAITool> | undefined;
    try {
      converted = convertToOpenAITool(tool, strict === undefined ? undefined : { strict });
    } catch (cause) {
      throw invalid(cause);
    }
    const fn = converted?.function;
    if (typeof fn?.name !== "string" || fn.name === "") throw invalid();
    const out: ToolDefinition = { type: "function", function: { name: fn.name } };
    if (fn.description !== undefined) out.function.description = fn.description;
    if (fn.parameters !== undefined) out.function.parameters = fn.parameters as Record<string, unknown>;
    if (strict !== undefined) out.function.strict = strict;
    return out;
  });
}

/**
 * LangChain's `tool_choice` as the spec's: `"auto"`, `"none"`, `"any"` / `"required"` (some tool must
 * be called), a tool's name, or an OpenAI-style `{ type: "function", function: { name } }`.
 */
export function convertToolChoice(choice: LangChainToolChoice): ToolChoice {
  if (choice === "auto" || choice === "none" || choice === "required") return choice;
  if (choice === "any") return "required";
  if (typeof choice === "string") return { type: "function", function: { name: choice } };
  const fn = (choice as { type?: unknown; function?: { name?: unknown } }).function;
  if (choice.type === "function" && typeof fn?.name === "string")
    return { type: "function", function: { name: fn.name } };
  throw new ValidationError({
    source: "ChatTokenwise tool_choice",
    issues: [
      {
        path: ["tool_choice"],
        message:
          'expected "auto", "none", "any", "required", a tool name or { type: "function", function: { name } }',
        value: choice,
      },
    ],
  });
}
