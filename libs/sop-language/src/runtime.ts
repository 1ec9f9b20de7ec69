// The part of the language the Temporal workflow sandbox loads: plain types and the
// condition evaluator, nothing that pulls yaml or zod into the deterministic bundle.
export type * from './types';
export { evaluateCondition, chooseBranch } from './conditions';
