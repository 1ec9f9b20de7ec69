import { Inject, Injectable, Logger } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/activity';
import { eventSubject, makeEvent, type EventType } from '@tatalaman/contracts';
import { CommandClient, JETSTREAM, RemoteError } from '@tatalaman/messaging';
import type {
  AutomaticStepRequest,
  CalendarUpdate,
  OfficeCalendarRequest,
  PublishStepRequest,
  RunActivities,
  RunEventRecord,
} from '@tatalaman/workflows';
import { calendarUpdateOf } from '../runs/office-input';
import type { JetStreamClient } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';

/**
 * The interpreter's side effects. Each is safe to retry: events carry ids that
 * JetStream de-duplicates (and consumers remember), and commands to other
 * services carry idempotency keys derived from run, step and attempt.
 */
@Injectable()
export class RunActivitiesImpl implements RunActivities {
  private readonly logger = new Logger('RunActivities');

  constructor(
    @Inject(JETSTREAM) private readonly js: JetStreamClient,
    private readonly commands: CommandClient,
  ) {}

  async emitRunEvents(events: RunEventRecord[]): Promise<void> {
    // Published together (pipelined) but acknowledged all before returning, so a
    // batch is either stored or retried as a whole with the same ids.
    await Promise.all(
      events.map((record) => {
        const type = `runs.${record.name}` as EventType;
        const { workflowId, definitionKey, definitionVersion, flowId, itemId } = record.run;
        const event = makeEvent(type as 'runs.run-started', {
          office: record.run.office,
          correlationId: workflowId,
          data: { workflowId, definitionKey, definitionVersion, flowId, itemId, ...record.data } as never,
        });
        // The record's id (deterministic in the workflow) replaces the generated one.
        const envelope = { ...event, id: record.id, occurredAt: record.occurredAt };
        const h = headers();
        h.set('Nats-Msg-Id', record.id);
        return this.js.publish(
          eventSubject(record.run.office, 'runs', record.name),
          JSON.stringify(envelope),
          {
            msgID: record.id,
            headers: h,
          },
        );
      }),
    );
  }

  async publishStep(request: PublishStepRequest): Promise<unknown> {
    return this.call('publishing.step.publish', request.idempotencyKey, {
      office: request.run.office,
      idempotencyKey: request.idempotencyKey,
      itemId: request.item.id,
      revision: request.item.revision,
      channels: request.channels,
      run: {
        workflowId: request.run.workflowId,
        stepId: request.stepId,
        definitionKey: request.run.definitionKey,
      },
    });
  }

  async automaticStep(request: AutomaticStepRequest): Promise<unknown> {
    const run = {
      workflowId: request.run.workflowId,
      stepId: request.stepId,
      definitionKey: request.run.definitionKey,
    };
    switch (request.action) {
      case 'generate-report':
        if (!request.report) break;
        return this.call('reporting.report.generate', request.idempotencyKey, {
          office: request.run.office,
          idempotencyKey: request.idempotencyKey,
          report: request.report,
          period: request.period,
          run,
        });
      case 'notify':
        if (!request.recipients?.length) break;
        // Through the notifications of approvals (in-app, e-mail): the step's recipients are told.
        return this.call('approvals.notifications.send', request.idempotencyKey, {
          office: request.run.office,
          idempotencyKey: request.idempotencyKey,
          workflowId: request.run.workflowId,
          stepId: request.stepId,
          roles: request.recipients,
          step: request.step ?? { number: 0, description: request.stepId },
          about: request.about,
        });
    }
    // A definition can only name actions the language knows (and the fields they need);
    // anything else is a bug worth surfacing in the run rather than retrying forever.
    throw ApplicationFailure.nonRetryable(
      `Automatic action "${request.action}" cannot be done as defined`,
      'unknown-action',
    );
  }

  /** The office's current calendar, for a run whose copy's holidays are about to run out. */
  async officeCalendar(request: OfficeCalendarRequest): Promise<CalendarUpdate> {
    const view = await this.call('gateway.office.get', `calendar-${request.office}`, {
      office: request.office,
    });
    return calendarUpdateOf(view as Parameters<typeof calendarUpdateOf>[0]);
  }

  private async call<
    K extends
      | 'publishing.step.publish'
      | 'reporting.report.generate'
      | 'approvals.notifications.send'
      | 'gateway.office.get',
  >(
    name: K,
    idempotencyKey: string,
    request: Parameters<CommandClient['send']>[1] & object,
  ): Promise<unknown> {
    try {
      return await this.commands.send(name, request as never, { idempotencyKey, timeoutMs: 30_000 });
    } catch (error) {
      // 4xx: the other side refuses this request as such; retrying will not help.
      if (error instanceof RemoteError && error.status >= 400 && error.status < 500) {
        throw ApplicationFailure.nonRetryable(error.message, error.code, error.toReply());
      }
      this.logger.warn(
        `${name} failed, will retry: ${error instanceof Error ? error.message : String(error)}`,
      );
      throw error;
    }
  }

  /** The object Temporal's worker registers (bound methods). */
  asActivities(): RunActivities {
    return {
      emitRunEvents: (e) => this.emitRunEvents(e),
      publishStep: (r) => this.publishStep(r),
      automaticStep: (r) => this.automaticStep(r),
      officeCalendar: (r) => this.officeCalendar(r),
    };
  }
}
