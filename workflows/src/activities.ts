// Activity contracts between the interpreter and the worker that hosts it.
// Types only: the implementations do I/O and live in services/worker.
import type { CalendarUpdate, RunEventName } from './interpreter/types';

export interface RunRef {
  workflowId: string;
  office: string;
  definitionKey: string;
  definitionVersion: number;
  flowId: string;
  itemId?: string;
}

export interface RunEventRecord {
  /** Event id, stable across activity retries (JetStream de-duplicates on it). */
  id: string;
  name: RunEventName;
  occurredAt: string;
  run: RunRef;
  data: Record<string, unknown>;
}

export interface PublishStepRequest {
  /** Stable per run, step and attempt: the publishing service does the work once per key. */
  idempotencyKey: string;
  run: RunRef;
  stepId: string;
  channels: string[];
  item: { id: string; contentType: string; title: string; revision?: number };
}

export interface AutomaticStepRequest {
  idempotencyKey: string;
  run: RunRef;
  stepId: string;
  action: string | null;
  report: string | null;
  /** Roles the result goes to; for `notify`, the roles to tell. */
  recipients?: string[];
  /** What the step is about, as the definition says (the notification's text for `notify`). */
  step?: { number: number; description: string };
  /** What the run is about: the item's title, else the definition's. */
  about?: string;
  period?: { from: string; to: string; label: string };
}

/** The office's current calendar, for a run whose copy's holidays are about to run out. */
export interface OfficeCalendarRequest {
  office: string;
}

export interface RunActivities {
  emitRunEvents(events: RunEventRecord[]): Promise<void>;
  publishStep(request: PublishStepRequest): Promise<unknown>;
  automaticStep(request: AutomaticStepRequest): Promise<unknown>;
  officeCalendar(request: OfficeCalendarRequest): Promise<CalendarUpdate>;
}
