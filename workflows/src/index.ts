// Entry of the workflow bundle: every workflow type the worker registers.
export { sopRun } from './interpreter/sop-run.workflow';
