/**
 * A small least-recently-used map with an entry cap (Map keeps insertion order:
 * a hit is moved to the end, an insert past the cap evicts the oldest).
 *
 * @example
 * const lru = new LruCache<string, number>(2);
 * lru.set("a", 1); lru.set("b", 2); lru.get("a"); lru.set("c", 3); // evicts "b"
 */
export class LruCache<K, V> {
  private readonly map = new Map<K, V>();
  /** The most entries kept. */
  readonly capacity: number;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError("LruCache capacity must be >= 1");
    this.capacity = capacity;
  }

  /** Entries currently held. */
  get size(): number {
    return this.map.size;
  }

  /** The value of `key`, marking it recently used. */
  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  /** Stores `key`, evicting the least recently used entry when full. */
  set(key: K, value: V): void {
    if (this.map.has(key)) this.map.delete(key);
    else if (this.map.size >= this.capacity) {
      const oldest = this.map.keys().next();
      if (!oldest.done) this.map.delete(oldest.value);
    }
    this.map.set(key, value);
  }

  /** Drops every entry. */
  clear(): void {
    this.map.clear();
  }
}

/**
 * A 64-bit-ish content hash of a string as a short key (two FNV-1a lanes + length).
 *
 * @example
 * hashString("hello") // "4f9f2cab:...:5"
 */
export function hashString(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return `${(a >>> 0).toString(36)}:${(b >>> 0).toString(36)}:${text.length}`;
}
