import { type INestApplicationContext, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type Config, loadConfig } from '@tatalaman/config';
import { ServiceLogger } from '@tatalaman/service-host';
import { type DataSource } from 'typeorm';
import { createServiceDataSource, resolveDatabaseUrl } from './data-source';
import { runMigrations } from './migrate';
import { type ServiceSchema } from './service-schema';

/** What a verb of a service's CLI works with. */
export interface CliContext {
  config: Config;
  /** The service's logger (LOG_LEVEL, LOG_FORMAT), also for a Nest application context. */
  logger: ServiceLogger;
  /** The service's schema on a small pool of its own, opened on first use, closed when the verb ends. */
  dataSource(): Promise<DataSource>;
  /** Applies the pending migrations under the migration lock, logging each; the names applied. */
  migrate(): Promise<string[]>;
  /** False, after saying so on stderr, while migrations are pending. */
  migrated(): Promise<boolean>;
  /** Runs `use` with a Nest application context of `module` (domain code without transports), then closes it. */
  withApp<T>(module: Type<unknown>, use: (app: INestApplicationContext) => Promise<T>): Promise<T>;
}

/** A service's `cli.js`: its schema and its own verbs besides `migrate`. */
export interface ServiceCli {
  service: string;
  persistence: ServiceSchema;
  /** Each answers its exit code. */
  verbs: Record<string, (cli: CliContext) => Promise<number>>;
}

/**
 * The command line of every service with a schema (`cli.js migrate`, then `cli.js seed-demo`
 * when the stack starts). `migrate` is the same for all; the service adds its verbs. Exit
 * codes: 0 done, 1 failed, 2 not a verb.
 */
export async function serviceCliMain(cli: ServiceCli, verb: string | undefined): Promise<number> {
  const own = verb !== undefined && Object.hasOwn(cli.verbs, verb) ? cli.verbs[verb] : undefined;
  if (verb !== 'migrate' && !own) {
    process.stderr.write(`usage: cli.js ${['migrate', ...Object.keys(cli.verbs)].join(' | ')}\n`);
    return 2;
  }
  const config = loadConfig();
  const logger = new ServiceLogger(cli.service, config.LOG_LEVEL, config.LOG_FORMAT);
  let opened: Promise<DataSource> | undefined;
  const dataSource = () =>
    (opened ??= createServiceDataSource({
      url: resolveDatabaseUrl(config),
      ...cli.persistence,
      poolSize: 4,
      applicationName: `${cli.service}-cli`,
    }).initialize());
  const context: CliContext = {
    config,
    logger,
    dataSource,
    migrate: async () => runMigrations(await dataSource(), { log: (m) => logger.log(m, 'Migrations') }),
    migrated: async () => {
      if (!(await (await dataSource()).showMigrations())) return true;
      process.stderr.write(`${cli.service}: the schema is not migrated; run \`cli.js migrate\` first\n`);
      return false;
    },
    withApp: async (module, use) => {
      const app = await NestFactory.createApplicationContext(module, { logger });
      try {
        return await use(app);
      } finally {
        await app.close();
      }
    },
  };
  try {
    if (own) return await own(context);
    const applied = await context.migrate();
    logger.log(applied.length ? `applied ${applied.join(', ')}` : 'schema up to date', 'Migrate');
    return 0;
  } finally {
    await opened?.then(
      (ds) => ds.destroy(),
      () => undefined,
    );
  }
}

/** Runs the verb named on the command line and exits with its code; a failure is one line on stderr. */
export function runServiceCli(cli: ServiceCli): void {
  const verb = process.argv[2];
  serviceCliMain(cli, verb).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(
        `${cli.service} ${verb ?? ''} failed: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
