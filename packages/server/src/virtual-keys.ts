import * as crypto from "node:crypto";
import type { VirtualKeyEntry } from "./config";

/**
 * The stored form of a virtual key: `sha256:` + its hex SHA-256. Keys are random secrets, so a plain
 * digest is enough; the server keeps only digests and compares digests.
 *
 * @example
 * hashVirtualKey("sk-tw-acme-1"); // "sha256:…"
 */
export function hashVirtualKey(key: string): string {
  return `sha256:${sha256Hex(key)}`;
}

// One-shot `crypto.hash` (Node ≥ 20.12) skips the Hash object a request would otherwise build.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: "hex") => string }).hash;
const sha256Hex = oneShot
  ? (text: string) => oneShot("sha256", text, "hex")
  : (text: string) => crypto.createHash("sha256").update(text, "utf8").digest("hex");

/** Looks up the key a request presents (`Authorization: Bearer …`): the entry, or undefined. */
export interface VirtualKeyStore {
  find(authorization: string | undefined): VirtualKeyEntry | undefined;
}

/** Builds the lookup over the configured (hashed) keys. Unknown, malformed or missing → undefined. */
export function createVirtualKeyStore(keys: readonly VirtualKeyEntry[]): VirtualKeyStore {
  const byHash = new Map(keys.map((k) => [k.hash, k]));
  return {
    find(authorization) {
      if (!authorization) return undefined;
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      if (!match) return undefined;
      return byHash.get(hashVirtualKey(match[1]!));
    },
  };
}
