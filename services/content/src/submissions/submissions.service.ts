import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { auditEvent } from '@tatalaman/audit';
import {
  type CommandParsed,
  type CommandResponse,
  type ContentStatus,
  makeEvent,
  type ReviewState,
  CONTENT_ERRORS,
  COMMON_ERRORS,
} from '@tatalaman/contracts';
import {
  CommandClient,
  commandFailure,
  IdempotencyStore,
  OutboxWriter,
  RemoteError,
  requestHash,
} from '@tatalaman/messaging';
import { scoped } from '@tatalaman/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import { Attachment } from '../attachments/attachment.entity';
import { missingFields } from '../items/fields';
import { Item } from '../items/item.entity';
import { SERVICE } from '../items/items.service';
import { Revision } from '../revisions/revision.entity';
import { Submission } from './submission.entity';

/** Statuses from which an item may be submitted: no run of it is going. */
const SUBMITTABLE: ContentStatus[] = ['draft', 'approved', 'published', 'retracted'];

/** How long the runtime may take to start a run. */
const START_TIMEOUT_MS = 15_000;

/**
 * Submitting starts the item's SOP run exactly once per idempotency key:
 *
 * 1. the submission (key, request hash, the revision it submits) is committed as
 *    `pending` before anything else; a second submission of the item while one is
 *    pending is refused, so two keys can never start two runs;
 * 2. in a second transaction holding the submission's row lock, the runtime is asked
 *    to start the run with a key derived from the office, item and request key
 *    (`worker.run.start` is idempotent per key); on success the run's id is stored,
 *    the item goes `in-review` and the events are written, all in that transaction.
 *
 * A concurrent retry waits on the row lock and returns the stored answer without
 * calling the runtime; a retry after a crash between the runtime's answer and the
 * commit calls it again with the same key and gets the same run. A definite refusal
 * by the runtime (4xx) removes the pending submission so it can be corrected and
 * retried; a timeout or outage keeps it, and the retry asks again.
 */
@Injectable()
export class SubmissionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly commands: CommandClient,
    private readonly idempotency: IdempotencyStore,
  ) {}

  async submit(req: CommandParsed<'content.item.submit'>): Promise<CommandResponse<'content.item.submit'>> {
    const hash = requestHash(req);
    const submissionId = await this.dataSource.transaction((manager) => this.record(manager, req, hash));
    let refused: RemoteError | undefined;
    const response = await this.dataSource.transaction(async (manager) => {
      const submissions = scoped(manager.getRepository(Submission), req.office);
      const s = await submissions.findOne({
        where: { id: submissionId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!s) return undefined; // refused by the runtime in a concurrent attempt, which removed it
      if (s.status === 'started') return s.response!;
      const items = scoped(manager.getRepository(Item), req.office);
      const item = (await items.findOne({ where: { id: s.itemId }, lock: { mode: 'pessimistic_write' } }))!;
      let started: CommandResponse<'worker.run.start'>;
      try {
        started = await this.commands.send(
          'worker.run.start',
          {
            office: req.office,
            item: {
              id: item.id,
              contentType: item.type,
              title: item.title,
              tags: item.tags,
              revision: s.revisionNumber,
            },
            startedBy: req.actor,
            // The run completes the first step when the submitter holds it (their draft is done).
            startedByRoles: req.roles,
            idempotencyKey: `content-submit:${req.office}:${item.id}:${req.idempotencyKey}`,
          },
          { timeoutMs: START_TIMEOUT_MS, idempotencyKey: req.idempotencyKey },
        );
      } catch (e) {
        if (e instanceof RemoteError && e.status >= 400 && e.status < 500) {
          await submissions.delete({ id: s.id });
          refused = e;
          return undefined;
        }
        throw e;
      }
      const now = new Date();
      const result: CommandResponse<'content.item.submit'> = {
        submissionId: s.id,
        itemId: item.id,
        revisionId: s.revisionId,
        revision: s.revisionNumber,
        status: 'in-review',
        workflowId: started.workflowId,
        definition: started.definition,
      };
      await submissions.update(
        { id: s.id },
        {
          status: 'started',
          workflowId: started.workflowId,
          definitionKey: started.definition.key,
          definitionVersion: started.definition.version,
          response: result,
          startedAt: now,
        },
      );
      const review: ReviewState = {
        submissionId: s.id,
        workflowId: started.workflowId,
        definition: started.definition,
        submittedRevision: s.revisionNumber,
        submittedBy: req.actor,
        submittedAt: now.toISOString(),
        approvedRevision: null,
      };
      const from = item.status;
      await items.update(
        { id: item.id },
        { status: 'in-review', workflowId: started.workflowId, review, lastOutcome: null, updatedAt: now },
      );
      await this.outbox.add(manager, [
        makeEvent('content.item-submitted', {
          office: req.office,
          actor: req.actor,
          data: {
            itemId: item.id,
            revisionId: s.revisionId,
            definitionKey: started.definition.key,
            definitionVersion: started.definition.version,
            workflowId: started.workflowId,
            revisionNumber: s.revisionNumber,
            submissionId: s.id,
            ...(req.note ? { note: req.note } : {}),
          },
        }),
        makeEvent('content.item-status-changed', {
          office: req.office,
          actor: req.actor,
          data: { itemId: item.id, from, to: 'in-review', workflowId: started.workflowId, cause: 'submit' },
        }),
        auditEvent({
          office: req.office,
          actor: req.actor,
          service: SERVICE,
          entity: 'item',
          entityId: item.id,
          action: 'submit',
          before: { status: from, workflowId: item.workflowId },
          after: { status: 'in-review', workflowId: started.workflowId, revision: s.revisionNumber },
        }),
      ]);
      return result;
    });
    if (refused) throw refused;
    if (!response) return this.submit(req); // the pending submission vanished: start over
    return response;
  }

  /** Step 1: the submission row for this key, created after the item's checks, or the existing one. */
  private async record(
    manager: EntityManager,
    req: CommandParsed<'content.item.submit'>,
    hash: string,
  ): Promise<string> {
    const submissions = scoped(manager.getRepository(Submission), req.office);
    const existing = await submissions.findOneBy({ idempotencyKey: req.idempotencyKey });
    if (existing) return this.sameRequest(existing, hash);
    const item = await scoped(manager.getRepository(Item), req.office).findOne({
      where: { id: req.itemId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!item) throw commandFailure(CONTENT_ERRORS['item-not-found']);
    // The item's lock serialises submissions of one item: a concurrent retry with the same key
    // finds the first one's row here once that commits.
    const raced = await submissions.findOneBy({ idempotencyKey: req.idempotencyKey });
    if (raced) return this.sameRequest(raced, hash);
    const pending = await submissions.findOneBy({ itemId: item.id, status: 'pending' });
    if (pending) {
      throw commandFailure(CONTENT_ERRORS['submission-in-progress'], {
        message: {
          id: 'Pengajuan lain untuk konten ini sedang diproses; ulangi permintaan itu.',
          en: 'Another submission of this item is in progress; retry that request.',
        },
        detail: { submissionId: pending.id },
      });
    }
    if (!SUBMITTABLE.includes(item.status)) {
      throw commandFailure(CONTENT_ERRORS['already-in-review'], {
        message: {
          id: 'Konten ini sedang dalam proses SOP; tunggu sampai selesai atau tarik kembali.',
          en: 'This item is already going through its SOP; wait for it to end or withdraw it.',
        },
        detail: { status: item.status, workflowId: item.workflowId },
      });
    }
    if (req.revision !== undefined && req.revision !== item.currentRevisionNumber) {
      throw commandFailure(CONTENT_ERRORS['stale-revision'], {
        message: {
          id: `Revisi terkini adalah ${item.currentRevisionNumber}, bukan ${req.revision}.`,
          en: `The current revision is ${item.currentRevisionNumber}, not ${req.revision}.`,
        },
        detail: { current: item.currentRevisionNumber },
      });
    }
    await this.requireComplete(manager, req.office, item);
    const id = randomUUID();
    await submissions.insert({
      id,
      itemId: item.id,
      idempotencyKey: req.idempotencyKey,
      requestHash: hash,
      revisionId: item.currentRevisionId,
      revisionNumber: item.currentRevisionNumber,
      status: 'pending',
      submittedBy: req.actor,
      note: req.note ?? null,
      createdAt: new Date(),
    });
    return id;
  }

  private sameRequest(s: Submission, hash: string): string {
    if (s.requestHash !== hash) {
      throw commandFailure(COMMON_ERRORS['idempotency-key-reused'], {
        message: {
          id: 'Kunci idempotensi ini sudah dipakai untuk permintaan lain.',
          en: 'This idempotency key was already used for a different request.',
        },
        detail: { command: 'content.item.submit' },
      });
    }
    return s.id;
  }

  /** What a reviewer needs: the type's required fields, some content, alt text for every image. */
  private async requireComplete(manager: EntityManager, office: string, item: Item): Promise<void> {
    const revision = await scoped(manager.getRepository(Revision), office).findOneOrFail({
      where: { id: item.currentRevisionId },
    });
    const attachments = await scoped(manager.getRepository(Attachment), office).findBy({
      itemId: item.id,
      status: 'ready',
    });
    const missing = missingFields(item.type, revision.fields);
    if (!revision.bodyText.trim() && !attachments.length) missing.push('body');
    for (const a of attachments) if (a.kind === 'image' && !a.alt) missing.push(`attachments.${a.id}.alt`);
    if (missing.length) {
      throw commandFailure(CONTENT_ERRORS['incomplete'], {
        message: {
          id: `Konten belum lengkap untuk diajukan: ${missing.join(', ')}.`,
          en: `The item is not complete enough to submit: ${missing.join(', ')}.`,
        },
        detail: { missing },
      });
    }
  }

  async withdraw(
    req: CommandParsed<'content.item.withdraw'>,
  ): Promise<CommandResponse<'content.item.withdraw'>> {
    const { result } = await this.idempotency.run(
      req.office,
      req,
      'content.item.withdraw',
      async (manager) => {
        const item = await scoped(manager.getRepository(Item), req.office).findOneBy({ id: req.itemId });
        if (!item) throw commandFailure(CONTENT_ERRORS['item-not-found']);
        if (!item.workflowId) {
          throw commandFailure(CONTENT_ERRORS['not-in-review'], {
            message: {
              id: 'Konten ini tidak sedang dalam proses SOP.',
              en: 'This item is not going through its SOP.',
            },
            detail: { status: item.status },
          });
        }
        // The run's end (runs.run-ended, cancelled) brings the item back to draft.
        await this.commands.send(
          'worker.run.cancel',
          {
            office: req.office,
            workflowId: item.workflowId,
            actor: req.actor,
            reason: req.reason,
            idempotencyKey: `content-withdraw:${req.office}:${item.id}:${req.idempotencyKey}`,
          },
          { timeoutMs: START_TIMEOUT_MS, idempotencyKey: req.idempotencyKey },
        );
        await this.outbox.add(
          manager,
          auditEvent({
            office: req.office,
            actor: req.actor,
            service: SERVICE,
            entity: 'item',
            entityId: item.id,
            action: 'withdraw',
            before: { status: item.status, workflowId: item.workflowId },
            after: { status: item.status, workflowId: item.workflowId, withdrawReason: req.reason },
          }),
        );
        return { itemId: item.id, workflowId: item.workflowId };
      },
    );
    return result;
  }
}
