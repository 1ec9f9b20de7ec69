import {
  type DeepPartial,
  type DeleteResult,
  type FindManyOptions,
  type FindOneOptions,
  type FindOptionsWhere,
  type InsertResult,
  type ObjectLiteral,
  type Repository,
  type UpdateResult,
} from 'typeorm';
import { type QueryDeepPartialEntity } from 'typeorm';

/** Rows that belong to one office. */
export interface OfficeOwned {
  office: string;
}

export class TenancyViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TenancyViolation';
  }
}

const OFFICE_SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

type Where<T> = FindOptionsWhere<T> | FindOptionsWhere<T>[];

/**
 * A repository whose every query is limited to one office. Reads get
 * `office = <office>` added to every `where` (each branch of an OR list);
 * writes set the office on new rows and refuse rows or conditions that name
 * another office. Query builders and raw SQL are not covered: add
 * `office = :office` to them by hand.
 */
export interface ScopedRepository<T extends OfficeOwned> {
  readonly office: string;
  readonly repository: Repository<T>;
  find(options?: FindManyOptions<T>): Promise<T[]>;
  findBy(where: Where<T>): Promise<T[]>;
  findAndCount(options?: FindManyOptions<T>): Promise<[T[], number]>;
  findOne(options: FindOneOptions<T>): Promise<T | null>;
  findOneBy(where: Where<T>): Promise<T | null>;
  findOneOrFail(options: FindOneOptions<T>): Promise<T>;
  count(options?: FindManyOptions<T>): Promise<number>;
  exists(options?: FindManyOptions<T>): Promise<boolean>;
  /** A new entity instance with the office set. */
  create(fields?: DeepPartial<T>): T;
  insert(rows: QueryDeepPartialEntity<T> | QueryDeepPartialEntity<T>[]): Promise<InsertResult>;
  /** Inserts or updates; an existing row with the same primary key must belong to this office. */
  save<E extends DeepPartial<T>>(entity: E): Promise<E & T>;
  save<E extends DeepPartial<T>>(entities: E[]): Promise<(E & T)[]>;
  update(where: FindOptionsWhere<T>, patch: QueryDeepPartialEntity<T>): Promise<UpdateResult>;
  delete(where: FindOptionsWhere<T>): Promise<DeleteResult>;
}

function checkOffice(office: unknown): string {
  if (typeof office !== 'string' || !OFFICE_SLUG.test(office)) {
    throw new TenancyViolation(`A scoped query needs a valid office slug, got ${JSON.stringify(office)}.`);
  }
  return office;
}

/** Adds the office to one condition object, refusing one that names anything else. */
function scopeOne<T>(where: FindOptionsWhere<T>, office: string): FindOptionsWhere<T> {
  if (where === null || typeof where !== 'object' || Array.isArray(where)) {
    throw new TenancyViolation('A where condition must be an object.');
  }
  if ('office' in where && where.office !== undefined && where.office !== office) {
    // Also refuses operators (In, Not, Raw…): a scoped query sees exactly one office.
    throw new TenancyViolation(
      `Query names office ${JSON.stringify(where.office)} in a scope of "${office}".`,
    );
  }
  return { ...where, office } as FindOptionsWhere<T>;
}

function scopeWhere<T>(where: Where<T> | undefined, office: string): Where<T> {
  if (where === undefined) return { office } as unknown as FindOptionsWhere<T>;
  if (Array.isArray(where)) {
    // TypeORM reads an empty OR list as "no condition": refuse rather than widen.
    if (!where.length) throw new TenancyViolation('An empty where list would match every office.');
    return where.map((w) => scopeOne(w, office));
  }
  return scopeOne(where, office);
}

function scopeOptions<O extends FindManyOptions<T> | FindOneOptions<T>, T>(
  options: O | undefined,
  office: string,
): O {
  return { ...(options ?? ({} as O)), where: scopeWhere(options?.where as Where<T> | undefined, office) };
}

function checkRow(row: unknown, office: string): void {
  if (row === null || typeof row !== 'object') throw new TenancyViolation('A row must be an object.');
  const o = (row as { office?: unknown }).office;
  if (o !== undefined && o !== office) {
    throw new TenancyViolation(`Row belongs to office ${JSON.stringify(o)}, not "${office}".`);
  }
}

/**
 * `scoped(repo, office)`: the repository of an office-owned entity, limited to
 * that office. Use `scoped(manager.getRepository(Item), office)` inside a
 * transaction.
 */
export function scoped<T extends ObjectLiteral & OfficeOwned>(
  repo: Repository<T>,
  office: string,
): ScopedRepository<T> {
  checkOffice(office);
  if (!repo.metadata.findColumnWithPropertyName('office')) {
    throw new TenancyViolation(
      `${repo.metadata.name} has no "office" column, so it cannot be scoped to an office.`,
    );
  }

  const withOffice = <R>(row: R): R => {
    checkRow(row, office);
    return { ...row, office } as R;
  };

  async function guardExisting(entities: DeepPartial<T>[]): Promise<void> {
    // save() updates by primary key without looking at the office: make sure no
    // given key already belongs to another office.
    const primary = repo.metadata.primaryColumns;
    for (const e of entities) {
      const id = repo.metadata.getEntityIdMap(e as ObjectLiteral);
      if (!id || primary.some((c) => c.getEntityValue(e as ObjectLiteral) === undefined)) continue;
      const other = await repo.findOne({
        where: id as FindOptionsWhere<T>,
        select: { office: true } as never,
      });
      if (other && other.office !== office) {
        throw new TenancyViolation(`A ${repo.metadata.name} with this key belongs to another office.`);
      }
    }
  }

  const scopedRepo: ScopedRepository<T> = {
    office,
    repository: repo,
    find: (options) => repo.find(scopeOptions(options, office)),
    findBy: (where) => repo.findBy(scopeWhere(where, office)),
    findAndCount: (options) => repo.findAndCount(scopeOptions(options, office)),
    findOne: (options) => repo.findOne(scopeOptions(options, office)),
    findOneBy: (where) => repo.findOneBy(scopeWhere(where, office)),
    findOneOrFail: (options) => repo.findOneOrFail(scopeOptions(options, office)),
    count: (options) => repo.count(scopeOptions(options, office)),
    exists: (options) => repo.exists(scopeOptions(options, office)),
    create: (fields) => repo.create(withOffice(fields ?? ({} as DeepPartial<T>))),
    insert: (rows) => repo.insert(Array.isArray(rows) ? rows.map(withOffice) : withOffice(rows)),
    save: (async (input: DeepPartial<T> | DeepPartial<T>[]) => {
      const list = (Array.isArray(input) ? input : [input]).map((e) => {
        checkRow(e, office);
        // Keep the caller's instance (TypeORM fills generated columns into it).
        (e as OfficeOwned).office = office;
        return e;
      });
      await guardExisting(list);
      return Array.isArray(input) ? repo.save(list) : repo.save(list[0]!);
    }) as ScopedRepository<T>['save'],
    update: (where, patch) => {
      checkRow(patch, office);
      return repo.update(scopeOne(where, office), patch);
    },
    delete: (where) => {
      if (!where || typeof where !== 'object' || !Object.keys(where).some((k) => k !== 'office')) {
        // Deleting a whole office's rows is an admin operation, not a repository call.
        throw new TenancyViolation('delete() needs a condition besides the office.');
      }
      return repo.delete(scopeOne(where, office));
    },
  };
  return scopedRepo;
}
