import { issuesFromZod, ValidationError, type ValidationIssue } from "@tokenwise/core";
import type { Constraints, RouterRequest } from "../types";
import { type KnownNames, unknownNameIssues } from "./known-names";
import { requestFieldsAccepted } from "./request-fields-check";
import { createValidatedPrefixes, messageIssues, RequestFieldsSchema, toolIssues } from "./request-schema";

/** A Money `maxCostPerCall` in another currency than the one costs are reported in, as an issue at `path`. */
export function capCurrencyIssue(
  cap: Constraints["maxCostPerCall"],
  currency: string,
  path: (string | number)[],
): ValidationIssue | undefined {
  if (typeof cap !== "object" || cap.currency === currency) return undefined;
  return {
    path,
    message: `maxCostPerCall is in ${cap.currency} but costs are reported in ${currency}: use the same currency`,
    value: path.at(-1) === "currency" && path.at(-2) === "maxCostPerCall" ? cap.currency : currency,
  };
}

/** Checks a request before any estimate or provider call; throws the {@link ValidationError} of a bad one. */
export type RequestValidator = (request: unknown) => void;

/**
 * A validator for one router's requests: the request schema (shapes, ranges, known task kinds,
 * capabilities and currencies), every message's shape for its role, tools against `toolChoice`, names
 * in allow/deny lists against the router's models, and a Money `maxCostPerCall` against the currency
 * costs are reported in (the router's `defaults` filling in). One error lists every problem found.
 *
 * @example
 * const validate = createRequestValidator(knownNames(models), {});
 * validate({ messages: [] }); // ValidationError: request: messages: must not be empty …
 */
export function createRequestValidator(known: KnownNames, defaults: Constraints): RequestValidator {
  // Conversations' messages already found valid: an agent's next turn checks only its new messages.
  const prefixes = createValidatedPrefixes();
  return (request: unknown): void => {
    // The hand-written check first (it never accepts what zod refuses), zod for the rest and its messages.
    const parsed = requestFieldsAccepted(request) ? undefined : RequestFieldsSchema.safeParse(request);
    if (parsed !== undefined && !parsed.success) {
      const issues = issuesFromZod(parsed.error, request);
      if (typeof request === "object" && request !== null && "messages" in request) {
        issues.push(...messageIssues(request.messages));
      }
      throw new ValidationError({ source: "request", issues, cause: parsed.error });
    }
    // Checked on the caller's objects (the parse output is a copy): these are what the router reads.
    const r = request as RouterRequest;
    const issues = [...messageIssues(r.messages, prefixes), ...toolIssues(r)];
    const constraints = r.constraints;
    issues.push(...unknownNameIssues(constraints, known, ["constraints"]));
    const own = constraints?.maxCostPerCall !== undefined;
    const mismatch = capCurrencyIssue(
      constraints?.maxCostPerCall ?? defaults.maxCostPerCall,
      constraints?.currency ?? defaults.currency ?? "USD",
      own ? ["constraints", "maxCostPerCall", "currency"] : ["constraints", "currency"],
    );
    if (mismatch) issues.push(mismatch);
    if (issues.length > 0) throw new ValidationError({ source: "request", issues });
  };
}
