/** What a stream event delivers to the client, for billing a cut stream. */
export type DeliveredPiece =
  | { kind: "text"; text: string }
  | { kind: "tool"; index: number; name: string; args: string };

/** One server-sent event, pre-rendered. */
export interface StreamEvent {
  /** SSE `event:` field (Anthropic names every event; OpenAI sends data only). */
  event?: string;
  /** SSE `data:` payload. */
  data: string;
  /** Set on content events (text or tool-call fragments); the cut faults count these. */
  content?: DeliveredPiece;
  /** Output tokens this event stands for, to pace the stream. */
  tokens: number;
}

/**
 * Serializes one event in SSE framing.
 *
 * @example
 * formatSse({ event: "ping", data: '{"type":"ping"}', tokens: 0 }) // 'event: ping\ndata: {"type":"ping"}\n\n'
 */
export function formatSse(event: Pick<StreamEvent, "event" | "data">): string {
  return `${event.event === undefined ? "" : `event: ${event.event}\n`}data: ${event.data}\n\n`;
}
