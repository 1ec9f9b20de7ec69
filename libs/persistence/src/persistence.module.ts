import { type DynamicModule, Injectable, Logger, Module, type OnModuleInit, Optional } from '@nestjs/common';
import { HealthRegistry } from '@tatalaman/service-host';
import { TypeOrmModule } from '@nestjs/typeorm';
import { loadConfig } from '@tatalaman/config';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { resolveDatabaseUrl, serviceDataSourceOptions } from './data-source';
import { runMigrations } from './migrate';
import { type ServiceSchema } from './service-schema';

/** A service's `serviceSchema(...)`, and how to reach the database. */
export interface PersistenceModuleOptions extends ServiceSchema {
  poolSize?: number;
  /** Defaults to DATABASE_URL (+ DATABASE_NAME when the URL names no database). */
  url?: string;
}

/** Errors worth retrying at start-up: the server is not there (yet), not a broken migration. */
function isConnectionError(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code ?? '';
  return ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', '57P03'].includes(code);
}

/** Reports the database on the service's /health. */
@Injectable()
class PersistenceHealth implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    @Optional() private readonly health?: HealthRegistry,
  ) {}

  onModuleInit() {
    this.health?.register('postgres', async () => {
      await this.dataSource.query('SELECT 1');
    });
  }
}

@Module({})
export class PersistenceModule {
  /**
   * The service's DataSource, connected and migrated before the application
   * listens (Nest resolves this provider during module initialisation).
   * Inject `DataSource`, or repositories with `@InjectRepository(Entity)`.
   */
  static forService(options: PersistenceModuleOptions): DynamicModule {
    const logger = new Logger(`Persistence:${options.schema}`);
    return {
      module: PersistenceModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...serviceDataSourceOptions({
              ...options,
              url: options.url ?? resolveDatabaseUrl(loadConfig()),
            }),
            retryAttempts: 10,
            retryDelay: 1000,
            toRetry: isConnectionError,
          }),
          dataSourceFactory: async (dsOptions?: DataSourceOptions) => {
            if (!dsOptions) throw new Error('PersistenceModule: no DataSource options.');
            const dataSource = await new DataSource(dsOptions).initialize();
            try {
              await runMigrations(dataSource, logger);
            } catch (e) {
              await dataSource.destroy();
              throw e;
            }
            return dataSource;
          },
        }),
        TypeOrmModule.forFeature(options.entities),
      ],
      providers: [PersistenceHealth],
      exports: [TypeOrmModule],
    };
  }
}
