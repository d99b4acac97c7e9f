export type {
  AdapterCall,
  AdapterResponse,
  AdapterStream,
  ProviderAdapter,
} from "@tokenwise/core";

/** Endpoint and credentials an adapter's SDK client is built with. */
export interface SdkClientSettings {
  apiKey: string;
  baseURL: string;
  headers?: Record<string, string>;
  /** Custom fetch (tests, proxies). */
  fetch?: typeof globalThis.fetch;
}

/**
 * Options shared by both official clients: the router owns retries (`maxRetries: 0`, never stacked
 * loops) and timeouts (its deadline aborts through the signal, so the SDK's own is set out of the way).
 */
export function sdkClientOptions(settings: SdkClientSettings) {
  return {
    apiKey: settings.apiKey,
    baseURL: settings.baseURL,
    maxRetries: 0,
    timeout: 24 * 60 * 60 * 1000,
    ...(settings.headers ? { defaultHeaders: settings.headers } : {}),
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
  };
}
