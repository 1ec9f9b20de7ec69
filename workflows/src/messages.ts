// The run's public surface: how clients read it and send it decisions.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CalendarUpdate, CancelRequest, DecisionRequest, RunView } from './interpreter/types';

/** A person's decision on an open step. Refused by the validator (without touching history) when not allowed. */
export const decideUpdate = defineUpdate<RunView, [DecisionRequest]>('decide');
/** Ends the run as cancelled, with who and why. */
export const cancelUpdate = defineUpdate<RunView, [CancelRequest]>('cancel');
/**
 * A newer office calendar (a holiday or cuti bersama decreed, hours changed): the run's
 * open limits that have not fired move with it. Refused (without history) when the run
 * already has this version or a newer one (`calendar-not-newer`).
 */
export const calendarUpdate = defineUpdate<RunView, [CalendarUpdate]>('calendar');
/** The run as a screen shows it: open steps, who holds them, deadlines, history. */
export const stateQuery = defineQuery<RunView>('state');

/** The workflow type name clients start. */
export const SOP_RUN_WORKFLOW = 'sopRun';
