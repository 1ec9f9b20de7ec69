// The run's public surface: how clients read it and send it decisions.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CancelRequest, DecisionRequest, RunView } from './interpreter/types';

/** A person's decision on an open step. Refused by the validator (without touching history) when not allowed. */
export const decideUpdate = defineUpdate<RunView, [DecisionRequest]>('decide');
/** Ends the run as cancelled, with who and why. */
export const cancelUpdate = defineUpdate<RunView, [CancelRequest]>('cancel');
/** The run as a screen shows it: open steps, who holds them, deadlines, history. */
export const stateQuery = defineQuery<RunView>('state');

/** The workflow type name clients start. */
export const SOP_RUN_WORKFLOW = 'sopRun';
