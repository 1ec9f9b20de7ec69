import { Injectable } from '@nestjs/common';
import { type Actor, type DecisionOutcome, makeEvent } from '@tatalaman/contracts';
import { OutboxWriter } from '@tatalaman/messaging';
import { type EntityManager } from 'typeorm';
import { compact, iso, rows } from '@tatalaman/persistence';
import { decisionIdFor } from '../common/ids';

export interface DecisionInput {
  office: string;
  workflowId: string;
  taskId?: string;
  stepId: string;
  stepNumber?: number;
  attempt: number;
  outcome: DecisionOutcome;
  /** Tells repeated decisions of one attempt apart: the extension number for `extend`, else 0. */
  ordinal?: number;
  /** For `extend` of a deadline across steps: its id. */
  deadline?: string;
  actor?: Actor;
  onBehalfOf?: Actor;
  role?: string;
  reason?: string;
  note?: string;
  decidedAt: Date | string;
  definitionKey: string;
  itemId?: string;
  source: 'command' | 'event';
  correlationId?: string;
  causationId?: string;
}

/**
 * The decision history. A decision enters it once, when the run accepted it:
 * from the answer of a decision approvals forwarded, or from the run's event
 * (decisions taken elsewhere, or a forward whose answer was lost). Both paths
 * derive the same id from the run, step, attempt and outcome, so whichever
 * comes first records it and the other changes nothing.
 */
@Injectable()
export class DecisionHistory {
  constructor(private readonly outbox: OutboxWriter) {}

  async record(
    manager: EntityManager,
    input: DecisionInput,
  ): Promise<{ decisionId: string; inserted: boolean }> {
    const ordinal = input.ordinal ?? 0;
    const decisionId = decisionIdFor(
      input.office,
      input.workflowId,
      input.stepId,
      input.attempt,
      input.outcome,
      ordinal,
      input.deadline,
    );
    const decidedAt = iso(input.decidedAt)!;
    const inserted = await rows(
      manager,
      `INSERT INTO approvals.decisions
         (id, office, workflow_id, task_id, step_id, step_number, attempt, outcome, ordinal, actor, actor_id,
          on_behalf_of, on_behalf_of_id, role, reason, note, decided_at, definition_key, item_id, source, deadline)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
       ON CONFLICT (office, workflow_id, step_id, attempt, outcome, ordinal, deadline) DO NOTHING
       RETURNING id`,
      [
        decisionId,
        input.office,
        input.workflowId,
        input.taskId ?? null,
        input.stepId,
        input.stepNumber ?? null,
        input.attempt,
        input.outcome,
        ordinal,
        input.actor ? JSON.stringify(input.actor) : null,
        input.actor?.id ?? null,
        input.onBehalfOf ? JSON.stringify(input.onBehalfOf) : null,
        input.onBehalfOf?.id ?? null,
        input.role ?? null,
        input.reason ?? null,
        input.note ?? null,
        decidedAt,
        input.definitionKey,
        input.itemId ?? null,
        input.source,
        input.deadline ?? '',
      ],
    );
    if (!inserted.length) return { decisionId, inserted: false };
    await this.outbox.add(
      manager,
      makeEvent('approvals.decision-recorded', {
        office: input.office,
        actor: input.actor,
        correlationId: input.correlationId,
        causationId: input.causationId,
        data: compact({
          decisionId,
          taskId: input.taskId,
          runId: input.workflowId,
          stepId: input.stepId,
          attempt: input.attempt,
          outcome: input.outcome,
          deadline: input.deadline,
          by: input.actor,
          onBehalfOf: input.onBehalfOf,
          role: input.role,
          reason: input.reason,
          note: input.note,
          decidedAt,
        }),
      }),
    );
    return { decisionId, inserted: true };
  }
}
