import { TokenwiseError } from "@tokenwise/core";

/** Shared argument and table helpers of the `tokenwise` commands. */

export function flag(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i < 0) return undefined;
  const v = argv[i + 1];
  if (v === undefined || v.startsWith("--")) throw new TokenwiseError({ message: `${name} needs a value` });
  return v;
}

export function positional(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith("--")) i++;
    else out.push(a);
  }
  return out;
}

export function instant(text: string | undefined, now: () => Date): Date {
  if (text === undefined) return now();
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new TokenwiseError({ message: `--at: not an ISO instant: ${text}` });
  return new Date(t);
}

export function table(rows: string[][], align: ("l" | "r")[]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  return rows.map((r) =>
    r
      .map((cell, c) => (align[c] === "r" ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join("  ")
      .trimEnd(),
  );
}
