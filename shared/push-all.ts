// `target.push(...items)` passes every item as an argument, and V8 runs out of stack somewhere past a
// hundred thousand of them: a HAR with 130k WebSocket messages was enough. Arrays that come from a peer
// or a file are appended with this instead.

/** Appends `items` to `target`, in constant stack. */
export function pushAll<T>(target: T[], items: readonly T[]): void {
  for (let i = 0; i < items.length; i++) target.push(items[i] as T);
}
