export {
  BudgetExceededError,
  type BudgetOperation,
  type BudgetPeriod,
  type BudgetReservation,
  BudgetReservationSchema,
  type BudgetStatus,
  type BudgetStore,
  BudgetStoreError,
  checkSettleAmount,
  createMemoryBudgetStore,
  type MemoryBudgetStoreOptions,
  periodKeyOf,
  type ReserveOutcome,
  type SettleOutcome,
} from "./budget-store";
export type { KeyValueStore, StoreWriteOptions } from "./key-value-store";
export { createMemoryKeyValueStore, type MemoryKeyValueStoreOptions } from "./memory-key-value-store";
export { createMemoryPrefixStore, type PrefixSighting, type PrefixStore, PrefixTable } from "./prefix-store";
export { background, StoreError, type StoreErrorHandler, type StoreOperation } from "./store-error";
export { createStoreMirror, type StoreMirror, type StoreMirrorOptions } from "./store-mirror";
