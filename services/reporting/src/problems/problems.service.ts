import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { auditEvent } from '@tatalaman/audit';
import { type Actor, type CommandParsed, type ProblemStatus, type ProblemView } from '@tatalaman/contracts';
import { IdempotencyStore, OutboxWriter } from '@tatalaman/messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { type Db } from '@tatalaman/persistence';
import { fail } from '../common/failures';
import {
  insertProblem,
  nextProblemNumber,
  problem,
  problems,
  problemsInPeriod,
  type ProblemRow,
  updateProblem,
} from './problems.queries';

function toView(r: ProblemRow): ProblemView {
  return {
    id: r.id,
    office: r.office,
    number: r.number,
    title: r.title,
    description: r.description,
    category: r.category,
    severity: r.severity,
    status: r.status,
    ...(r.resolution ? { resolution: r.resolution } : {}),
    reportedBy: r.reported_by,
    reportedAt: r.reported_at.toISOString(),
    updatedBy: r.updated_by,
    updatedAt: r.updated_at.toISOString(),
    ...(r.resolved_by ? { resolvedBy: r.resolved_by } : {}),
    ...(r.resolved_at ? { resolvedAt: r.resolved_at.toISOString() } : {}),
  };
}

/** What the audit trail records of a problem (everything staff can change). */
function audited(v: ProblemView | null): Record<string, unknown> | null {
  if (!v) return null;
  return {
    number: v.number,
    title: v.title,
    description: v.description,
    category: v.category,
    severity: v.severity,
    status: v.status,
    resolution: v.resolution ?? null,
  };
}

/**
 * The website problem inventory (Palu's "inventarisasi permasalahan website/jaringan"):
 * staff log problems, move them through open → in progress → resolved with a
 * resolution, and every change goes to the audit trail in the same transaction.
 */
@Injectable()
export class ProblemsService {
  constructor(
    private readonly ds: DataSource,
    private readonly idempotency: IdempotencyStore,
    private readonly outbox: OutboxWriter,
  ) {}

  async list(office: string, status?: ProblemStatus, limit = 200): Promise<ProblemView[]> {
    const found = await problems(this.ds, office, status ?? null, limit);
    return found.map(toView);
  }

  async get(office: string, problemId: string, db: Db = this.ds, lock = false): Promise<ProblemView> {
    const row = await problem(db, office, problemId, lock);
    if (!row) throw fail.problemNotFound();
    return toView(row);
  }

  /** Problems as they stood for a report: logged before `to`, and not resolved before `from`. */
  async forPeriod(office: string, from: string, to: string): Promise<ProblemView[]> {
    const found = await problemsInPeriod(this.ds, office, from, to);
    return found.map(toView);
  }

  async create(
    request: Omit<CommandParsed<'reporting.problem.create'>, 'idempotencyKey'>,
    key: string,
    requestId?: string,
  ): Promise<ProblemView> {
    const { office, actor } = request;
    const fields = {
      title: request.title,
      description: request.description,
      category: request.category,
      severity: request.severity,
    };
    return this.idempotency.execute(
      { office, actorId: actor.id, key, command: 'reporting.problem.create', request: fields },
      async (manager) => {
        const id = randomUUID();
        await insertProblem(manager, {
          id,
          office,
          number: await nextProblemNumber(manager, office),
          ...fields,
          by: actor,
          at: new Date(),
        });
        const view = await this.get(office, id, manager);
        await this.audit(manager, office, actor, id, 'create', null, view, requestId);
        return view;
      },
    );
  }

  async update(
    request: Omit<CommandParsed<'reporting.problem.update'>, 'idempotencyKey'>,
    key: string,
    requestId?: string,
  ): Promise<ProblemView> {
    const { office, actor, problemId } = request;
    const patch = {
      title: request.title,
      description: request.description,
      category: request.category,
      severity: request.severity,
      status: request.status,
      resolution: request.resolution,
    };
    return this.idempotency.execute(
      {
        office,
        actorId: actor.id,
        key,
        command: 'reporting.problem.update',
        request: { problemId, ...patch },
      },
      async (manager) => {
        const before = await this.get(office, problemId, manager, true);
        const status = patch.status ?? before.status;
        const resolution =
          patch.resolution === undefined ? (before.resolution ?? null) : patch.resolution || null;
        if (status === 'resolved' && !resolution) throw fail.resolutionRequired();
        const resolving = status === 'resolved' && before.status !== 'resolved';
        const reopening = status !== 'resolved' && before.status === 'resolved';
        await updateProblem(manager, office, problemId, {
          title: patch.title ?? before.title,
          description: patch.description ?? before.description,
          category: patch.category ?? before.category,
          severity: patch.severity ?? before.severity,
          status,
          resolution,
          by: actor,
          at: new Date(),
          resolving,
          reopening,
        });
        const after = await this.get(office, problemId, manager);
        const action = resolving ? 'resolve' : reopening ? 'reopen' : 'update';
        await this.audit(manager, office, actor, problemId, action, before, after, requestId);
        return after;
      },
    );
  }

  private async audit(
    manager: EntityManager,
    office: string,
    actor: Actor,
    id: string,
    action: string,
    before: ProblemView | null,
    after: ProblemView,
    requestId?: string,
  ) {
    // A request that changed nothing leaves nothing in the trail.
    if (before && JSON.stringify(audited(before)) === JSON.stringify(audited(after))) return;
    await this.outbox.add(
      manager,
      auditEvent({
        office,
        actor,
        service: 'reporting',
        entity: 'problem',
        entityId: id,
        action,
        before: audited(before),
        after: audited(after),
        requestId,
      }),
    );
  }
}
