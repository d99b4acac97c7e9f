/**
 * The OpenAI cookbook's published chat-format examples ("How to count tokens with tiktoken",
 * openai/openai-cookbook examples/How_to_count_tokens_with_tiktoken.ipynb) with the `prompt_tokens`
 * the API returned for them. Shared by the estimation benchmark and its tests.
 */
import type { ChatMessageLike, ToolDefinitionLike } from "@tokenwise/core";

export const cookbookMessages: ChatMessageLike[] = [
  {
    role: "system",
    content:
      "You are a helpful, pattern-following assistant that translates corporate jargon into plain English.",
  },
  { role: "system", name: "example_user", content: "New synergies will help drive top-line growth." },
  {
    role: "system",
    name: "example_assistant",
    content: "Things working well together will increase revenue.",
  },
  {
    role: "system",
    name: "example_user",
    content:
      "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage.",
  },
  {
    role: "system",
    name: "example_assistant",
    content: "Let's talk later when we're less busy about how to do better.",
  },
  {
    role: "user",
    content: "This late pivot means we don't have time to boil the ocean for the client deliverable.",
  },
];
export const weatherTools: ToolDefinitionLike[] = [
  {
    type: "function",
    function: {
      name: "get_current_weather",
      description: "Get the current weather in a given location",
      parameters: {
        type: "object",
        properties: {
          location: { type: "string", description: "The city and state, e.g. San Francisco, CA" },
          unit: {
            type: "string",
            description: "The unit of temperature to return",
            enum: ["celsius", "fahrenheit"],
          },
        },
        required: ["location"],
      },
    },
  },
];
export const weatherMessages: ChatMessageLike[] = [
  { role: "system", content: "You are a helpful assistant that can answer to questions about the weather." },
  { role: "user", content: "What's the weather like in San Francisco?" },
];

/** Published `prompt_tokens`: gpt-4 (cl100k) and gpt-4o (o200k), for the messages and the tools example. */
export const COOKBOOK_PUBLISHED = {
  messages: { cl100k_base: 129, o200k_base: 124 },
  tools: { cl100k_base: 105, o200k_base: 101 },
} as const;
