export { assertSchemaName, quoteIdent, qualified, schemaOf, SCHEMA_NAME } from './names';
export {
  createServiceDataSource,
  resolveDatabaseUrl,
  serviceDataSourceOptions,
  type PostgresConnectionOptions,
  type ServiceDataSourceOptions,
} from './data-source';
export { migrationLockKey, runMigrations, type MigrationLogger } from './migrate';
export { MessagingTables1795305600000, messagingTablesSql } from './messaging-tables';
export { scoped, TenancyViolation, type OfficeOwned, type ScopedRepository } from './tenancy';
export { PersistenceModule, type PersistenceModuleOptions } from './persistence.module';
export { compact, type Db, isUniqueViolation, iso, lockUntilCommit, one, rows } from './sql';
export { serviceSchema, type ServiceSchema } from './service-schema';
export { type CliContext, runServiceCli, type ServiceCli, serviceCliMain } from './service-cli';
