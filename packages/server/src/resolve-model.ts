import type { Constraints, Router, TaskKindOption } from "@tokenwise/router";
import { AUTO, type ServerConfig, type ServerProfile, type VirtualKeyEntry } from "./config";
import { HttpError } from "./openai-error";

/** How a request's `model` routes: a profile's constraints, or one pinned catalog model. */
export interface Route {
  /** The profile name, or the pinned `provider/id`. */
  name: string;
  constraints: Constraints;
  taskKind?: TaskKindOption;
}

/** Resolves `model` names: profiles (and `auto`, the key's own profile), `provider/id` keys, unique bare ids. */
export interface ModelResolver {
  resolve(model: string, key: VirtualKeyEntry): Route;
  /** Every name a client may send (profiles first, then catalog keys). */
  profiles(): readonly [string, ServerProfile][];
}

const routeOf = (name: string, profile: ServerProfile): Route => ({
  name,
  constraints: profile.constraints as Constraints,
  ...(profile.taskKind ? { taskKind: profile.taskKind } : {}),
});

/** Builds the resolver over the config's profiles and the router's models. */
export function createModelResolver(config: ServerConfig, router: Router): ModelResolver {
  const keys = new Map<string, string>();
  const bare = new Map<string, string[]>();
  for (const m of router.models()) {
    const key = `${m.provider}/${m.id}`;
    keys.set(key, key);
    bare.set(m.id, [...(bare.get(m.id) ?? []), key]);
  }
  for (const [id, list] of bare) if (list.length === 1) keys.set(id, list[0]!);
  const profiles = Object.entries(config.profiles);
  return {
    profiles: () => profiles,
    resolve(model, key) {
      if (model === AUTO) return routeOf(key.profile, config.profiles[key.profile]!);
      const profile = config.profiles[model];
      if (profile) return routeOf(model, profile);
      const pinned = keys.get(model);
      if (pinned) {
        // The caller chose the model: the key's profile still applies (budget, provider denials),
        // but not its quality floor.
        const base = config.profiles[key.profile]!;
        return {
          name: pinned,
          constraints: { ...(base.constraints as Constraints), minQuality: 0, allowModels: [pinned] },
          ...(base.taskKind ? { taskKind: base.taskKind } : {}),
        };
      }
      const ambiguous = bare.get(model);
      throw new HttpError({
        status: 404,
        type: "invalid_request_error",
        param: "model",
        code: "model_not_found",
        message: ambiguous
          ? `The model \`${model}\` is ambiguous: use one of ${ambiguous.join(", ")}`
          : `The model \`${model}\` does not exist: use "auto", a profile (${profiles.map(([n]) => n).join(", ")}) or a provider/id key from GET /v1/models`,
      });
    },
  };
}
