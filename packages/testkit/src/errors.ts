import { TokenwiseError } from "@tokenwise/core";

/** The testkit was configured wrongly: an unknown tokenizer, a bad fault name, a duplicate model. */
export class TestkitConfigError extends TokenwiseError {
  constructor({ message, cause }: { message: string; cause?: unknown }) {
    super({ message, cause });
    this.name = "TestkitConfigError";
  }
}
