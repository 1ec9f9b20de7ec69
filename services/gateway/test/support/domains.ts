import { randomUUID } from 'node:crypto';
import { type CommandName, commandErrorReply } from '@tatalaman/contracts';
import { serveCommand, type ServedCommand } from '@tatalaman/testing';
import type { NatsConnection } from '@nats-io/transport-node';

/** Kinds of records the domain services keep, with the field naming them in requests and their 404. */
const KINDS = {
  item: { field: 'itemId', code: 'item-not-found' },
  attachment: { field: 'attachmentId', code: 'attachment-not-found' },
  definition: { field: 'key', code: 'definition-not-found' },
  activation: { field: 'activationId', code: 'activation-not-found' },
  contentType: { field: 'contentType', code: 'no-active-definition' },
  task: { field: 'taskId', code: 'task-not-found' },
  run: { field: 'workflowId', code: 'run-not-found' },
  report: { field: 'reportId', code: 'report-not-found' },
  problem: { field: 'problemId', code: 'problem-not-found' },
} as const;
type Kind = keyof typeof KINDS;

/**
 * Commands of the domain services the gateway's API sends, and the records each one names
 * (every command an office route sends with a record id in its path must be here).
 */
const COMMANDS: [CommandName, Kind[]][] = [
  ['content.item.create', []],
  ['content.item.update', ['item']],
  ['content.item.get', ['item']],
  ['content.item.list', []],
  ['content.item.submit', ['item']],
  ['content.item.withdraw', ['item']],
  ['content.revision.list', ['item']],
  ['content.revision.get', ['item']],
  ['content.revision.diff', ['item']],
  ['content.attachment.upload', ['item']],
  ['content.attachment.begin-upload', ['item']],
  ['content.attachment.upload-slot', ['attachment']],
  ['content.attachment.register', ['attachment']],
  ['content.attachment.get', ['attachment']],
  ['content.attachment.list', ['item']],
  ['content.attachment.download', ['attachment']],
  ['content.attachment.update', ['attachment']],
  ['content.attachment.delete', ['attachment']],
  ['sop-registry.definition.upload', []],
  ['sop-registry.definition.list', []],
  ['sop-registry.definition.versions', ['definition']],
  ['sop-registry.definition.get', ['definition']],
  ['sop-registry.definition.resolve', ['contentType']],
  ['sop-registry.definition.diff', ['definition']],
  ['sop-registry.definition.diagram', ['definition']],
  ['sop-registry.definition.sheet', ['definition']],
  ['sop-registry.activation.activate', ['definition']],
  ['sop-registry.activation.retire', ['activation']],
  ['sop-registry.activation.list', []],
  ['sop-registry.activation.get', ['activation']],
  ['sop-registry.content-type.list', []],
  ['approvals.inbox.list', []],
  ['approvals.inbox.counts', []],
  ['approvals.task.get', ['task']],
  ['approvals.task.claim', ['task']],
  ['approvals.task.release', ['task']],
  ['approvals.task.decide', ['task']],
  ['approvals.tasks.bulk-decide', []],
  ['approvals.comment.add', ['task', 'run']],
  ['approvals.comments.list', ['task', 'run']],
  ['approvals.history.run', ['run']],
  ['approvals.history.search', []],
  ['approvals.notifications.list', []],
  ['approvals.notifications.mark-read', []],
  ['worker.runs.list', []],
  ['worker.run.get', ['run']],
  ['worker.run.cancel', ['run']],
  ['worker.run.decide', ['run']],
  ['worker.flow.start', []],
  ['publishing.publication.list', []],
  ['publishing.publication.correct', ['item']],
  ['publishing.publication.retract', ['item']],
  ['publishing.schedule.set', ['item']],
  ['publishing.schedule.cancel', ['item']],
  ['publishing.schedule.list', []],
  ['publishing.views.list', []],
  ['reporting.reports.list', []],
  ['reporting.report.download', ['report']],
  ['reporting.problems.list', []],
  ['reporting.problem.get', ['problem']],
  ['reporting.problem.create', []],
  ['reporting.problem.update', ['problem']],
];

export interface DomainRecord {
  office: string;
  kind: Kind;
  id: string;
}

/**
 * The content, SOP registry, approvals, runtime, publishing and reporting services at their contract
 * boundary, as far as tenancy goes: they hold records of offices, and a request names
 * a record only in the record's own office. A record named from another office is the
 * service's 404 (as the real services answer); one named from its own office comes back
 * (`{ leaked: record }`), so a gateway that sent the wrong office would show. Every call
 * is recorded.
 */
export class DomainServices {
  private readonly records: DomainRecord[] = [];
  private readonly served: ServedCommand<CommandName>[] = [];
  readonly calls: { command: CommandName; office: unknown; names: string[] }[] = [];

  constructor(nc: NatsConnection) {
    for (const [command, kinds] of COMMANDS) {
      this.served.push(
        serveCommand(nc, command, (request) => {
          const req = request as Record<string, unknown>;
          const named = kinds
            .map((kind) => ({ kind, value: req[KINDS[kind].field] }))
            .filter((n): n is { kind: Kind; value: string } => typeof n.value === 'string');
          this.calls.push({ command, office: req.office, names: named.map((n) => n.value) });
          for (const { kind, value } of named) {
            const record = this.records.find((r) => r.kind === kind && r.id === value);
            if (!record || record.office !== req.office) {
              throw commandErrorReply(404, KINDS[kind].code, {
                id: 'Tidak ditemukan.',
                en: 'Not found.',
              });
            }
          }
          const found = named.length
            ? this.records.find((r) => r.id === named[0]!.value)
            : { office: String(req.office), kind: 'none', id: '' };
          return { leaked: found } as never;
        }),
      );
    }
  }

  /** Records of each kind in an office; the ids to use in paths (`itemId`, `key`, `version`…). */
  seed(office: string): Record<string, string> {
    const ids: Record<string, string> = {
      itemId: randomUUID(),
      attachmentId: randomUUID(),
      key: `${office}.berita`,
      activationId: randomUUID(),
      contentType: `khusus-${office}`,
      taskId: randomUUID(),
      workflowId: `sop-${office}-${randomUUID().replace(/-/g, '').slice(0, 20)}`,
      reportId: randomUUID(),
      problemId: randomUUID(),
    };
    for (const [kind, { field }] of Object.entries(KINDS) as [Kind, { field: string }][])
      this.records.push({ office, kind, id: ids[field]! });
    // A step of a run is named by the run (stepId is not a record of its own).
    return { ...ids, revision: '1', version: '1', stepId: 'unggah' };
  }

  stop(): void {
    for (const s of this.served) s.stop();
  }
}
