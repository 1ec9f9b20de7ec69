import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { auditEvent } from '@tatalaman/audit';
import {
  type CommandParsed,
  type CommandResponse,
  type ContentTypeView,
  type DefinitionSummary,
  makeEvent,
  PLATFORM_OFFICE,
  STANDARD_CONTENT_TYPES,
  REGISTRY_ERRORS,
} from '@tatalaman/contracts';
import { commandFailure, IdempotencyStore, OutboxWriter } from '@tatalaman/messaging';
import { CONTENT_TYPES, parseSopDefinition, sha256Hex } from '@tatalaman/sop-language';
import { renderSheetHtml, renderSwimlaneSvg } from '@tatalaman/sop-render';
import { DataSource, type EntityManager, Repository } from 'typeorm';
import { requireAdmin } from '../common/access';
import { diffDefinitions } from './definition-diff';
import {
  activeType,
  activeTypes,
  activeTypesByDefinition,
  definitionOwners,
  lockKey,
  reserveKey,
  versionsOf,
} from './definitions.queries';
import { Definition } from './definition.entity';
import { auditRecord, toSummary, toView } from './views';

const SERVICE = 'sop-registry';

function sourceFormat(source: string): 'yaml' | 'json' {
  return /^\s*[[{]/.test(source) ? 'json' : 'yaml';
}

@Injectable()
export class DefinitionsService {
  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(Definition) private readonly definitions: Repository<Definition>,
    private readonly outbox: OutboxWriter,
    private readonly idempotency: IdempotencyStore,
  ) {}

  /** Definitions an office sees: the platform's and its own, never another office's. */
  private visible(office: string, manager?: EntityManager) {
    const repo = manager ? manager.getRepository(Definition) : this.definitions;
    return repo
      .createQueryBuilder('d')
      .where('d.office IN (:office, :platform)', { office, platform: PLATFORM_OFFICE });
  }

  async find(office: string, key: string, version?: number, manager?: EntityManager): Promise<Definition> {
    const q = this.visible(office, manager).andWhere('d.key = :key', { key });
    if (version !== undefined) q.andWhere('d.version = :version', { version });
    // Uploads keep (key, version) unique among what one office sees.
    const def = await q.orderBy('d.version', 'DESC').getOne();
    if (!def) throw commandFailure(REGISTRY_ERRORS['definition-not-found']);
    return (await this.withOwners([def], manager))[0]!;
  }

  /** Fills `reservedFor` of platform definitions that are one office's own SOP. */
  async withOwners<T extends Definition>(defs: T[], manager?: EntityManager): Promise<T[]> {
    const keys = [...new Set(defs.filter((d) => d.office === PLATFORM_OFFICE).map((d) => d.key))];
    const owners = keys.length ? await definitionOwners(manager ?? this.dataSource, keys) : [];
    const byKey = new Map(owners.map((o) => [o.key, o.office]));
    for (const d of defs) d.reservedFor = d.office === PLATFORM_OFFICE ? (byKey.get(d.key) ?? null) : null;
    return defs;
  }

  /**
   * Records that every version of a platform definition key is one office's own SOP (the
   * seed of that office). Idempotent; the first owner stays.
   */
  async reserve(key: string, office: string): Promise<void> {
    await reserveKey(this.dataSource, key, office);
  }

  /** Content types each definition is active for in the office, by definition id. */
  async activeTypes(office: string, manager?: EntityManager): Promise<Map<string, string[]>> {
    const rows = await activeTypesByDefinition(manager ?? this.dataSource, office);
    return new Map(rows.map((r) => [r.definition_id, r.types]));
  }

  async upload(
    req: CommandParsed<'sop-registry.definition.upload'>,
  ): Promise<CommandResponse<'sop-registry.definition.upload'>> {
    const scope = req.scope ?? 'office';
    requireAdmin(req, scope);
    const owner = scope === 'platform' ? PLATFORM_OFFICE : req.office;
    const { result } = await this.idempotency.run(
      req.office,
      req,
      'sop-registry.definition.upload',
      async (manager) => {
        const parsed = parseSopDefinition(req.source, { fileName: req.fileName });
        if (!parsed.ok || !parsed.definition) {
          throw commandFailure(REGISTRY_ERRORS['definition-invalid'], {
            message: {
              id: `Definisi SOP tidak valid: ${parsed.errors.length} kesalahan.`,
              en: `The SOP definition is not valid: ${parsed.errors.length} error(s).`,
            },
            detail: { errors: parsed.errors, warnings: parsed.warnings },
          });
        }
        const compiled = parsed.definition;
        const checksum = sha256Hex(req.source);
        // Uploads of one key take turns, so two texts cannot both become "version N".
        await lockKey(manager, compiled.key);
        const clashing = await manager
          .getRepository(Definition)
          .createQueryBuilder('d')
          .where('d.key = :key AND d.version = :version', { key: compiled.key, version: compiled.version })
          .andWhere(
            owner === PLATFORM_OFFICE
              ? '1 = 1' // a platform version is visible everywhere: any existing one clashes
              : 'd.office IN (:owner, :platform)',
            { owner, platform: PLATFORM_OFFICE },
          )
          .getMany();
        const same = clashing.find(
          (d) => d.checksum === checksum && (d.office === owner || d.office === PLATFORM_OFFICE),
        );
        const activeFor = async (def: Definition) =>
          (await this.activeTypes(req.office, manager)).get(def.id);
        if (same) {
          await this.withOwners([same], manager);
          return {
            definition: toSummary(same, await activeFor(same)),
            created: false,
            warnings: same.warnings,
          };
        }
        if (clashing.length) {
          throw commandFailure(REGISTRY_ERRORS['version-exists'], {
            message: {
              id: `Versi ${compiled.version} dari ${compiled.key} sudah diterbitkan dengan isi lain; versi yang terbit tidak dapat diubah, unggah sebagai versi baru.`,
              en: `Version ${compiled.version} of ${compiled.key} is already published with different content; a published version never changes, upload it as a new version.`,
            },
            detail: { key: compiled.key, version: compiled.version, checksum: clashing[0]!.checksum },
          });
        }
        const def = manager.getRepository(Definition).create({
          id: randomUUID(),
          office: owner,
          key: compiled.key,
          version: compiled.version,
          title: compiled.title,
          source: req.source,
          sourceFormat: sourceFormat(req.source),
          compiled,
          checksum,
          contentTypes: compiled.contentTypes.map((c) => c.code),
          hasSchedules: Object.values(compiled.flows).some((f) => f.trigger === 'schedule'),
          warnings: parsed.warnings,
          uploadedBy: req.actor,
          uploadedAt: new Date(),
        });
        await manager.getRepository(Definition).insert(def);
        await this.outbox.add(manager, [
          makeEvent('registry.definition-uploaded', {
            office: owner,
            actor: req.actor,
            data: {
              definitionKey: def.key,
              version: def.version,
              checksum,
              title: def.title,
              scope,
              contentTypes: def.contentTypes,
            },
          }),
          auditEvent({
            office: owner,
            actor: req.actor,
            service: SERVICE,
            entity: 'definition',
            entityId: `${def.key}@${def.version}`,
            action: 'upload',
            before: null,
            after: auditRecord(def),
          }),
        ]);
        return { definition: toSummary(def), created: true, warnings: parsed.warnings };
      },
    );
    return result;
  }

  async list(
    req: CommandParsed<'sop-registry.definition.list'>,
  ): Promise<CommandResponse<'sop-registry.definition.list'>> {
    const limit = Math.min(Math.max(req.limit ?? 50, 1), 200);
    const q = this.visible(req.office)
      .distinctOn(['d.key'])
      .orderBy('d.key')
      .addOrderBy('d.version', 'DESC')
      .limit(limit + 1);
    if (req.scope === 'platform') q.andWhere('d.office = :platform');
    if (req.scope === 'office') q.andWhere('d.office = :office');
    if (req.cursor) q.andWhere('d.key > :cursor', { cursor: req.cursor });
    const rows = await q.getMany();
    const page = await this.withOwners(rows.slice(0, limit));
    const versions = page.length
      ? await versionsOf(
          this.dataSource,
          req.office,
          page.map((d) => d.key),
        )
      : [];
    const byKey = new Map(versions.map((v) => [v.key, v.versions]));
    const active = await this.activeTypes(req.office);
    return {
      definitions: page.map((d) => ({ ...toSummary(d, active.get(d.id)), versions: byKey.get(d.key) ?? [] })),
      ...(rows.length > limit ? { nextCursor: page[page.length - 1]!.key } : {}),
    };
  }

  async versions(
    req: CommandParsed<'sop-registry.definition.versions'>,
  ): Promise<CommandResponse<'sop-registry.definition.versions'>> {
    const rows = await this.visible(req.office)
      .andWhere('d.key = :key', { key: req.key })
      .orderBy('d.version', 'DESC')
      .getMany();
    if (!rows.length) throw commandFailure(REGISTRY_ERRORS['definition-not-found']);
    await this.withOwners(rows);
    const active = await this.activeTypes(req.office);
    return { key: req.key, versions: rows.map((d) => toSummary(d, active.get(d.id))) };
  }

  async get(req: CommandParsed<'sop-registry.definition.get'>) {
    const def = await this.find(req.office, req.key, req.version);
    return toView(def, (await this.activeTypes(req.office)).get(def.id));
  }

  async resolve(
    req: CommandParsed<'sop-registry.definition.resolve'>,
  ): Promise<CommandResponse<'sop-registry.definition.resolve'>> {
    const row = await activeType(this.dataSource, req.office, req.contentType);
    const def = row
      ? await this.visible(req.office).andWhere('d.id = :id', { id: row.definition_id }).getOne()
      : null;
    if (!row || !def) {
      throw commandFailure(REGISTRY_ERRORS['no-active-definition'], {
        message: {
          id: `Belum ada SOP aktif untuk jenis konten '${req.contentType}' di kantor ini.`,
          en: `No SOP is active for content type '${req.contentType}' in this office.`,
        },
        detail: { contentType: req.contentType },
      });
    }
    return { key: def.key, version: def.version, compiled: def.compiled, activationId: row.activation_id };
  }

  async diff(req: CommandParsed<'sop-registry.definition.diff'>) {
    const from = await this.find(req.office, req.key, req.from);
    const to = await this.find(req.office, req.key, req.to);
    return diffDefinitions(req.key, from, to);
  }

  async diagram(
    req: CommandParsed<'sop-registry.definition.diagram'>,
  ): Promise<CommandResponse<'sop-registry.definition.diagram'>> {
    const def = await this.find(req.office, req.key, req.version);
    return {
      mediaType: 'image/svg+xml',
      fileName: `${def.key}-v${def.version}.${req.lang ?? 'id'}.svg`,
      body: renderSwimlaneSvg(def.compiled, { lang: req.lang ?? 'id' }),
    };
  }

  async sheet(
    req: CommandParsed<'sop-registry.definition.sheet'>,
  ): Promise<CommandResponse<'sop-registry.definition.sheet'>> {
    const def = await this.find(req.office, req.key, req.version);
    return {
      mediaType: 'text/html',
      fileName: `${def.key}-v${def.version}.${req.lang ?? 'id'}.html`,
      body: renderSheetHtml(def.compiled, { lang: req.lang ?? 'id' }),
    };
  }

  async contentTypes(office: string): Promise<ContentTypeView[]> {
    const [defs, active] = await Promise.all([
      this.visible(office).getMany(),
      activeTypes(this.dataSource, office),
    ]);
    const views = new Map<string, ContentTypeView>();
    for (const code of STANDARD_CONTENT_TYPES) {
      views.set(code, { code, name: CONTENT_TYPES[code]!, custom: false, fields: [] });
    }
    // Newest versions first, so a custom type's name and fields are the latest definition's.
    const declared = new Map<string, ContentTypeView['fields']>();
    for (const def of defs.sort((a, b) => b.version - a.version)) {
      for (const t of def.compiled.contentTypes) {
        if (!views.has(t.code))
          views.set(t.code, { code: t.code, name: t.name, custom: t.custom, fields: [] });
        if (!declared.has(t.code)) declared.set(t.code, t.fields ?? []);
      }
    }
    for (const [code, fields] of declared) views.get(code)!.fields = fields;
    for (const a of active) {
      const view = views.get(a.content_type);
      if (!view) continue;
      view.active = { activationId: a.activation_id, key: a.key, version: a.version };
      // The active definition's declarations decide what its items publish.
      const def = defs.find((d) => d.key === a.key && d.version === a.version);
      const type = def?.compiled.contentTypes.find((t) => t.code === a.content_type);
      view.fields = type?.fields ?? [];
    }
    return [...views.values()];
  }

  summary(def: Definition, activeFor?: string[]): DefinitionSummary {
    return toSummary(def, activeFor);
  }
}
