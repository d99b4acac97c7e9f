import type { AdapterSettings } from "@tokenwise/core";

/**
 * Options shared by both official clients: the router owns retries (`maxRetries: 0`, never stacked
 * loops) and timeouts (its deadline aborts through the signal, so the SDK's own is set out of the way).
 */
export function sdkClientOptions(settings: AdapterSettings) {
  return {
    apiKey: settings.apiKey,
    baseURL: settings.baseURL,
    maxRetries: 0,
    timeout: 24 * 60 * 60 * 1000,
    ...(settings.headers ? { defaultHeaders: settings.headers } : {}),
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
  };
}
