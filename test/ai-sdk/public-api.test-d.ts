import type { LanguageModelV3, ProviderV3 } from "@ai-sdk/provider";
import {
  createTokenwise,
  readTokenwiseMetadata,
  type TokenwiseModelSettings,
  type TokenwiseProvider,
  type TokenwiseProviderMetadata,
} from "@tokenwise/ai-sdk";
import type { Router } from "@tokenwise/router";
import type { LanguageModel } from "ai";
import { expectTypeOf } from "vitest";

declare const router: Router;
const tokenwise = createTokenwise({ router });
expectTypeOf(tokenwise).toEqualTypeOf<TokenwiseProvider>();
expectTypeOf(tokenwise).toExtend<ProviderV3>();
expectTypeOf(tokenwise("auto")).toEqualTypeOf<LanguageModelV3>();
expectTypeOf(tokenwise("openai/gpt-4o")).toExtend<LanguageModel>();
expectTypeOf<TokenwiseModelSettings["taskKind"]>().toEqualTypeOf<
  | "general"
  | "code"
  | "math"
  | "reasoning"
  | "chinese"
  | "creative"
  | "instruction"
  | "multiturn"
  | "auto"
  | undefined
>();
expectTypeOf(readTokenwiseMetadata).returns.toEqualTypeOf<TokenwiseProviderMetadata | undefined>();
expectTypeOf<TokenwiseProviderMetadata["realizedCost"]["amount"]>().toEqualTypeOf<string>();
// Model settings are checked: an unknown constraint does not compile.
// @ts-expect-error minQualty is not a constraint
tokenwise("auto", { constraints: { minQualty: 0.5 } });
