import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { auditEvent } from '@tatalaman/audit';
import {
  type ActivationReplacement,
  type ActivationView,
  type Actor,
  type CommandParsed,
  type CommandResponse,
  makeEvent,
  STANDARD_CONTENT_TYPES,
  REGISTRY_ERRORS,
} from '@tatalaman/contracts';
import { commandFailure, IdempotencyStore, OutboxWriter } from '@tatalaman/messaging';
import { scoped } from '@tatalaman/persistence';
import { DataSource, type EntityManager, In } from 'typeorm';
import { requireAdmin } from '../common/access';
import { DefinitionsService } from '../definitions/definitions.service';
import { enqueueScheduleChanges, scheduleView, scheduledVersions } from '../schedules/schedule-changes';
import { ScheduleSync } from '../schedules/schedule-sync.entity';
import { ActiveType, Activation } from './activation.entity';
import { assignTypes, lockOffice } from './activations.queries';

const SERVICE = 'sop-registry';

function record(a: Activation): Record<string, unknown> {
  return {
    key: a.key,
    version: a.version,
    contentTypes: a.contentTypes,
    status: a.status,
    note: a.note,
    reason: a.reason,
    replacedBy: a.replacedBy,
  };
}

/**
 * Which definition version is active for which content types in an office: activating
 * (taking types over from other activations, retiring those left with none), retiring, and
 * the activations as views. Each change queues the schedule syncs it needs
 * (schedules/schedule-changes.ts) and its events in the same transaction.
 */
@Injectable()
export class ActivationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly definitions: DefinitionsService,
    private readonly outbox: OutboxWriter,
    private readonly idempotency: IdempotencyStore,
  ) {}

  async activate(
    req: CommandParsed<'sop-registry.activation.activate'>,
  ): Promise<CommandResponse<'sop-registry.activation.activate'>> {
    requireAdmin(req);
    const { result } = await this.idempotency.run(
      req.office,
      req,
      'sop-registry.activation.activate',
      async (manager) => {
        const def = await this.definitions.find(req.office, req.key, req.version, manager);
        // Another office's own SOP is a template here: its number, signer and roles are theirs.
        if (def.reservedFor && def.reservedFor !== req.office)
          throw commandFailure(REGISTRY_ERRORS['definition-reserved'], {
            message: {
              id:
                `Definisi ${def.key} adalah SOP milik kantor ${def.reservedFor}; kantor lain dapat membacanya sebagai ` +
                'templat, tetapi tidak dapat mengaktifkannya. Unduh sumbernya, sesuaikan kunci, nomor dan ' +
                'pengesahannya dengan SOP kantor Anda, lalu unggah sebagai definisi kantor Anda.',
              en:
                `Definition ${def.key} is the own SOP of office ${def.reservedFor}; other offices may read it as a ` +
                'template but not activate it. Download its source, adapt the key, number and ratification to ' +
                "your office's SOP, and upload it as your office's definition.",
            },
            detail: { reservedFor: def.reservedFor },
          });
        const types = [...new Set(req.contentTypes)].sort();
        const handled = def.contentTypes;
        if (handled.length) {
          const refused = types.filter((t) => !handled.includes(t));
          if (refused.length) {
            throw commandFailure(REGISTRY_ERRORS['content-type-not-handled'], {
              message: {
                id: `Definisi ${def.key} versi ${def.version} tidak menangani jenis konten: ${refused.join(', ')}.`,
                en: `Definition ${def.key} version ${def.version} does not handle content type(s): ${refused.join(', ')}.`,
              },
              detail: { refused, handled },
            });
          }
        } else {
          const unknown = types.filter((t) => !(STANDARD_CONTENT_TYPES as readonly string[]).includes(t));
          if (unknown.length) {
            throw commandFailure(REGISTRY_ERRORS['unknown-content-type'], {
              message: {
                id: `Jenis konten tidak dikenal: ${unknown.join(', ')}; jenis khusus harus dinamai dalam contentTypes definisi.`,
                en: `Unknown content type(s): ${unknown.join(', ')}; a custom type must be named in the definition's contentTypes.`,
              },
              detail: { unknown },
            });
          }
        }
        await lockOffice(manager, req.office);
        const before = await scheduledVersions(manager, req.office);
        const activations = scoped(manager.getRepository(Activation), req.office);
        const now = new Date();
        let target = await activations.findOneBy({ definitionId: def.id, status: 'active' });
        const targetBefore = target ? record(target) : null;
        if (!target) {
          target = activations.create({
            id: randomUUID(),
            definitionId: def.id,
            key: def.key,
            version: def.version,
            contentTypes: [],
            status: 'active',
            note: req.note ?? null,
            activatedBy: req.actor,
            activatedAt: now,
            retiredAt: null,
            retiredBy: null,
            reason: null,
            replacedBy: null,
          });
          await activations.insert(target);
        }
        const holders = await scoped(manager.getRepository(ActiveType), req.office).findBy({
          contentType: In(types),
        });
        const lostBy = new Map<string, string[]>();
        for (const h of holders) {
          if (h.activationId !== target.id)
            lostBy.set(h.activationId, [...(lostBy.get(h.activationId) ?? []), h.contentType]);
        }
        const replaced: ActivationReplacement[] = [];
        const retiredEvents = [];
        for (const [id, lost] of lostBy) {
          const other = (await activations.findOneBy({ id }))!;
          const otherBefore = record(other);
          other.contentTypes = other.contentTypes.filter((t) => !lost.includes(t));
          const retired = other.contentTypes.length === 0;
          if (retired) {
            other.contentTypes = otherBefore.contentTypes as string[];
            other.status = 'retired';
            other.retiredAt = now;
            other.retiredBy = req.actor;
            other.reason = `replaced by ${def.key}@${def.version}`;
            other.replacedBy = target.id;
          }
          await activations.update(
            { id },
            {
              contentTypes: other.contentTypes,
              status: other.status,
              retiredAt: other.retiredAt,
              retiredBy: other.retiredBy,
              reason: other.reason,
              replacedBy: other.replacedBy,
            },
          );
          replaced.push({
            activationId: id,
            key: other.key,
            version: other.version,
            contentTypes: lost,
            retired,
          });
          retiredEvents.push(
            auditEvent({
              office: req.office,
              actor: req.actor,
              service: SERVICE,
              entity: 'activation',
              entityId: id,
              action: retired ? 'retire' : 'replace-types',
              before: otherBefore,
              after: record(other),
            }),
          );
          if (retired) {
            retiredEvents.push(
              makeEvent('registry.definition-retired', {
                office: req.office,
                actor: req.actor,
                data: {
                  definitionKey: other.key,
                  version: other.version,
                  reason: other.reason ?? undefined,
                  activationId: id,
                  contentTypes: other.contentTypes,
                  replacedBy: target.id,
                },
              }),
            );
          }
        }
        await assignTypes(manager, req.office, types, target.id);
        target.contentTypes = [...new Set([...target.contentTypes, ...types])].sort();
        await activations.update({ id: target.id }, { contentTypes: target.contentTypes });
        const after = await scheduledVersions(manager, req.office);
        await enqueueScheduleChanges(manager, req.office, before, after, target.id);
        const previous = before.get(def.key);
        await this.outbox.add(manager, [
          ...retiredEvents,
          makeEvent('registry.definition-activated', {
            office: req.office,
            actor: req.actor,
            data: {
              definitionKey: def.key,
              version: def.version,
              ...(previous && previous.version !== def.version ? { previousVersion: previous.version } : {}),
              activationId: target.id,
              contentTypes: types,
              replaced: replaced.map((r) => ({
                activationId: r.activationId,
                definitionKey: r.key,
                version: r.version,
                contentTypes: r.contentTypes,
                retired: r.retired,
              })),
            },
          }),
          auditEvent({
            office: req.office,
            actor: req.actor,
            service: SERVICE,
            entity: 'activation',
            entityId: target.id,
            action: 'activate',
            before: targetBefore,
            after: record(target),
          }),
        ]);
        return { activation: await this.view(manager, req.office, target.id), replaced };
      },
    );
    return result;
  }

  async retire(
    req: CommandParsed<'sop-registry.activation.retire'>,
  ): Promise<CommandResponse<'sop-registry.activation.retire'>> {
    requireAdmin(req);
    const { result } = await this.idempotency.run(
      req.office,
      req,
      'sop-registry.activation.retire',
      async (manager) => {
        await lockOffice(manager, req.office);
        const activations = scoped(manager.getRepository(Activation), req.office);
        const a = await activations.findOneBy({ id: req.activationId });
        if (!a) throw commandFailure(REGISTRY_ERRORS['activation-not-found']);
        if (a.status === 'retired') {
          throw commandFailure(REGISTRY_ERRORS['already-retired'], {
            message: { id: 'Aktivasi ini sudah diakhiri.', en: 'This activation has already been retired.' },
            detail: { retiredAt: a.retiredAt ? new Date(a.retiredAt).toISOString() : undefined },
          });
        }
        const before = await scheduledVersions(manager, req.office);
        const old = record(a);
        await scoped(manager.getRepository(ActiveType), req.office).delete({ activationId: a.id });
        Object.assign(a, {
          status: 'retired',
          retiredAt: new Date(),
          retiredBy: req.actor,
          reason: req.reason ?? null,
        });
        await activations.update(
          { id: a.id },
          { status: a.status, retiredAt: a.retiredAt, retiredBy: a.retiredBy, reason: a.reason },
        );
        const after = await scheduledVersions(manager, req.office);
        await enqueueScheduleChanges(manager, req.office, before, after, a.id);
        await this.outbox.add(manager, [
          makeEvent('registry.definition-retired', {
            office: req.office,
            actor: req.actor,
            data: {
              definitionKey: a.key,
              version: a.version,
              ...(req.reason ? { reason: req.reason } : {}),
              activationId: a.id,
              contentTypes: a.contentTypes,
            },
          }),
          auditEvent({
            office: req.office,
            actor: req.actor,
            service: SERVICE,
            entity: 'activation',
            entityId: a.id,
            action: 'retire',
            before: old,
            after: record(a),
          }),
        ]);
        return { activation: await this.view(manager, req.office, a.id) };
      },
    );
    return result;
  }

  async list(
    req: CommandParsed<'sop-registry.activation.list'>,
  ): Promise<CommandResponse<'sop-registry.activation.list'>> {
    const status = req.status ?? 'active';
    const rows = await scoped(this.dataSource.getRepository(Activation), req.office).find({
      where: {
        ...(status === 'all' ? {} : { status }),
        ...(req.key ? { key: req.key } : {}),
      },
      order: { activatedAt: 'DESC' },
    });
    return {
      activations: await Promise.all(rows.map((a) => this.view(this.dataSource.manager, req.office, a.id))),
    };
  }

  async view(manager: EntityManager, office: string, activationId: string): Promise<ActivationView> {
    const a = await scoped(manager.getRepository(Activation), office).findOneBy({ id: activationId });
    if (!a) throw commandFailure(REGISTRY_ERRORS['activation-not-found']);
    const def = await this.definitions.find(office, a.key, a.version, manager);
    const syncs = await scoped(manager.getRepository(ScheduleSync), office).find({
      where: { activationId: a.id },
      order: { seq: 'ASC' },
    });
    return {
      activationId: a.id,
      office: a.office,
      key: a.key,
      version: a.version,
      title: def.title,
      contentTypes: a.contentTypes,
      status: a.status,
      activatedBy: a.activatedBy,
      activatedAt: new Date(a.activatedAt).toISOString(),
      ...(a.note ? { note: a.note } : {}),
      ...(a.retiredAt ? { retiredAt: new Date(a.retiredAt).toISOString() } : {}),
      ...(a.retiredBy ? { retiredBy: a.retiredBy as Actor } : {}),
      ...(a.reason ? { reason: a.reason } : {}),
      ...(a.replacedBy ? { replacedBy: a.replacedBy } : {}),
      schedules: scheduleView(syncs),
    };
  }
}
