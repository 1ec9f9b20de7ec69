import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { type RunSummary } from '@tatalaman/contracts';
import { CommandClient, RemoteError } from '@tatalaman/messaging';
import { BackgroundLoop } from '@tatalaman/service-host';
import { DataSource } from 'typeorm';
import { rows } from '@tatalaman/persistence';
import { BackgroundWork } from '../common/background-work';
import { APPROVALS_OPTIONS, type ResolvedOptions } from '../common/options';
import { backoffSeconds } from '../common/backoff';

const MAX_ATTEMPTS = 10;

interface LeasedRun {
  office: string;
  workflow_id: string;
  details_attempts: number;
  details_version: number;
}

/**
 * What the runs events do not carry: the item's title and content type, the
 * definition's title and the steps' descriptions. Asked of the runtime
 * (`worker.run.get`) after the events are applied, never inside them, so a slow
 * or absent worker delays only these labels, not the inbox. A step description
 * is kept per definition version, so later runs of it need no question.
 */
@Injectable()
export class RunDetailsFetcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('RunDetails');
  private readonly loop: BackgroundLoop;

  constructor(
    private readonly ds: DataSource,
    private readonly commands: CommandClient,
    background: BackgroundWork,
    @Inject(APPROVALS_OPTIONS) options: ResolvedOptions,
  ) {
    this.loop = new BackgroundLoop(
      {
        name: 'run details',
        intervalMs: options.pollIntervalMs,
        initialDelayMs: 0,
        maxBackoffMs: 30_000,
        logger: this.logger,
      },
      () => this.tick(),
    );
    background.register('run-details', this.loop);
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** One batch: lease due runs (skipping rows a projection transaction holds), fetch each. */
  async tick(): Promise<number> {
    const leased = await rows<LeasedRun>(
      this.ds,
      `UPDATE approvals.runs r SET details_next_at = now() + interval '30 seconds',
         details_attempts = r.details_attempts + 1
       FROM (SELECT office, workflow_id FROM approvals.runs
             WHERE details_state = 'pending' AND details_next_at <= now()
             ORDER BY details_next_at LIMIT 20 FOR UPDATE SKIP LOCKED) due
       WHERE r.office = due.office AND r.workflow_id = due.workflow_id
       RETURNING r.office, r.workflow_id, r.details_attempts, r.details_version`,
    );
    await Promise.all(leased.map((run) => this.fetch(run)));
    return leased.length;
  }

  private async fetch(run: LeasedRun): Promise<void> {
    let summary: RunSummary;
    try {
      summary = await this.commands.send(
        'worker.run.get',
        { office: run.office, workflowId: run.workflow_id },
        { timeoutMs: 5000 },
      );
    } catch (error) {
      const final =
        (error instanceof RemoteError && error.status === 404) || run.details_attempts >= MAX_ATTEMPTS;
      const reason = error instanceof Error ? error.message : String(error);
      await this.ds.query(
        `UPDATE approvals.runs SET details_state = CASE WHEN $3 THEN 'failed' ELSE 'pending' END,
           details_next_at = now() + make_interval(secs => $4), details_error = $5
         WHERE office = $1 AND workflow_id = $2`,
        [run.office, run.workflow_id, final, backoffSeconds(run.details_attempts), reason.slice(0, 1000)],
      );
      if (final) this.logger.warn(`no details for run ${run.workflow_id} (${run.office}): ${reason}`);
      return;
    }
    await this.ds.transaction(async (manager) => {
      const definition = await rows<{ definition_key: string; definition_version: number }>(
        manager,
        `UPDATE approvals.runs SET definition_title = $3, item_id = coalesce(item_id, $4), item_title = $5,
           content_type = $6, details_error = NULL,
           details_state = CASE WHEN details_version = $7 THEN 'done' ELSE 'pending' END,
           details_next_at = CASE WHEN details_version = $7 THEN details_next_at ELSE now() END,
           updated_at = now()
         WHERE office = $1 AND workflow_id = $2
         RETURNING definition_key, definition_version`,
        [
          run.office,
          run.workflow_id,
          summary.definition.title,
          summary.item?.id ?? null,
          summary.item?.title ?? null,
          summary.item?.contentType ?? null,
          run.details_version,
        ],
      );
      const def = definition[0];
      if (!def) return;
      for (const step of summary.open) {
        if (!step.description) continue;
        await manager.query(
          `INSERT INTO approvals.step_descriptions (office, definition_key, definition_version, step_id, description)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (office, definition_key, definition_version, step_id) DO UPDATE SET description = EXCLUDED.description`,
          [run.office, def.definition_key, def.definition_version, step.stepId, step.description],
        );
      }
      await manager.query(
        `UPDATE approvals.tasks t SET description = s.description, updated_at = now()
         FROM approvals.step_descriptions s
         WHERE t.office = $1 AND t.workflow_id = $2 AND t.description IS NULL
           AND s.office = t.office AND s.definition_key = t.definition_key
           AND s.definition_version = t.definition_version AND s.step_id = t.step_id`,
        [run.office, run.workflow_id],
      );
    });
  }
}
