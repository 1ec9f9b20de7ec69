// The decisions' SQL beside decision-history.ts (which records them): marking a task as
// being decided, and reading one decision. Every statement names its office.
import type { Actor } from '@tatalaman/contracts';
import { type Db, one } from '@tatalaman/persistence';
import { DECISION_SELECT, type DecisionRow } from './decision.row';

/**
 * Shows the task as `deciding` until the run's event arrives: only while it is open or
 * postponed and no event has moved it on since it was read (`statusSeq`).
 */
export async function markDeciding(
  db: Db,
  t: { office: string; taskId: string; decision: string; by: Actor; statusSeq: number },
): Promise<void> {
  await db.query(
    `UPDATE approvals.tasks SET status = 'deciding', deciding_decision = $3, deciding_by = $4,
       deciding_at = now(), updated_at = now()
     WHERE office = $1 AND id = $2 AND status IN ('open', 'postponed') AND status_seq = $5`,
    [t.office, t.taskId, t.decision, JSON.stringify(t.by), t.statusSeq],
  );
}

export function decisionById(db: Db, office: string, decisionId: string): Promise<DecisionRow | undefined> {
  return one<DecisionRow>(db, `${DECISION_SELECT} WHERE d.office = $1 AND d.id = $2`, [office, decisionId]);
}
