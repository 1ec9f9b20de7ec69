// What code outside the sandbox (the worker, other services, tests) uses of the workflows.
export { sopRun } from './interpreter/sop-run.workflow';
export { decideUpdate, cancelUpdate, stateQuery, SOP_RUN_WORKFLOW } from './messages';
export { Engine } from './interpreter/engine';
export { periodFor, isLastDayOfMonth, type Period } from './interpreter/period';
export type * from './interpreter/types';
export type * from './activities';
