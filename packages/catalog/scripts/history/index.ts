import { ANTHROPIC_HISTORY } from "./anthropic";
import { DEEPSEEK_HISTORY } from "./deepseek";
import { GOOGLE_HISTORY } from "./google";
import { MISTRAL_HISTORY } from "./mistral";
import { MOONSHOT_HISTORY } from "./moonshot";
import { OPENAI_HISTORY } from "./openai";
import { type CuratedHistory, instant } from "./types";
import { XAI_HISTORY } from "./xai";

export type { CuratedHistory, CuratedVersion, HistorySource } from "./types";

/** Every curated history, keyed `provider/id`. */
export const HISTORY: Readonly<Record<string, CuratedHistory>> = {
  ...OPENAI_HISTORY,
  ...ANTHROPIC_HISTORY,
  ...GOOGLE_HISTORY,
  ...DEEPSEEK_HISTORY,
  ...MISTRAL_HISTORY,
  ...XAI_HISTORY,
  ...MOONSHOT_HISTORY,
};

type Version = Record<string, unknown>;

/**
 * Merges the curated history of `key` onto the versions read from a price file (oldest first; a
 * curated `launch` has already dated the file's first price): a full curated history replaces them,
 * earlier versions go before them. Versions must come out strictly ordered.
 */
export function withHistory(key: string, fromFile: Version[]): Version[] {
  const history = HISTORY[key];
  if (!history) return fromFile;
  let merged: Version[];
  if (history.versions) {
    if (history.launch || history.earlier || history.tiers) {
      throw new Error(`${key}: a full history takes no launch/earlier/tiers`);
    }
    merged = history.versions.map((v) => ({ ...v, effectiveFrom: instant(v.effectiveFrom) }));
  } else {
    const added = history.tiers;
    const fileVersions = added
      ? fromFile.map((v) => {
          if (v.tiers) throw new Error(`${key}: the file already has tiers`);
          const source = v.source as { url: string; asOf: string; note?: string };
          const tierNote = `tiers from ${added.source.url} (${added.source.asOf})${added.source.note ? `: ${added.source.note}` : ""}`;
          return {
            ...v,
            tiers: added.tiers,
            source: { ...source, note: [source.note, tierNote].filter(Boolean).join("; ") },
          };
        })
      : fromFile;
    const earlier = (history.earlier ?? []).map((v) => ({ ...v, effectiveFrom: instant(v.effectiveFrom) }));
    merged = [...earlier, ...fileVersions];
  }
  for (let i = 1; i < merged.length; i++) {
    if (Date.parse(String(merged[i]!.effectiveFrom)) <= Date.parse(String(merged[i - 1]!.effectiveFrom))) {
      throw new Error(`${key}: price versions out of order at ${String(merged[i]!.effectiveFrom)}`);
    }
  }
  return merged;
}
