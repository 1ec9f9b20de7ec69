import {
  type AnyEvent,
  causedBy,
  commandErrorReply,
  DOMAINS,
  EVENT_TYPES,
  eventRegistry,
  EventContractError,
  isCommandErrorReply,
  isDomain,
  makeEvent,
  parseEvent,
  subjectOf,
} from '../src';

const runRef = {
  workflowId: 'wf-1',
  definitionKey: 'd',
  definitionVersion: 3,
  flowId: 'item',
  itemId: 'i',
  seq: 1,
};

describe('event registry', () => {
  it('maps every event type to a known domain, under its own key', () => {
    expect(EVENT_TYPES.length).toBeGreaterThan(20);
    for (const type of EVENT_TYPES) {
      const def = eventRegistry[type];
      expect(isDomain(def.domain)).toBe(true);
      expect(def.type).toBe(type);
      expect(type).toBe(`${def.domain}.${def.name}`);
      expect(def.version).toBeGreaterThanOrEqual(1);
      // The name must be usable as a subject token.
      expect(def.name).toMatch(/^[a-z0-9][a-z0-9-]*$/);
    }
  });

  it('has events for every domain', () => {
    const domains = new Set(EVENT_TYPES.map((t) => eventRegistry[t].domain));
    expect([...domains].sort()).toEqual([...DOMAINS].sort());
  });
});

describe('makeEvent', () => {
  const actor = { kind: 'user', id: 'u-1', name: 'Siti' } as const;

  it('builds a typed, valid envelope', () => {
    const e = makeEvent('content.item-submitted', {
      office: 'kpu-jabar',
      actor,
      data: { itemId: 'i-1', revisionId: 'r-2', definitionKey: 'publikasi-berita' },
    });
    expect(e.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(e.type).toBe('content.item-submitted');
    expect(e.version).toBe(1);
    expect(new Date(e.occurredAt).toISOString()).toBe(e.occurredAt);
    expect(e.data.definitionKey).toBe('publikasi-berita');
    expect(subjectOf(e, 'tl')).toBe('tl.evt.kpu-jabar.content.item-submitted');
  });

  it('refuses a payload that does not match the schema', () => {
    expect(() =>
      makeEvent('content.item-submitted', {
        office: 'kpu-jabar',
        // @ts-expect-error: revisionId is missing, the compiler catches it too
        data: { itemId: 'i-1', definitionKey: 'x' },
      }),
    ).toThrow(EventContractError);
  });

  it('refuses a bad office', () => {
    expect(() =>
      makeEvent('runs.run-ended', {
        office: 'KPU Jabar',
        data: { ...runRef, outcome: 'completed', workingMs: 0, elapsedMs: 0 },
      }),
    ).toThrow(/office slug/);
  });

  it('chains correlation and causation', () => {
    const first = makeEvent('content.item-submitted', {
      office: 'kpu-dki',
      data: { itemId: 'i', revisionId: 'r', definitionKey: 'd' },
    });
    const second = makeEvent('runs.run-started', {
      office: 'kpu-dki',
      ...causedBy(first),
      data: { ...runRef, trigger: 'item', startedBy: { kind: 'user', id: 'u-1' } },
    });
    const third = makeEvent('runs.run-ended', {
      office: 'kpu-dki',
      ...causedBy(second),
      data: { ...runRef, seq: 9, outcome: 'completed', workingMs: 60_000, elapsedMs: 90_000 },
    });
    expect(second.correlationId).toBe(first.id);
    expect(second.causationId).toBe(first.id);
    expect(third.correlationId).toBe(first.id);
    expect(third.causationId).toBe(second.id);
  });
});

describe('parseEvent', () => {
  const valid = () =>
    JSON.parse(
      JSON.stringify(
        makeEvent('approvals.task-claimed', {
          office: 'kpu-sulteng',
          data: { taskId: 't', runId: 'r', stepId: 's', userId: 'u' },
        }),
      ),
    );

  it('accepts what makeEvent builds and narrows by type', () => {
    const e: AnyEvent = parseEvent(valid());
    if (e.type !== 'approvals.task-claimed') throw new Error('narrowing failed');
    expect(e.data.userId).toBe('u');
  });

  it.each([
    ['a non-uuid id', (e: Record<string, unknown>) => ({ ...e, id: 'x' })],
    ['an unknown type', (e: Record<string, unknown>) => ({ ...e, type: 'content.nope' })],
    ['a bad office', (e: Record<string, unknown>) => ({ ...e, office: 'a.b' })],
    ['a bad payload', (e: Record<string, unknown>) => ({ ...e, data: { taskId: 't' } })],
    ['a bad date', (e: Record<string, unknown>) => ({ ...e, occurredAt: 'yesterday' })],
  ])('refuses %s', (_label, mutate) => {
    expect(() => parseEvent(mutate(valid()))).toThrow(EventContractError);
  });

  it('refuses non-objects', () => {
    expect(() => parseEvent('hello')).toThrow(EventContractError);
    expect(() => parseEvent(null)).toThrow(EventContractError);
  });
});

describe('command error replies', () => {
  it('recognises the error shape and nothing else', () => {
    const reply = commandErrorReply(404, 'not-found', { id: 'Tidak ditemukan', en: 'Not found' });
    expect(isCommandErrorReply(reply)).toBe(true);
    expect(isCommandErrorReply({ error: { status: 200, code: 'x', message: { id: 'a', en: 'b' } } })).toBe(
      false,
    );
    expect(isCommandErrorReply({ error: 'boom' })).toBe(false);
    expect(isCommandErrorReply({ status: 'error', message: 'Internal server error' })).toBe(false);
    expect(isCommandErrorReply(null)).toBe(false);
  });
});
