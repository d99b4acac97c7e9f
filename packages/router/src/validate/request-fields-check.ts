import { TASK_KIND_OPTIONS } from "../task-kind/detect-task-kind";
import { ConstraintsSchema } from "./constraints-schema";
import {
  REASONING_EFFORTS,
  RequestFieldsSchema,
  ResponseFormatSchema,
  TOOL_NAME,
  ToolChoiceSchema,
} from "./request-schema";

// A hand-written check of the common request fields, so that a call does not pay for zod copying
// every tool's `parameters` record (the parse output is discarded: only acceptance matters). It is
// sound, never complete: it answers true only where `RequestFieldsSchema` accepts (a property test
// checks it), and false for anything unusual, which then goes to zod, which decides and explains.

const FIELDS = new Set(Object.keys(RequestFieldsSchema.shape));
const EFFORTS = new Set<unknown>(REASONING_EFFORTS);
const TASK_KINDS = new Set<unknown>(TASK_KIND_OPTIONS);

/** A plain object by zod's `isPlainObject` for sure: `{}` or `Object.create(null)`, no own `constructor`. */
function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && !Object.hasOwn(value, "constructor");
}

/** What `z.record(z.string(), z.unknown())` accepts for sure: a plain object with string keys only. */
function isStringKeyedRecord(value: unknown): boolean {
  return isPlainRecord(value) && Object.getOwnPropertySymbols(value).length === 0;
}

const isOptionalString = (v: unknown) => v === undefined || typeof v === "string";
const isNonEmptyString = (v: unknown) => typeof v === "string" && v.length > 0;

function isToolDefinition(tool: unknown): boolean {
  if (!isPlainRecord(tool) || tool.type !== "function") return false;
  const f = tool.function;
  if (!isPlainRecord(f) || typeof f.name !== "string" || !TOOL_NAME.test(f.name)) return false;
  if (!isOptionalString(f.description)) return false;
  if (f.strict !== undefined && typeof f.strict !== "boolean") return false;
  return f.parameters === undefined || isStringKeyedRecord(f.parameters);
}

function isStringArray(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  // Indexed, not `every`: a hole is `undefined`, which zod refuses.
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== "string") return false;
  return true;
}

function isFieldValid(key: string, v: unknown): boolean {
  if (v === undefined) return true; // every field but `messages` is optional; `messages` is checked apart
  switch (key) {
    case "system":
    case "tenant":
      return typeof v === "string";
    case "sessionId":
    case "virtualKey":
      return isNonEmptyString(v);
    case "maxOutputTokens":
      return Number.isSafeInteger(v) && (v as number) > 0;
    case "temperature":
      return typeof v === "number" && v >= 0 && v <= 2; // NaN fails both comparisons
    case "reasoningEffort":
      return EFFORTS.has(v);
    case "taskKind":
      return TASK_KINDS.has(v);
    case "tags":
      return isStringArray(v);
    case "signal":
      return v instanceof AbortSignal;
    case "tools": {
      if (!Array.isArray(v)) return false;
      for (let i = 0; i < v.length; i++) if (!isToolDefinition(v[i])) return false;
      return true;
    }
    // Small values, rare records: their own zod schemas, which accept exactly what the fields schema does.
    case "toolChoice":
      return v === "auto" || v === "none" || v === "required" || ToolChoiceSchema.safeParse(v).success;
    case "responseFormat":
      return ResponseFormatSchema.safeParse(v).success;
    case "constraints":
      return ConstraintsSchema.safeParse(v).success;
    default:
      return false;
  }
}

/**
 * True when {@link RequestFieldsSchema} surely accepts `request` (its messages being an array, whose
 * items {@link messageIssues} checks), decided without copying anything; false means "ask zod".
 *
 * @example
 * requestFieldsAccepted({ messages: [], tools, maxOutputTokens: 50 }) // true
 * requestFieldsAccepted({ messages: [], maxTokens: 50 }) // false: zod names the unknown field
 */
export function requestFieldsAccepted(request: unknown): boolean {
  if (!isPlainRecord(request) || !Array.isArray(request.messages)) return false;
  for (const key in request) {
    if (!FIELDS.has(key)) return false;
    if (key !== "messages" && !isFieldValid(key, request[key])) return false;
  }
  return true;
}
