export { ChatTokenwise, type ChatTokenwiseCallOptions, type ChatTokenwiseFields } from "./chat-tokenwise";
export { convertMessages } from "./convert-messages";
export { convertToolChoice, convertTools } from "./convert-tools";
export { toUsageMetadata } from "./convert-usage";
export {
  type AttemptSummary,
  costOfMessage,
  type MoneyJSON,
  type RoutingMetadata,
  routingOfMessage,
  type TokenwiseResponseMetadata,
} from "./response-metadata";
