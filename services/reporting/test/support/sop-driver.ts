import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Actor, type AnyEvent, type EventType, makeEvent } from '@tatalaman/contracts';
import { parseSopDefinition } from '@tatalaman/sop-language';
import type { CompiledSop } from '@tatalaman/sop-language/runtime';
import { type OfficeCalendar, zonedTimeToUtc } from '@tatalaman/working-time';
import { type DecisionKind, Engine, type RunInput } from '@tatalaman/workflows';

const definitionsDir = join(__dirname, '..', '..', '..', '..', 'workflows', 'definitions');

export const SEEDS = {
  palu: 'kpu-kota-palu.penataan-website',
  jateng: 'kpu-prov-jateng.pengelolaan-website',
  babar: 'kpu-kab-bangka-barat.publikasi-informasi-hukum',
  mentawai: 'kpu-kab-kepulauan-mentawai.pengelolaan-laman',
  ketapang: 'diskominfo-kab-ketapang.pengelolaan-website',
} as const;

const definitions = new Map<string, CompiledSop>();

/** A seed SOP definition, parsed and compiled as the registry does. */
export function loadDefinition(key: string): CompiledSop {
  const cached = definitions.get(key);
  if (cached) return cached;
  const file = join(definitionsDir, `${key}.yaml`);
  const result = parseSopDefinition(readFileSync(file, 'utf8'), { fileName: file });
  if (!result.ok || !result.definition) {
    throw new Error(`${key} does not validate: ${result.errors.map((e) => e.message.en).join('; ')}`);
  }
  definitions.set(key, result.definition);
  return result.definition;
}

export const person = (id: string, name = id): Actor => ({ kind: 'user', id, name });

/** `2026-01-05 09:30` in a zone, as epoch ms. */
export function localTime(text: string, timeZone: string): number {
  const [day, time] = text.split(' ');
  return zonedTimeToUtc(day!, time ?? '00:00', timeZone);
}

/**
 * One SOP run driven through the runtime's own pure engine: its effects become the events
 * the worker publishes (run reference added, occurredAt = the instant given), publish steps
 * finish at once with receipts (and the website publication event the publishing service
 * emits), automatic steps with a report id. Breaches and escalations fire when time moves
 * past their instants (`advance`).
 */
export class SopRun {
  readonly workflowId: string;
  readonly engine: Engine;
  readonly events: AnyEvent[] = [];
  private now = 0;

  constructor(
    readonly office: string,
    readonly definition: CompiledSop,
    calendar: OfficeCalendar,
    readonly item?: { id: string; contentType: string; title: string },
    flowId = 'item',
    period?: { from: string; to: string; label: string },
    calendarVersion?: number,
  ) {
    this.workflowId = `sop-${office}-${randomUUID().slice(0, 8)}`;
    const input: RunInput = {
      office: {
        code: office,
        calendar,
        ...(calendarVersion ? { calendarVersion, calendarUntil: '2027-12-31' } : {}),
      },
      definition,
      flowId,
      ...(item ? { item } : {}),
      startedBy: person('u-author', 'Penulis'),
      ...(period ? { period } : {}),
    };
    this.engine = new Engine(input);
  }

  start(at: number): this {
    this.now = at;
    this.engine.start(at);
    this.drain();
    return this;
  }

  /** Lets working time pass: reminders, breaches and escalations due by `at` fire at their instants. */
  advance(at: number): this {
    for (;;) {
      const wake = this.engine.nextWakeAt();
      if (wake === undefined || wake > at) break;
      this.now = Math.max(this.now, wake);
      this.engine.tick(wake);
      this.drain();
    }
    this.now = Math.max(this.now, at);
    return this;
  }

  decide(
    stepId: string,
    decision: DecisionKind,
    at: number,
    extra: { actor?: Actor; role?: string; reason?: string } = {},
  ): this {
    this.advance(at);
    const open = this.engine.state.open.find((o) => o.stepId === stepId);
    if (!open) throw new Error(`${stepId} is not open in ${this.workflowId}`);
    const role = extra.role ?? open.roles[0]!;
    const request = {
      stepId,
      decision,
      role,
      actor: extra.actor ?? person(`u-${role}`, `Pejabat ${role}`),
      idempotencyKey: randomUUID(),
      ...(extra.reason ? { reason: extra.reason } : {}),
    };
    const refused = this.engine.validate(request);
    if (refused) throw new Error(`${stepId} ${decision}: ${refused.code}`);
    this.engine.decide(request, at);
    this.drain();
    return this;
  }

  cancel(at: number, reason: string, actor: Actor = person('u-admin', 'Admin Kantor')): this {
    this.advance(at);
    const request = { actor, reason, idempotencyKey: randomUUID() };
    const refused = this.engine.validateCancel(request);
    if (refused) throw new Error(`cancel: ${refused.code}`);
    this.engine.cancel(request, at);
    this.drain();
    return this;
  }

  /** A newer office calendar reaches the run (the runtime's `calendar` Update). */
  changeCalendar(calendar: OfficeCalendar, version: number, at: number): this {
    this.advance(at);
    const update = { calendar, version, until: '2027-12-31' };
    const refused = this.engine.validateCalendar(update);
    if (refused) throw new Error(`calendar: ${refused.code}`);
    this.engine.applyCalendar(update, at);
    this.drain();
    return this;
  }

  /** Open attempt of a step (for claims). */
  attemptOf(stepId: string): number {
    const open = this.engine.state.open.find((o) => o.stepId === stepId);
    if (!open) throw new Error(`${stepId} is not open`);
    return open.attempt;
  }

  /** A person claims the open task of a step (the approvals service's event). */
  claim(stepId: string, at: number, who: Actor): AnyEvent {
    const event = makeEvent('approvals.task-claimed', {
      office: this.office,
      actor: who,
      occurredAt: new Date(at),
      data: {
        taskId: randomUUID(),
        runId: this.workflowId,
        stepId,
        attempt: this.attemptOf(stepId),
        userId: who.id,
        ...(who.name ? { userName: who.name } : {}),
      },
    });
    this.events.push(event);
    return event;
  }

  private drain(): void {
    while (this.engine.effects.length) {
      const batch = this.engine.effects.splice(0);
      for (const effect of batch) {
        if (effect.type === 'event') {
          const type = `runs.${effect.name}` as EventType;
          this.events.push(
            makeEvent(type as 'runs.run-started', {
              office: this.office,
              correlationId: this.workflowId,
              occurredAt: new Date(this.now),
              data: {
                workflowId: this.workflowId,
                definitionKey: this.definition.key,
                definitionVersion: this.definition.version,
                flowId: this.engine.flow.id,
                ...(this.item ? { itemId: this.item.id } : {}),
                ...effect.data,
              } as never,
            }),
          );
        } else if (effect.type === 'publish') {
          const publishedAt = new Date(this.now).toISOString();
          const receipts = effect.channels.map((channel) => ({
            channel,
            url:
              channel === 'website'
                ? `https://${this.office}.laman.example/berita/${this.item!.id}`
                : `https://social.example/${this.office}/${this.item!.id}`,
            publishedAt,
            status: 'published' as const,
          }));
          if (effect.channels.includes('website')) {
            this.events.push(
              makeEvent('publishing.publication-published', {
                office: this.office,
                occurredAt: new Date(this.now),
                data: {
                  publicationId: randomUUID(),
                  itemId: this.item!.id,
                  revisionId: randomUUID(),
                  path: `/berita/${this.item!.id}`,
                },
              }),
            );
          }
          this.engine.activityDone(effect.stepId, effect.attempt, { receipts }, this.now);
        } else {
          this.engine.activityDone(
            effect.stepId,
            effect.attempt,
            { reportId: randomUUID(), title: effect.report },
            this.now,
          );
        }
      }
    }
  }
}

/** A batch of page views as the publishing service sends it. */
export function pageViews(
  office: string,
  windowStart: number,
  counts: { itemId?: string; path: string; views: number }[],
): AnyEvent {
  return makeEvent('publishing.page-viewed', {
    office,
    occurredAt: new Date(windowStart + 60_000),
    data: {
      windowStart: new Date(windowStart).toISOString(),
      windowEnd: new Date(windowStart + 60_000).toISOString(),
      counts,
    },
  });
}
