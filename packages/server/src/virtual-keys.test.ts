import { describe, expect, it } from "vitest";
import { createVirtualKeyStore, hashVirtualKey } from "./virtual-keys";

describe("virtual keys", () => {
  it("hashes to `sha256:` + the hex SHA-256 of the UTF-8 key", () => {
    // FIPS 180-2 test vector for "abc".
    expect(hashVirtualKey("abc")).toBe(
      "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
    expect(hashVirtualKey("clé")).not.toBe(hashVirtualKey("cle"));
  });

  it("finds a key by its bearer header only, whatever the scheme's case", () => {
    const entry = { hash: hashVirtualKey("sk-tw-1"), tenant: "acme", tags: ["team:a"], profile: "default" };
    const store = createVirtualKeyStore([entry]);
    expect(store.find("Bearer sk-tw-1")).toBe(entry);
    expect(store.find("bearer  sk-tw-1 ")).toBe(entry);
    expect(store.find("Bearer sk-tw-2")).toBeUndefined();
    expect(store.find("sk-tw-1")).toBeUndefined();
    expect(store.find(undefined)).toBeUndefined();
  });
});
