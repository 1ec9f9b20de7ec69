import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { auditEvent, diffFields } from '@tatalaman/audit';
import {
  type CommandParsed,
  type CommandResponse,
  type ContentItemView,
  makeEvent,
  CONTENT_ERRORS,
  COMMON_ERRORS,
} from '@tatalaman/contracts';
import { CommandFailure, commandFailure, IdempotencyStore, OutboxWriter } from '@tatalaman/messaging';
import { scoped } from '@tatalaman/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import { Attachment } from '../attachments/attachment.entity';
import { Revision } from '../revisions/revision.entity';
import { type BodyAttachment, MAX_BODY_CHARS, sanitizeBody } from '../revisions/sanitize';
import { ContentTypeCatalog } from './content-types';
import { validateFields } from './fields';
import { Item } from './item.entity';
import * as q from './items.queries';
import { flatRevision, itemSummary, itemView } from './views';

export const SERVICE = 'content';

function tooLong(): CommandFailure {
  return commandFailure(CONTENT_ERRORS['body-too-long'], {
    message: {
      id: `Isi konten terlalu panjang (paling banyak ${MAX_BODY_CHARS} karakter HTML).`,
      en: `The body is too long (at most ${MAX_BODY_CHARS} characters of HTML).`,
    },
    detail: { max: MAX_BODY_CHARS },
  });
}

function uniqueTags(tags: string[] | undefined): string[] {
  return [...new Set((tags ?? []).map((t) => t.trim()).filter(Boolean))];
}

@Injectable()
export class ItemsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly idempotency: IdempotencyStore,
    private readonly contentTypes: ContentTypeCatalog,
  ) {}

  /** The item's ready attachments, as the sanitizer needs them. */
  async bodyAttachments(manager: EntityManager, office: string, itemId: string) {
    const rows = await scoped(manager.getRepository(Attachment), office).findBy({ itemId, status: 'ready' });
    return new Map<string, BodyAttachment>(rows.map((a) => [a.id, { kind: a.kind, alt: a.alt }]));
  }

  async view(manager: EntityManager, office: string, itemId: string): Promise<ContentItemView> {
    const item = await scoped(manager.getRepository(Item), office).findOneBy({ id: itemId });
    if (!item) throw commandFailure(CONTENT_ERRORS['item-not-found']);
    const [revision, attachments] = await Promise.all([
      scoped(manager.getRepository(Revision), office).findOneOrFail({
        where: { id: item.currentRevisionId },
      }),
      scoped(manager.getRepository(Attachment), office).find({
        where: { itemId, status: 'ready' },
        order: { createdAt: 'ASC' },
      }),
    ]);
    return itemView(item, revision, attachments);
  }

  get(office: string, itemId: string): Promise<ContentItemView> {
    return this.view(this.dataSource.manager, office, itemId);
  }

  async create(req: CommandParsed<'content.item.create'>): Promise<CommandResponse<'content.item.create'>> {
    const { result } = await this.idempotency.run(req.office, req, 'content.item.create', async (manager) => {
      if (!(await this.contentTypes.isKnown(req.office, req.type))) {
        throw commandFailure(CONTENT_ERRORS['unknown-content-type'], {
          message: {
            id: `Jenis konten '${req.type}' tidak dikenal di kantor ini.`,
            en: `Content type '${req.type}' is not known in this office.`,
          },
          detail: { type: req.type },
        });
      }
      if ((req.body ?? '').length > MAX_BODY_CHARS) throw tooLong();
      const fields = validateFields(req.type, req.fields);
      // A new item has no attachments yet: any image in its body is foreign and dropped.
      const body = sanitizeBody(req.body ?? '', new Map(), req.office);
      const now = new Date();
      const itemId = randomUUID();
      const revision = manager.getRepository(Revision).create({
        id: randomUUID(),
        office: req.office,
        itemId,
        number: 1,
        title: req.title.trim(),
        summary: req.summary?.trim() || null,
        body: body.html,
        bodyText: body.text,
        tags: uniqueTags(req.tags),
        fields,
        language: req.language ?? 'id',
        author: req.actor,
        note: req.note ?? null,
        basedOn: null,
        createdAt: now,
      });
      const item = manager.getRepository(Item).create({
        id: itemId,
        office: req.office,
        type: req.type,
        language: revision.language,
        status: 'draft',
        title: revision.title,
        summary: revision.summary,
        tags: revision.tags,
        fields,
        bodyText: body.text,
        currentRevisionId: revision.id,
        currentRevisionNumber: 1,
        author: req.actor,
        workflowId: null,
        review: null,
        lastOutcome: null,
        published: null,
        createdAt: now,
        updatedAt: now,
      });
      await scoped(manager.getRepository(Item), req.office).save(item);
      await scoped(manager.getRepository(Revision), req.office).save(revision);
      await this.outbox.add(manager, [
        makeEvent('content.item-created', {
          office: req.office,
          actor: req.actor,
          data: {
            itemId,
            kind: req.type,
            title: item.title,
            language: item.language,
            revisionId: revision.id,
            revisionNumber: 1,
            tags: item.tags,
          },
        }),
        makeEvent('content.revision-created', {
          office: req.office,
          actor: req.actor,
          data: { itemId, revisionId: revision.id, number: 1 },
        }),
        auditEvent({
          office: req.office,
          actor: req.actor,
          service: SERVICE,
          entity: 'item',
          entityId: itemId,
          action: 'create',
          before: null,
          after: { type: item.type, status: item.status, ...flatRevision(revision) },
        }),
      ]);
      return itemView(item, revision, []);
    });
    return result;
  }

  async update(req: CommandParsed<'content.item.update'>): Promise<CommandResponse<'content.item.update'>> {
    const { result } = await this.idempotency.run(req.office, req, 'content.item.update', async (manager) => {
      const items = scoped(manager.getRepository(Item), req.office);
      const item = await items.findOne({ where: { id: req.itemId }, lock: { mode: 'pessimistic_write' } });
      if (!item) throw commandFailure(CONTENT_ERRORS['item-not-found']);
      if (req.baseRevision !== undefined && req.baseRevision !== item.currentRevisionNumber) {
        throw commandFailure(CONTENT_ERRORS['stale-revision'], {
          message: {
            id: `Konten ini sudah diubah orang lain (revisi ${item.currentRevisionNumber}); muat ulang lalu ulangi.`,
            en: `Someone else changed this item (revision ${item.currentRevisionNumber}); reload and try again.`,
          },
          detail: { current: item.currentRevisionNumber, base: req.baseRevision },
        });
      }
      if ((req.body ?? '').length > MAX_BODY_CHARS) throw tooLong();
      const revisions = scoped(manager.getRepository(Revision), req.office);
      const current = await revisions.findOneOrFail({ where: { id: item.currentRevisionId } });
      const body =
        req.body !== undefined
          ? sanitizeBody(req.body, await this.bodyAttachments(manager, req.office, item.id), req.office)
          : { html: current.body, text: current.bodyText };
      const next = {
        title: req.title !== undefined ? req.title.trim() : current.title,
        summary: req.summary !== undefined ? req.summary?.trim() || null : current.summary,
        body: body.html,
        bodyText: body.text,
        tags: req.tags !== undefined ? uniqueTags(req.tags) : current.tags,
        fields: req.fields !== undefined ? validateFields(item.type, req.fields) : current.fields,
        language: req.language ?? current.language,
      };
      const changes = diffFields(flatRevision(current), flatRevision(next));
      if (!changes.length) {
        return { item: await this.view(manager, req.office, item.id), revisionCreated: false };
      }
      const now = new Date();
      const revision = revisions.create({
        id: randomUUID(),
        itemId: item.id,
        number: current.number + 1,
        ...next,
        author: req.actor,
        note: req.note ?? null,
        basedOn: current.number,
        createdAt: now,
      });
      await revisions.save(revision);
      Object.assign(item, {
        title: next.title,
        summary: next.summary,
        tags: next.tags,
        fields: next.fields,
        bodyText: next.bodyText,
        language: next.language,
        currentRevisionId: revision.id,
        currentRevisionNumber: revision.number,
        updatedAt: now,
      });
      await items.save(item);
      const changedFields = [...new Set(changes.map((c) => c.field))];
      await this.outbox.add(manager, [
        makeEvent('content.revision-created', {
          office: req.office,
          actor: req.actor,
          data: {
            itemId: item.id,
            revisionId: revision.id,
            number: revision.number,
            basedOn: current.id,
            changedFields,
          },
        }),
        makeEvent('content.item-updated', {
          office: req.office,
          actor: req.actor,
          data: { itemId: item.id, revisionId: revision.id, revisionNumber: revision.number, changedFields },
        }),
        auditEvent({
          office: req.office,
          actor: req.actor,
          service: SERVICE,
          entity: 'item',
          entityId: item.id,
          action: 'update',
          before: { revision: current.number, ...flatRevision(current) },
          after: { revision: revision.number, ...flatRevision(revision) },
        }),
      ]);
      return { item: await this.view(manager, req.office, item.id), revisionCreated: true };
    });
    return result;
  }

  async list(req: CommandParsed<'content.item.list'>): Promise<CommandResponse<'content.item.list'>> {
    const limit = req.limit ?? 20;
    // One more than shown tells whether there is a next page.
    const { total, items: rows } = await q.itemsAfter(
      this.dataSource,
      req.office,
      { type: req.type, status: req.status, tag: req.tag, authorId: req.authorId, text: req.text },
      req.cursor ? decodeCursor(req.cursor) : undefined,
      limit + 1,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(itemSummary),
      total,
      ...(rows.length > limit && last
        ? { nextCursor: encodeCursor({ at: new Date(last.updatedAt).toISOString(), id: last.id }) }
        : {}),
    };
  }
}

function encodeCursor(c: { at: string; id: string }): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { at?: unknown; id?: unknown };
    if (
      typeof c.at === 'string' &&
      !Number.isNaN(Date.parse(c.at)) &&
      typeof c.id === 'string' &&
      /^[0-9a-f-]{36}$/i.test(c.id)
    ) {
      return { at: c.at, id: c.id };
    }
  } catch {
    // fall through
  }
  throw commandFailure(COMMON_ERRORS['invalid-cursor'], {
    message: {
      id: 'Penanda halaman tidak valid.',
      en: 'The page cursor is not valid.',
    },
  });
}
