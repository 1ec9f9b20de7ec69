// Evaluates a compiled routing condition against a content item. Imports types
// only, so deterministic workflow code can import this file directly.
import type { Condition, ConditionItem } from './types';

/** True when the item satisfies every key of `when`; a missing or empty condition always holds. */
export function evaluateCondition(when: Condition | null | undefined, item: ConditionItem): boolean {
  if (!when) return true;
  if (when.contentType && !when.contentType.includes(item.contentType)) return false;
  if (when.tag) {
    const tags = item.tags ?? [];
    if (!when.tag.some((t) => tags.includes(t))) return false;
  }
  if (when.all && !when.all.every((c) => evaluateCondition(c, item))) return false;
  if (when.any && !when.any.some((c) => evaluateCondition(c, item))) return false;
  if (when.not && evaluateCondition(when.not, item)) return false;
  return true;
}

/** The first branch whose condition holds (the compiler guarantees the last one is unconditional). */
export function chooseBranch<B extends { when: Condition | null }>(
  branches: readonly B[],
  item: ConditionItem,
): B | undefined {
  return branches.find((b) => evaluateCondition(b.when, item));
}
