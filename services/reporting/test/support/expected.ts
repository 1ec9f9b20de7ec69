import { type AnyEvent, type EventOf } from '@tatalaman/contracts';
import { localDate, type OfficeCalendar, workingMillisBetween } from '@tatalaman/working-time';

/**
 * The figures of docs/reporting.md computed straight from the raw events of one office,
 * independently of the service's projections: the test's yardstick.
 */

const t = (iso: string) => Date.parse(iso);
const r4 = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 10000) / 10000 : null);

interface Attempt {
  workflowId: string;
  stepId: string;
  attempt: number;
  kind?: string;
  number?: number;
  openedAt?: number;
  dueAt?: number;
  targetAt?: number;
  cause?: { kind: string; from?: string };
  completed?: EventOf<'runs.step-completed'>;
  completedAt?: number;
  postponedAt?: number;
  breachedAt?: number;
  escalatedAt?: number;
  claimAt?: number;
}

export interface ExpectedStep {
  closed: number;
  timed: number;
  withinLimit: number;
  withinTarget: number;
  waitingMs: number;
  workingMs: number;
  reworkMs: number;
  sendBacks: number;
  breached: number;
  handoffs: number;
  savedMinutes: number;
}

export interface Expected {
  itemsSubmitted: number;
  runsCompleted: number;
  runsCancelled: number;
  posts: number;
  itemsPublished: number;
  postsByTypeAndChannel: { contentType: string; channel: string; posts: number }[];
  views: number;
  closed: number;
  timed: number;
  withinLimit: number;
  withinTarget: number;
  compliance: number | null;
  breaches: number;
  escalations: number;
  sendBacks: { fromStep: string; toStep: string; reason?: string }[];
  postponements: number;
  postponedTitles: { itemId?: string; status: string }[];
  waitingMs: number;
  workingMs: number;
  reworkMs: number;
  handoffs: number;
  savedMinutes: number;
  cycle: { count: number; avgWorkingMs: number | null; medianWorkingMs: number | null };
  /** Per `definitionKey/stepId`; rework charged to the step that sent the item back. */
  steps: Map<string, ExpectedStep>;
  /** Rework per role and per person of the send-back decision. */
  reworkByRole: Map<string, number>;
  reworkByPerson: Map<string, number>;
}

export function expectedFor(
  events: AnyEvent[],
  calendar: OfficeCalendar,
  month: string,
  monthEnd: { from: number; to: number },
): Expected {
  const tz = calendar.timeZone;
  const inMonth = (ms: number | undefined) => ms !== undefined && localDate(ms, tz).slice(0, 7) === month;
  const contentTypeOf = new Map<string, string>();
  const attempts = new Map<string, Attempt>();
  const key = (w: string, s: string, a: number) => `${w}|${s}|${a}`;
  const get = (w: string, s: string, a: number) => {
    const k = key(w, s, a);
    let x = attempts.get(k);
    if (!x) {
      x = { workflowId: w, stepId: s, attempt: a };
      attempts.set(k, x);
    }
    return x;
  };
  const posts = new Map<string, number>();
  const post = (item: string, channel: string, at: number) => {
    const k = `${item}|${channel}`;
    posts.set(k, Math.min(posts.get(k) ?? Infinity, at));
  };
  let itemsSubmitted = 0;
  let runsCompleted = 0;
  let runsCancelled = 0;
  let views = 0;
  let breaches = 0;
  let escalations = 0;
  let postponements = 0;
  const cycles: { working: number }[] = [];
  const defOf = new Map<string, string>();

  for (const e of events) {
    const at = t(e.occurredAt);
    switch (e.type) {
      case 'runs.run-started':
        defOf.set(e.data.workflowId, e.data.definitionKey);
        if (e.data.item) {
          contentTypeOf.set(e.data.item.id, e.data.item.contentType);
          if (inMonth(at)) itemsSubmitted++;
        }
        break;
      case 'runs.run-ended':
        if (e.data.itemId && inMonth(at)) {
          if (e.data.outcome === 'completed') {
            runsCompleted++;
            cycles.push({ working: e.data.workingMs });
          }
          if (e.data.outcome === 'cancelled') runsCancelled++;
        }
        break;
      case 'runs.step-opened': {
        const a = get(e.data.workflowId, e.data.stepId, e.data.attempt);
        a.kind = e.data.kind;
        a.number = e.data.number;
        a.openedAt = at;
        a.dueAt = e.data.dueAt ? t(e.data.dueAt) : undefined;
        a.targetAt = e.data.targetAt ? t(e.data.targetAt) : undefined;
        a.cause = e.data.cause;
        break;
      }
      case 'runs.step-completed': {
        const a = get(e.data.workflowId, e.data.stepId, e.data.attempt);
        a.kind = e.data.kind;
        a.completed = e;
        a.completedAt = at;
        if (e.data.kind === 'publish' && e.data.itemId) {
          for (const r of (e.data.result as { receipts: { channel: string; publishedAt: string }[] })
            .receipts)
            post(e.data.itemId, r.channel, t(r.publishedAt));
        }
        break;
      }
      case 'runs.step-postponed':
        get(e.data.workflowId, e.data.stepId, e.data.attempt).postponedAt = at;
        if (inMonth(at)) postponements++;
        break;
      case 'runs.step-breached':
        get(e.data.workflowId, e.data.stepId, e.data.attempt).breachedAt = at;
        if (inMonth(at)) breaches++;
        break;
      case 'runs.step-escalated':
        get(e.data.workflowId, e.data.stepId, e.data.attempt).escalatedAt = at;
        if (inMonth(at)) escalations++;
        break;
      case 'approvals.task-claimed': {
        const a = get(e.data.runId, e.data.stepId, e.data.attempt!);
        a.claimAt = Math.min(a.claimAt ?? Infinity, at);
        break;
      }
      case 'publishing.publication-published':
        post(e.data.itemId, 'website', at);
        break;
      case 'publishing.page-viewed':
        if (inMonth(t(e.data.windowStart))) for (const c of e.data.counts) views += c.views;
        break;
      default:
        break;
    }
  }

  const postsByTypeAndChannel = new Map<string, number>();
  const itemFirst = new Map<string, number>();
  let postCount = 0;
  for (const [k, at] of posts) {
    const [item, channel] = k.split('|') as [string, string];
    itemFirst.set(item, Math.min(itemFirst.get(item) ?? Infinity, at));
    if (!inMonth(at)) continue;
    postCount++;
    const g = `${contentTypeOf.get(item) ?? ''}|${channel}`;
    postsByTypeAndChannel.set(g, (postsByTypeAndChannel.get(g) ?? 0) + 1);
  }

  const steps = new Map<string, ExpectedStep>();
  const step = (k: string) => {
    let s = steps.get(k);
    if (!s) {
      s = {
        closed: 0,
        timed: 0,
        withinLimit: 0,
        withinTarget: 0,
        waitingMs: 0,
        workingMs: 0,
        reworkMs: 0,
        sendBacks: 0,
        breached: 0,
        handoffs: 0,
        savedMinutes: 0,
      };
      steps.set(k, s);
    }
    return s;
  };
  const sendersAt = new Map<string, EventOf<'runs.step-completed'>>();
  for (const a of attempts.values()) {
    if (a.completed?.data.decision === 'send-back')
      sendersAt.set(`${a.workflowId}|${a.stepId}|${a.completedAt}`, a.completed);
  }
  const out = {
    closed: 0,
    timed: 0,
    withinLimit: 0,
    withinTarget: 0,
    waitingMs: 0,
    workingMs: 0,
    reworkMs: 0,
    handoffs: 0,
    savedMinutes: 0,
  };
  const sendBacks: Expected['sendBacks'] = [];
  const postponedTitles: Expected['postponedTitles'] = [];
  const reworkByRole = new Map<string, number>();
  const reworkByPerson = new Map<string, number>();
  for (const a of [...attempts.values()].sort((x, y) => (x.completedAt ?? 0) - (y.completedAt ?? 0))) {
    const def = defOf.get(a.workflowId) ?? '';
    if (a.kind === 'handoff') {
      if (inMonth(a.completedAt)) {
        for (const x of [out, step(`${def}/${a.stepId}`)]) {
          x.handoffs++;
          x.savedMinutes += a.completed?.data.savedMinutes ?? 0;
        }
      }
      continue;
    }
    if (!['work', 'review', 'publish', 'automatic'].includes(a.kind ?? '')) continue;
    if (a.postponedAt !== undefined && a.postponedAt < monthEnd.to) {
      const resumed = events.find(
        (e) =>
          e.type === 'runs.step-resumed' &&
          e.data.workflowId === a.workflowId &&
          e.data.stepId === a.stepId &&
          e.data.attempt === a.attempt,
      );
      const resumedAt = resumed ? t(resumed.occurredAt) : undefined;
      if (resumedAt === undefined || resumedAt >= monthEnd.from) {
        const item = events.find((e) => e.type === 'runs.run-started' && e.data.workflowId === a.workflowId);
        postponedTitles.push({
          itemId: item?.type === 'runs.run-started' ? item.data.item?.id : undefined,
          status: resumedAt !== undefined && resumedAt < monthEnd.to ? 'dilanjutkan' : 'ditunda',
        });
      }
    }
    const actedAt = a.postponedAt ?? a.completedAt;
    if (actedAt === undefined || !inMonth(actedAt)) continue;
    const decision = a.postponedAt !== undefined ? 'postpone' : a.completed!.data.decision;
    if (decision === 'cancelled') continue;
    const total =
      a.postponedAt !== undefined
        ? workingMillisBetween(a.openedAt!, a.postponedAt, calendar)
        : a.completed!.data.workingMs;
    const own = step(`${def}/${a.stepId}`);
    const due = a.completed?.data.dueAt ? t(a.completed.data.dueAt) : a.dueAt;
    const target = a.completed?.data.targetAt ? t(a.completed.data.targetAt) : a.targetAt;
    for (const s of [own, out]) {
      s.closed++;
      if (due !== undefined) {
        s.timed++;
        if (actedAt <= due) s.withinLimit++;
        if (actedAt <= (target ?? due)) s.withinTarget++;
      }
    }
    if (a.breachedAt !== undefined || a.completed?.data.breached) own.breached++;
    if (decision === 'send-back') {
      own.sendBacks++;
      sendBacks.push({ fromStep: a.stepId, toStep: a.completed!.data.to!, reason: a.completed!.data.reason });
    }
    if (a.cause?.kind === 'send-back') {
      const charged = step(`${def}/${a.cause.from}`);
      charged.reworkMs += total;
      out.reworkMs += total;
      const sender = sendersAt.get(`${a.workflowId}|${a.cause.from}|${a.openedAt}`);
      const role = sender?.data.role ?? '';
      const who = sender?.data.by?.id ?? '';
      reworkByRole.set(role, (reworkByRole.get(role) ?? 0) + total);
      reworkByPerson.set(who, (reworkByPerson.get(who) ?? 0) + total);
      continue;
    }
    let waiting = total;
    if (a.kind === 'publish' || a.kind === 'automatic') waiting = 0;
    else if (a.claimAt !== undefined && a.claimAt < actedAt)
      waiting = Math.min(total, workingMillisBetween(a.openedAt!, a.claimAt, calendar));
    for (const s of [own, out]) {
      s.waitingMs += waiting;
      s.workingMs += total - waiting;
    }
  }

  const sortedCycles = cycles.map((c) => c.working).sort((x, y) => x - y);
  const mid = Math.floor(sortedCycles.length / 2);
  return {
    itemsSubmitted,
    runsCompleted,
    runsCancelled,
    posts: postCount,
    itemsPublished: [...itemFirst.values()].filter((v) => inMonth(v)).length,
    postsByTypeAndChannel: [...postsByTypeAndChannel]
      .map(([k, posts]) => {
        const [contentType, channel] = k.split('|') as [string, string];
        return { contentType, channel, posts };
      })
      .sort((x, y) => (x.contentType + x.channel).localeCompare(y.contentType + y.channel)),
    views,
    closed: out.closed,
    timed: out.timed,
    withinLimit: out.withinLimit,
    withinTarget: out.withinTarget,
    compliance: r4(out.withinLimit, out.timed),
    breaches,
    escalations,
    sendBacks,
    postponements,
    postponedTitles,
    waitingMs: out.waitingMs,
    workingMs: out.workingMs,
    reworkMs: out.reworkMs,
    handoffs: out.handoffs,
    savedMinutes: out.savedMinutes,
    cycle: {
      count: sortedCycles.length,
      avgWorkingMs: sortedCycles.length
        ? Math.round(sortedCycles.reduce((x, y) => x + y, 0) / sortedCycles.length)
        : null,
      medianWorkingMs: sortedCycles.length
        ? sortedCycles.length % 2
          ? sortedCycles[mid]!
          : Math.round((sortedCycles[mid - 1]! + sortedCycles[mid]!) / 2)
        : null,
    },
    steps,
    reworkByRole,
    reworkByPerson,
  };
}
