export { diffFields, type FieldChange, type DiffOptions } from './diff';
export { auditEvent, type AuditInput } from './audit-event';
export {
  diffSequences,
  diffWords,
  wordTokens,
  countChangedWords,
  unifiedDiff,
  type TextDiffOp,
  type SequenceOp,
  type SequenceDiffOptions,
  type UnifiedDiff,
} from './text-diff';
