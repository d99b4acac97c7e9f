// @tokenwise/catalog/internal: the pieces `createCatalog` is built from, for tools that assemble
// catalogs themselves. Not covered by semver: use the root entry point.
export { withLifecycle } from "./builtin-models";
export { BUILTIN_MODELS } from "./data/builtin-models";
export { BUILTIN_LIFECYCLE } from "./data/lifecycle";
export { mergeModels } from "./merge-models";
export { newestAsOf, staleEntries } from "./stale-entries";
