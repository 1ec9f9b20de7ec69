import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { makeEvent } from '@tatalaman/contracts';
import { OutboxWriter } from '@tatalaman/messaging';
import { BackgroundLoop } from '@tatalaman/service-host';
import { DataSource } from 'typeorm';
import { compact, rows } from '@tatalaman/persistence';
import { BackgroundWork } from '../common/background-work';
import { APPROVALS_OPTIONS, type ResolvedOptions } from '../common/options';
import { backoffSeconds } from '../common/backoff';
import { type QueuedEmail } from './email.channel';
import { type MailTransport, smtpTransport } from './mail-transport';

const MAX_ATTEMPTS = 8;

interface DeliveryRow {
  id: string;
  office: string;
  address: string;
  message: QueuedEmail;
  attempts: number;
}

/**
 * Sends the e-mails the e-mail channel queued, through SMTP, with retries and
 * backoff; marks each sent (and emits `notification-sent`) in one transaction.
 * A crash between the SMTP answer and that commit sends the e-mail again on
 * the next turn: at least once, never silently lost.
 */
@Injectable()
export class EmailSender implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Email');
  private readonly loop: BackgroundLoop;
  private transport?: MailTransport;

  constructor(
    private readonly ds: DataSource,
    private readonly outbox: OutboxWriter,
    background: BackgroundWork,
    @Inject(APPROVALS_OPTIONS) private readonly options: ResolvedOptions,
  ) {
    this.loop = new BackgroundLoop(
      {
        name: 'e-mail',
        intervalMs: options.pollIntervalMs,
        initialDelayMs: 0,
        maxBackoffMs: 30_000,
        logger: this.logger,
      },
      () => this.tick(),
    );
    background.register('email', this.loop);
  }

  onApplicationBootstrap(): void {
    if (!this.options.smtpUrl) return;
    this.transport = smtpTransport(this.options.smtpUrl);
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
    this.transport?.close();
  }

  async tick(): Promise<number> {
    const due = await rows<DeliveryRow>(
      this.ds,
      `UPDATE approvals.email_deliveries e SET next_attempt_at = now() + interval '120 seconds',
         attempts = e.attempts + 1
       FROM (SELECT id FROM approvals.email_deliveries
             WHERE state = 'pending' AND next_attempt_at <= now()
             ORDER BY next_attempt_at LIMIT 20 FOR UPDATE SKIP LOCKED) d
       WHERE e.id = d.id
       RETURNING e.id, e.office, e.address, e.message, e.attempts`,
    );
    for (const delivery of due) await this.send(delivery);
    return due.length;
  }

  private async send(d: DeliveryRow): Promise<void> {
    try {
      await this.transport!.send({ to: d.address, subject: d.message.subject, text: d.message.text });
    } catch (error) {
      const final = d.attempts >= MAX_ATTEMPTS;
      const reason = error instanceof Error ? error.message : String(error);
      await this.ds.query(
        `UPDATE approvals.email_deliveries SET state = CASE WHEN $3 THEN 'failed' ELSE 'pending' END,
           next_attempt_at = now() + make_interval(secs => $4), last_error = $5
         WHERE office = $1 AND id = $2`,
        [d.office, d.id, final, backoffSeconds(d.attempts), reason.slice(0, 1000)],
      );
      this.logger.warn(`e-mail ${d.id} (${d.office}) not sent, attempt ${d.attempts}: ${reason}`);
      return;
    }
    const meta = d.message.meta;
    await this.ds.transaction(async (manager) => {
      await manager.query(
        `UPDATE approvals.email_deliveries SET state = 'sent', sent_at = now(), last_error = NULL
         WHERE office = $1 AND id = $2`,
        [d.office, d.id],
      );
      await this.outbox.add(
        manager,
        makeEvent('approvals.notification-sent', {
          office: d.office,
          correlationId: meta.causeEventId,
          causationId: meta.causeEventId,
          data: compact({
            notificationId: meta.notificationId,
            userId: meta.userId,
            channel: 'email' as const,
            kind: meta.kind,
            taskId: meta.taskId,
            runId: meta.workflowId,
            causeEventId: meta.causeEventId,
          }),
        }),
      );
    });
  }
}
