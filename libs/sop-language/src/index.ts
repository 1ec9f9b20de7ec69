export type * from './types';
export { parseSopDefinition, type ParseOptions, type ParseResult } from './parse';
export { evaluateCondition, chooseBranch } from './conditions';
export {
  parseTimeStandard,
  parseDuration,
  formatDuration,
  formatTimeStandard,
  nominalMinutes,
  type TimeResult,
  type TimeError,
  type TimeStandardObject,
} from './time';
export { formatPath, type PathSegment } from './source';
export { generateJsonSchema, JSON_SCHEMA_ID } from './json-schema';
export { sha256Hex } from './compile';
export {
  SopDefinitionSchema,
  type SopSource,
  type StepSource,
  type FlowSource,
  type BranchStepSource,
  type ConditionSource,
} from './model';
export {
  CONTENT_TYPES,
  STANDARD_FIELDS,
  FIELD_VISIBILITIES,
  CHANNELS,
  REPORT_CODES,
  AUTOMATIC_ACTIONS,
  LIMITS,
  INFERENCE_MARKER,
} from './vocabulary';
