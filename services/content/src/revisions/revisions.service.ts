import { Injectable } from '@nestjs/common';
import { countChangedWords, diffFields, diffWords } from '@tatalaman/audit';
import {
  type CommandParsed,
  type CommandResponse,
  CONTENT_ERRORS,
  COMMON_ERRORS,
} from '@tatalaman/contracts';
import { commandFailure } from '@tatalaman/messaging';
import { scoped } from '@tatalaman/persistence';
import { DataSource, LessThan } from 'typeorm';
import { Item } from '../items/item.entity';
import { flatRevision, revisionSummary, revisionView } from '../items/views';
import { Revision } from './revision.entity';

@Injectable()
export class RevisionsService {
  constructor(private readonly dataSource: DataSource) {}

  private async requireItem(office: string, itemId: string): Promise<Item> {
    const item = await scoped(this.dataSource.getRepository(Item), office).findOneBy({ id: itemId });
    if (!item) throw commandFailure(CONTENT_ERRORS['item-not-found']);
    return item;
  }

  private async revision(office: string, itemId: string, number: number): Promise<Revision> {
    const r = await scoped(this.dataSource.getRepository(Revision), office).findOneBy({ itemId, number });
    if (!r) throw commandFailure(CONTENT_ERRORS['revision-not-found']);
    return r;
  }

  async list(req: CommandParsed<'content.revision.list'>): Promise<CommandResponse<'content.revision.list'>> {
    await this.requireItem(req.office, req.itemId);
    const limit = req.limit ?? 50;
    let before: number | undefined;
    if (req.cursor !== undefined) {
      before = Number(req.cursor);
      if (!Number.isInteger(before) || before < 1) {
        throw commandFailure(COMMON_ERRORS['invalid-cursor'], {
          message: {
            id: 'Penanda halaman tidak valid.',
            en: 'The page cursor is not valid.',
          },
        });
      }
    }
    const rows = await scoped(this.dataSource.getRepository(Revision), req.office).find({
      where: { itemId: req.itemId, ...(before ? { number: LessThan(before) } : {}) },
      order: { number: 'DESC' },
      take: limit + 1,
    });
    const page = rows.slice(0, limit);
    return {
      revisions: page.map(revisionSummary),
      ...(rows.length > limit ? { nextCursor: String(page[page.length - 1]!.number) } : {}),
    };
  }

  async get(req: CommandParsed<'content.revision.get'>): Promise<CommandResponse<'content.revision.get'>> {
    await this.requireItem(req.office, req.itemId);
    return revisionView(await this.revision(req.office, req.itemId, req.revision));
  }

  /** Field by field (diffFields) and the body's text word by word. */
  async diff(req: CommandParsed<'content.revision.diff'>): Promise<CommandResponse<'content.revision.diff'>> {
    await this.requireItem(req.office, req.itemId);
    const [from, to] = await Promise.all([
      this.revision(req.office, req.itemId, req.from),
      this.revision(req.office, req.itemId, req.to),
    ]);
    const ops = from.bodyText === to.bodyText ? [] : diffWords(from.bodyText, to.bodyText);
    return {
      itemId: req.itemId,
      from: from.number,
      to: to.number,
      fields: diffFields(flatRevision(from), flatRevision(to)),
      body: {
        changed: from.bodyText !== to.bodyText,
        ops: ops.length ? ops : from.bodyText ? [{ op: 'equal', text: from.bodyText }] : [],
        ...countChangedWords(ops),
      },
    };
  }
}
