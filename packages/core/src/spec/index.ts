export type {
  AdapterCall,
  AdapterFactory,
  AdapterRegistry,
  AdapterResponse,
  AdapterSettings,
  AdapterStream,
  PromptCachePolicy,
  ProviderAdapter,
} from "./adapter";
export type { FinishReason, UnifiedFinishReason } from "./finish-reason";
export type {
  ChatMessage,
  ContentPart,
  ImagePart,
  ModelRequest,
  ReasoningEffortLevel,
  ResponseFormat,
  TextPart,
  ToolCall,
  ToolChoice,
  ToolDefinition,
} from "./messages";
export {
  classifyStatus,
  ProviderError,
  type ProviderErrorKind,
  retryAfterMs,
  StreamEndedEarlyError,
} from "./provider-error";
export type { StreamPart, StreamPartType } from "./stream-parts";
