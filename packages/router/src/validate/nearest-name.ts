/**
 * Edit distance with adjacent transpositions (optimal string alignment, a restricted
 * Damerau–Levenshtein): `"gtp-4o"` is one edit from `"gpt-4o"`, not two.
 *
 * @example
 * editDistance("claude-sonet-4-5", "claude-sonnet-4-5") // 1
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  const width = b.length + 1;
  // Three rows: two back (for transpositions), one back, current.
  let prev2 = new Array<number>(width).fill(0);
  let prev = Array.from({ length: width }, (_, j) => j);
  let cur = new Array<number>(width).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, prev2[j - 2]! + 1);
      cur[j] = d;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[b.length]!;
}

/**
 * The known name closest to `name`, or undefined when none is close (more edits than about a third of
 * the name), none contains it as a subsequence (`maxTokens` → `maxOutputTokens`) and none shares a long
 * prefix with it (`retries` → `retry`). Case is ignored. A known `provider/id` key also matches on its id alone, so a bare model
 * id (`"gpt-4o-mnii"`) suggests its full key (`"openai/gpt-4o-mini"`).
 *
 * @example
 * nearestName("openai/gpt-4o-mnii", ["openai/gpt-4o-mini", "openai/gpt-4o"]) // "openai/gpt-4o-mini"
 */
export function nearestName(name: string, known: Iterable<string>): string | undefined {
  const wanted = name.toLowerCase();
  const limit = Math.max(1, Math.floor(wanted.length / 3));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const lower = candidate.toLowerCase();
    const slash = lower.indexOf("/");
    let d = editDistance(wanted, lower);
    if (slash >= 0 && !wanted.includes("/")) d = Math.min(d, editDistance(wanted, lower.slice(slash + 1)));
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  if (bestDistance <= limit) return best;
  // A shortened name (`maxTokens` for `maxOutputTokens`): the shortest known name it is a subsequence of.
  if (wanted.length < 3) return undefined;
  let shortest: string | undefined;
  for (const candidate of known) {
    if (isSubsequence(wanted, candidate.toLowerCase()) && (!shortest || candidate.length < shortest.length)) {
      shortest = candidate;
    }
  }
  if (shortest) return shortest;
  // A different ending (`retries` for `retry`): the known name sharing the longest prefix, if long enough.
  let prefixed: string | undefined;
  let longest = 0;
  for (const candidate of known) {
    const lower = candidate.toLowerCase();
    let n = 0;
    while (n < lower.length && n < wanted.length && lower[n] === wanted[n]) n++;
    if (n > longest && n >= 4 && n >= 0.6 * Math.min(lower.length, wanted.length)) {
      longest = n;
      prefixed = candidate;
    }
  }
  return prefixed;
}

function isSubsequence(short: string, long: string): boolean {
  let i = 0;
  for (let j = 0; j < long.length && i < short.length; j++) if (long[j] === short[i]) i++;
  return i === short.length;
}

/** `unknown model "x"; did you mean "y"?` — or the first few known names when none is close. */
export function unknownNameMessage(kind: string, name: string, known: readonly string[]): string {
  const near = nearestName(name, known);
  if (near !== undefined) return `unknown ${kind} "${name}": did you mean "${near}"?`;
  const shown = known.slice(0, 6).map((k) => `"${k}"`);
  return `unknown ${kind} "${name}" (known: ${shown.join(", ")}${known.length > 6 ? ", …" : ""})`;
}
