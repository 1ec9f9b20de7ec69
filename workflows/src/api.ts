// What code outside the sandbox (the worker, other services, tests) uses of the workflows.
export { sopRun } from './interpreter/sop-run.workflow';
export { decideUpdate, cancelUpdate, calendarUpdate, stateQuery, SOP_RUN_WORKFLOW } from './messages';
export { RULES_PATCH } from './interpreter/sop-run.workflow';
export {
  RUN_SEARCH_ATTRIBUTES,
  SOP_DEFINITION_KEY,
  SOP_ITEM_ID,
  SOP_OFFICE,
  SOP_STATE,
} from './search-attributes';
export {
  Engine,
  SUPPORTED_FORMAT,
  UnsupportedDefinitionError,
  type EngineOptions,
} from './interpreter/engine';
export { OFFICE_ADMIN_ROLE } from './interpreter/types';
export { periodFor, isLastDayOfMonth, type Period } from './interpreter/period';
export type * from './interpreter/types';
export type * from './activities';
