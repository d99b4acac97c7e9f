export {
  type ChatCompletionRequest,
  ChatCompletionRequestSchema,
  type ParsedChatRequest,
  parseChatRequest,
} from "./chat-request";
export {
  ChunkEncoder,
  COST_HEADER_NAMES,
  type CostDetails,
  completionBody,
  costDetails,
  costHeaders,
  toOpenAIFinishReason,
  toOpenAIUsage,
  type UsageWithCost,
} from "./chat-response";
export {
  AUTO,
  loadServerConfig,
  parseServerConfig,
  type ServerConfig,
  type ServerConfigInput,
  ServerConfigSchema,
  type ServerProfile,
  type VirtualKeyEntry,
} from "./config";
export { createNodeFetch, type NodeFetchSettings } from "./node-fetch";
export {
  HttpError,
  type OpenAIErrorBody,
  type OpenAIErrorType,
  paramOf,
  RequestDeadlineError,
  toHttpError,
} from "./openai-error";
export { createModelResolver, type ModelResolver, type Route } from "./resolve-model";
export { type RouterFromConfigOptions, routerFromConfig } from "./router-from-config";
export {
  createTokenwiseServer,
  type RequestLogEntry,
  type TokenwiseServer,
  type TokenwiseServerSettings,
} from "./server";
export { createVirtualKeyStore, hashVirtualKey, type VirtualKeyStore } from "./virtual-keys";
