export { CAPABILITY_NAMES, ConstraintsSchema } from "./constraints-schema";
export { type KnownNames, knownNames, unknownNameIssues } from "./known-names";
export { editDistance, nearestName, unknownNameMessage } from "./nearest-name";
export {
  ChatMessageSchema,
  messageIssues,
  RequestFieldsSchema,
  RouterRequestSchema,
  toolIssues,
} from "./request-schema";
export { RouterSettingsSchema } from "./settings-schema";
export { createRequestValidator, type RequestValidator } from "./validate-request";
export { validateRouterSettings } from "./validate-settings";
