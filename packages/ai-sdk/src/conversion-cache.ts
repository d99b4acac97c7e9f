/**
 * A bounded least-recently-used map from a value's JSON text to its conversion.
 *
 * The AI SDK builds new prompt objects for every step of an agent loop; converting equal messages to
 * the same objects lets the router's per-message caches (token counts, prefix hashes) hit, so a
 * step only tokenizes its new messages, as a direct router caller's would. Converted values are
 * shared: nobody may mutate them (the router does not).
 */
export class ConversionCache<V> {
  private readonly entries = new Map<string, V>();

  /** @param maxEntries how many conversions are kept (least recently used are dropped first). */
  constructor(private readonly maxEntries: number) {}

  /** The cached conversion for `key`, else `convert()`'s result, kept when it is not `undefined`. */
  get(key: string, convert: () => V | undefined): V | undefined {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const value = convert();
    if (value === undefined) return undefined;
    this.entries.set(key, value);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}
