export { ATTR, TW } from "./attributes";
export {
  attemptAttributes,
  callAttributes,
  createTelemetryObserver,
  type ReportObserver,
  SCOPE_NAME,
  SCOPE_VERSION,
  type TelemetrySettings,
} from "./telemetry-observer";
