import type { ApiStyle } from "@tokenwise/core";
import { MissingApiKeyError } from "./errors";

/** How to reach one provider. */
export interface ProviderSettings {
  /** API key. Default: the provider's environment variable (e.g. `DEEPSEEK_API_KEY`), read at first use. */
  apiKey?: string;
  /** Base URL of the API. Default: the provider's public endpoint. Tests point it at the testkit. */
  baseURL?: string;
  /** Wire protocol; default from the catalog entry (`openai` or `anthropic`). */
  api?: ApiStyle;
  /** Environment variable holding the key, when it is not the default one. */
  apiKeyEnv?: string;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
}

/** Default endpoint and key variable per known provider. Others need `baseURL` (and `apiKeyEnv`). */
export const DEFAULT_PROVIDERS: Readonly<Record<string, { baseURL: string; apiKeyEnv: string }>> = {
  openai: { baseURL: "https://api.openai.com/v1", apiKeyEnv: "OPENAI_API_KEY" },
  anthropic: { baseURL: "https://api.anthropic.com", apiKeyEnv: "ANTHROPIC_API_KEY" },
  deepseek: { baseURL: "https://api.deepseek.com/v1", apiKeyEnv: "DEEPSEEK_API_KEY" },
  qwen: { baseURL: "https://dashscope.aliyuncs.com/compatible-mode/v1", apiKeyEnv: "DASHSCOPE_API_KEY" },
  dashscope: { baseURL: "https://dashscope.aliyuncs.com/compatible-mode/v1", apiKeyEnv: "DASHSCOPE_API_KEY" },
  alibaba: { baseURL: "https://dashscope.aliyuncs.com/compatible-mode/v1", apiKeyEnv: "DASHSCOPE_API_KEY" },
  zhipu: { baseURL: "https://open.bigmodel.cn/api/paas/v4", apiKeyEnv: "ZHIPU_API_KEY" },
  moonshot: { baseURL: "https://api.moonshot.cn/v1", apiKeyEnv: "MOONSHOT_API_KEY" },
  doubao: { baseURL: "https://ark.cn-beijing.volces.com/api/v3", apiKeyEnv: "ARK_API_KEY" },
  volcengine: { baseURL: "https://ark.cn-beijing.volces.com/api/v3", apiKeyEnv: "ARK_API_KEY" },
  google: { baseURL: "https://generativelanguage.googleapis.com/v1beta/openai", apiKeyEnv: "GEMINI_API_KEY" },
  mistral: { baseURL: "https://api.mistral.ai/v1", apiKeyEnv: "MISTRAL_API_KEY" },
  groq: { baseURL: "https://api.groq.com/openai/v1", apiKeyEnv: "GROQ_API_KEY" },
  xai: { baseURL: "https://api.x.ai/v1", apiKeyEnv: "XAI_API_KEY" },
  openrouter: { baseURL: "https://openrouter.ai/api/v1", apiKeyEnv: "OPENROUTER_API_KEY" },
  minimax: { baseURL: "https://api.minimax.chat/v1", apiKeyEnv: "MINIMAX_API_KEY" },
};

/** The environment variable a provider's key is read from. */
export function apiKeyEnvFor(provider: string, settings: ProviderSettings | undefined): string {
  return (
    settings?.apiKeyEnv ??
    DEFAULT_PROVIDERS[provider]?.apiKeyEnv ??
    `${provider.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_API_KEY`
  );
}

/** What to do about a missing key: `pass \`providers.openai.apiKey\` or set the OPENAI_API_KEY environment variable`. */
export function missingKeyHint(provider: string, settings: ProviderSettings | undefined): string {
  return `pass \`${apiKeyOption(provider)}\` or set the ${apiKeyEnvFor(provider, settings)} environment variable`;
}

function apiKeyOption(provider: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(provider)
    ? `providers.${provider}.apiKey`
    : `providers["${provider}"].apiKey`;
}

/**
 * Reads a provider's key lazily: the option first, then the environment. Returns undefined when
 * neither is set (selection rejects the provider); {@link requireApiKey} throws instead.
 */
export function loadApiKey(
  provider: string,
  settings: ProviderSettings | undefined,
  env: Record<string, string | undefined>,
): string | undefined {
  if (settings?.apiKey) return settings.apiKey;
  const value = env[apiKeyEnvFor(provider, settings)];
  return value && value.length > 0 ? value : undefined;
}

/** Like {@link loadApiKey} but throws a {@link MissingApiKeyError} naming the option and the variable. */
export function requireApiKey(
  provider: string,
  settings: ProviderSettings | undefined,
  env: Record<string, string | undefined>,
): string {
  const key = loadApiKey(provider, settings, env);
  if (key === undefined) {
    throw new MissingApiKeyError({
      provider,
      option: apiKeyOption(provider),
      envVar: apiKeyEnvFor(provider, settings),
    });
  }
  return key;
}

/** The base URL for a provider: the option, else the public default, else undefined. */
export function baseURLFor(provider: string, settings: ProviderSettings | undefined): string | undefined {
  return settings?.baseURL ?? DEFAULT_PROVIDERS[provider]?.baseURL;
}

/** Replaces every occurrence of each secret in `text` with `[REDACTED]`. */
export function redact(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4 && out.includes(secret)) out = out.split(secret).join("[REDACTED]");
  }
  return out;
}
