/**
 * Running state over a conversation's messages, kept per conversation so that an agent's next turn
 * (the same message objects plus a few new ones) is checked against the previous one by comparing
 * two arrays of references, instead of looking every message up on its own: on a long history the
 * per-message lookups are one cache miss each, and a cold call pays for hundreds of them.
 *
 * A conversation is found by its first two message objects (by identity): the first alone is often
 * one shared system message object, the second is then the user's own opening. Messages are treated
 * as immutable once sent (docs/router.md, "Tokens"): an edited message must be a new object.
 */
export interface MemoState {
  /** The message objects the state covers, in order (index i: message i). */
  readonly refs: unknown[];
}

export class ConversationMemo<S extends MemoState> {
  private readonly byFirst = new WeakMap<object, WeakMap<object, S>>();
  private readonly single = new WeakMap<object, S>();

  constructor(private readonly create: () => S) {}

  /**
   * The state of `messages`' conversation (created empty when none is known) and how many leading
   * messages it already covers: the caller truncates its per-message arrays to that length (and its
   * `refs`) and extends them. `undefined` when the first messages are not objects (nothing to key on).
   */
  find(messages: readonly unknown[]): { state: S; common: number } | undefined {
    const first = messages[0];
    if (typeof first !== "object" || first === null) return undefined;
    let state: S | undefined;
    if (messages.length === 1) {
      state = this.single.get(first);
      if (state === undefined) {
        state = this.create();
        this.single.set(first, state);
      }
    } else {
      const second = messages[1];
      if (typeof second !== "object" || second === null) return undefined;
      let inner = this.byFirst.get(first);
      if (inner === undefined) {
        inner = new WeakMap();
        this.byFirst.set(first, inner);
      }
      state = inner.get(second);
      if (state === undefined) {
        state = this.create();
        inner.set(second, state);
      }
    }
    const refs = state.refs;
    const limit = Math.min(refs.length, messages.length);
    let common = 0;
    while (common < limit && refs[common] === messages[common]) common++;
    return { state, common };
  }
}
