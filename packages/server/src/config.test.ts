import { ValidationError } from "@tokenwise/core";
import { describe, expect, it } from "vitest";
import { loadServerConfig, parseServerConfig } from "./config";
import { hashVirtualKey } from "./virtual-keys";

const HASH = hashVirtualKey("sk-tw-1");

function issuesOf(fn: () => unknown): { path: (string | number)[]; message: string }[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues;
  }
  throw new Error("expected a ValidationError");
}

describe("server config", () => {
  it("applies defaults, and `auto` always exists", () => {
    const c = parseServerConfig({ keys: [{ hash: HASH, tenant: "acme" }] });
    expect(c.listen).toEqual({ host: "127.0.0.1", port: 8080 });
    expect(c.limits).toEqual({
      maxBodyBytes: 4 * 1024 * 1024,
      requestTimeoutMs: 120_000,
      shutdownGraceMs: 10_000,
    });
    expect(c.keys[0]).toMatchObject({ tenant: "acme", tags: [], profile: "auto" });
    expect(Object.keys(c.profiles)).toEqual(["auto"]);
  });

  it("reads YAML and JSON files", () => {
    const yaml = `
listen: { port: 9000 }
profiles:
  auto-cheap: { constraints: { minQuality: 0.5, maxCostPerCall: "0.01" } }
  by-kind: { taskKind: auto, constraints: { minQuality: { general: 0.6, code: 0.7 } } }
keys:
  - { hash: "${HASH}", tenant: acme, tags: [team-a], profile: auto-cheap }
`;
    const c = loadServerConfig("tokenwise.yaml", () => yaml);
    expect(c.listen.port).toBe(9000);
    expect(c.profiles["auto-cheap"]!.constraints).toEqual({ minQuality: 0.5, maxCostPerCall: "0.01" });
    expect(c.profiles["by-kind"]!.taskKind).toBe("auto");
    const j = loadServerConfig("tokenwise.json", () =>
      JSON.stringify({ keys: [{ hash: HASH, tenant: "t" }] }),
    );
    expect(j.keys).toHaveLength(1);
  });

  it("names the path of every problem", () => {
    const issues = issuesOf(() =>
      parseServerConfig({
        limits: { maxBodyBytes: -1 },
        profiles: { fast: { constraints: { minQuality: 2 } }, typo: { taskKind: "Auto" } },
        keys: [
          { hash: "plaintext-key", tenant: "acme" },
          { hash: HASH, tenant: "b", profile: "missing" },
        ],
      }),
    );
    const paths = issues.map((i) => i.path.join("."));
    expect(paths).toContain("limits.maxBodyBytes");
    expect(paths).toContain("profiles.fast.constraints.minQuality");
    expect(paths).toContain("profiles.typo.taskKind");
    expect(paths).toContain("keys.0.hash");
    const hashIssue = issues.find((i) => i.path.join(".") === "keys.0.hash")!;
    expect(hashIssue.message).toContain("sha256:");
  });

  it("checks references and duplicates once the shape is right", () => {
    const issues = issuesOf(() =>
      parseServerConfig({
        keys: [
          { hash: HASH, tenant: "a", profile: "missing" },
          { hash: HASH, tenant: "b" },
        ],
      }),
    );
    expect(issues.map((i) => i.path.join("."))).toEqual(["keys.0.profile", "keys.1.hash"]);
  });

  it("refuses unknown fields and a config without keys", () => {
    const issues = issuesOf(() => parseServerConfig({ keys: [], lisen: {} }));
    expect(issues.map((i) => i.path.join("."))).toEqual(expect.arrayContaining(["keys"]));
    expect(issues.some((i) => i.message.includes("lisen"))).toBe(true);
  });

  it("a file that does not parse is a ValidationError naming the file", () => {
    expect(() => loadServerConfig("bad.json", () => "{ nope")).toThrow(/bad\.json: \(root\): not valid JSON/);
  });
});
