/** An item of construction: an element, or a skypix system that expands to its levels. */
export interface OrderItem {
  readonly name: string;
  readonly dependencies: readonly string[];
  /** What the item contributes to the order (a skypix system: its levels in level order). */
  readonly emits: readonly string[];
}

/**
 * daf_butler's element order: construction proceeds in rounds; each round takes every item whose
 * dependencies are all built, sorted by name, and appends what it emits.
 * @throws Error on a dependency cycle or an unknown dependency.
 */
export function elementOrder(items: readonly OrderItem[]): string[] {
  const done = new Set<string>();
  const order: string[] = [];
  let pending = [...items];
  while (pending.length > 0) {
    const ready = pending.filter((item) => item.dependencies.every((d) => done.has(d))).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (ready.length === 0) throw new Error(`dimension elements with unresolvable dependencies: ${pending.map((p) => p.name).join(', ')}`);
    for (const item of ready) {
      order.push(...item.emits);
      done.add(item.name);
    }
    pending = pending.filter((item) => !ready.includes(item));
  }
  return order;
}
