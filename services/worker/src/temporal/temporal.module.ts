import { Global, Module, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '@tatalaman/config';
import { HealthRegistry } from '@tatalaman/service-host';
import { ensureSearchAttributes } from './search-attributes';
import { TEMPORAL_CLIENT, TEMPORAL_SETTINGS, type TemporalSettings } from './temporal.tokens';

const TEMPORAL_CONNECTION = Symbol('TEMPORAL_CONNECTION');

@Global()
@Module({
  providers: [
    {
      provide: TEMPORAL_SETTINGS,
      useFactory: (): TemporalSettings => {
        const c = loadConfig();
        return {
          address: c.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
          namespace: c.TEMPORAL_NAMESPACE,
          taskQueue: c.TEMPORAL_TASK_QUEUE,
        };
      },
    },
    {
      provide: TEMPORAL_CONNECTION,
      inject: [TEMPORAL_SETTINGS, HealthRegistry],
      useFactory: async (settings: TemporalSettings, health: HealthRegistry) => {
        const connection = await Connection.connect({ address: settings.address });
        await ensureSearchAttributes(connection, settings.namespace);
        health.register('temporal', async () => {
          const info = await connection.workflowService.getSystemInfo({});
          return info.serverVersion ?? undefined;
        });
        return connection;
      },
    },
    {
      provide: TEMPORAL_CLIENT,
      inject: [TEMPORAL_CONNECTION, TEMPORAL_SETTINGS],
      useFactory: (connection: Connection, settings: TemporalSettings) =>
        new Client({ connection, namespace: settings.namespace }),
    },
  ],
  exports: [TEMPORAL_CLIENT, TEMPORAL_SETTINGS],
})
export class TemporalModule implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CONNECTION) private readonly connection: Connection) {}

  async onApplicationShutdown() {
    await this.connection.close();
  }
}
