import { z } from "zod";
import { nearestName } from "./nearest-name";

/**
 * A zod object that rejects unknown fields — a misspelt option (`maxTokens`) must not be silently
 * ignored — and names the nearest known field in its message.
 */
export function strictObject<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== "unrecognized_keys") return undefined;
      return issue.keys
        .map((key) => {
          const near = nearestName(key, known);
          return `unknown field "${key}"${near ? `: did you mean "${near}"?` : ` (known: ${known.join(", ")})`}`;
        })
        .join("; ");
    },
  });
}
