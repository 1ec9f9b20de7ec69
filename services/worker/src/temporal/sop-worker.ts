import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { loadWorkflowBundle } from '@tatalaman/workflows/bundle';
import { RunActivitiesImpl } from '../activities/run-activities';
import { TEMPORAL_SETTINGS, type TemporalSettings } from './temporal.tokens';

let runtimeConfigured = false;

/** Routes the Temporal core's logs into ours at warn level and above; its info chatter is noise here. */
function configureRuntime() {
  if (runtimeConfigured) return;
  runtimeConfigured = true;
  const logger = new Logger('TemporalWorker');
  Runtime.install({
    logger: {
      log: (level, message) =>
        level === 'ERROR' ? logger.error(message) : level === 'WARN' ? logger.warn(message) : undefined,
      trace: () => undefined,
      debug: () => undefined,
      info: () => undefined,
      warn: (m) => logger.warn(m),
      error: (m) => logger.error(m),
    },
  });
}

/**
 * Hosts the SOP interpreter. The worker starts after Nest has bootstrapped (so
 * `listen` is not blocked by `worker.run()`), and on shutdown stops polling and
 * waits for in-flight tasks before the NATS connection it needs is closed.
 */
@Injectable()
export class SopWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SopWorker');
  private worker?: Worker;
  private running?: Promise<void>;
  private connection?: NativeConnection;

  constructor(
    @Inject(TEMPORAL_SETTINGS) private readonly settings: TemporalSettings,
    private readonly activities: RunActivitiesImpl,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    configureRuntime();
    this.connection = await NativeConnection.connect({ address: this.settings.address });
    const options: WorkerOptions = {
      connection: this.connection,
      namespace: this.settings.namespace,
      taskQueue: this.settings.taskQueue,
      workflowBundle: await loadWorkflowBundle(),
      activities: this.activities.asActivities(),
      // Several runs' decisions land together on a busy day; let them be processed side by side.
      maxConcurrentWorkflowTaskExecutions: 40,
      maxConcurrentActivityTaskExecutions: 100,
    };
    this.worker = await Worker.create(options);
    this.running = this.worker.run().catch((error: unknown) => {
      this.logger.error(
        `worker stopped with an error: ${error instanceof Error ? error.message : String(error)}`,
      );
      throw error;
    });
    this.logger.log(`polling task queue ${this.settings.taskQueue} on ${this.settings.address}`);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running?.catch(() => undefined);
    await this.connection?.close();
  }

  get state(): string {
    return this.worker?.getState() ?? 'INITIALIZED';
  }
}
