import type { SimResponse } from "./response-source";
import type { SimRequest, SimTool, SimToolCall } from "./sim-request";

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The smallest value a JSON Schema accepts, deterministically: the first `enum`/`const`, the
 * `default`, then by type (`""`, the minimum or 0, `false`, `[]` of `minItems` items, an object of its
 * required properties, `null`). Enough for a forced tool call to parse against the tool's schema.
 *
 * @example
 * sampleFromSchema({ type: "object", properties: { city: { type: "string" } }, required: ["city"] }) // { city: "" }
 */
export function sampleFromSchema(schema: unknown): unknown {
  if (!isObject(schema)) return {};
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if ("default" in schema) return schema.default;
  const variants = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(variants) && variants.length > 0) return sampleFromSchema(variants[0]);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "string":
      return "";
    case "number":
    case "integer":
      return typeof schema.minimum === "number" ? schema.minimum : 0;
    case "boolean":
      return false;
    case "null":
      return null;
    case "array": {
      const n = typeof schema.minItems === "number" ? schema.minItems : 0;
      return Array.from({ length: n }, () => sampleFromSchema(schema.items));
    }
    default: {
      const properties = isObject(schema.properties) ? schema.properties : {};
      const required = Array.isArray(schema.required)
        ? schema.required.filter((k) => typeof k === "string")
        : [];
      return Object.fromEntries(required.map((key) => [key, sampleFromSchema(properties[key])]));
    }
  }
}

function forcedCall(tool: SimTool): SimToolCall {
  return { name: tool.name, arguments: sampleFromSchema(tool.parameters) as Record<string, unknown> };
}

/**
 * Makes an answer obey the request's tool choice, as the real APIs do: `required` (OpenAI
 * `"required"`, Anthropic `any`) answers with a tool call (the answer's own calls, else a call of the
 * first tool with the smallest arguments its schema accepts), `tool` with a call of that tool only,
 * and `none` with text only. Forced calls replace the text (the APIs start the turn with the call).
 * The finish reason is the APIs' own: `tool_calls` / `tool_use`, except that OpenAI answers a named
 * function with `stop` (as measured against the API: vllm-project/vllm#25054).
 *
 * @example
 * applyToolChoice({ text: "hi" }, request) // { toolCalls: [{ name: "get_weather", arguments: { city: "" } }] }
 */
export function applyToolChoice(
  response: SimResponse,
  request: Pick<SimRequest, "tools" | "toolChoice" | "protocol">,
): SimResponse {
  const choice = request.toolChoice;
  const calls = response.toolCalls ?? [];
  switch (choice.type) {
    case "auto":
      return response;
    case "none": {
      if (calls.length === 0) return response;
      const { toolCalls: _dropped, ...rest } = response;
      return {
        ...rest,
        finishReason: rest.finishReason === "tool_calls" ? "stop" : (rest.finishReason ?? "stop"),
      };
    }
    case "required": {
      if (calls.length > 0) return response;
      const first = request.tools[0];
      if (first === undefined) return response;
      return { ...withoutText(response), toolCalls: [forcedCall(first)], finishReason: "tool_calls" };
    }
    case "tool": {
      const named = calls.filter((c) => c.name === choice.name);
      const tool = request.tools.find((t) => t.name === choice.name);
      if (tool === undefined) return response;
      return {
        ...withoutText(response),
        toolCalls: named.length > 0 ? named : [forcedCall(tool)],
        finishReason: request.protocol === "openai" ? "stop" : "tool_calls",
      };
    }
    default: {
      const never: never = choice;
      throw new Error(`unknown tool choice ${JSON.stringify(never)}`);
    }
  }
}

function withoutText(response: SimResponse): SimResponse {
  const { text: _text, toolCalls: _calls, finishReason: _reason, ...rest } = response;
  return rest;
}
