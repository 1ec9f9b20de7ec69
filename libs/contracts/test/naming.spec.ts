import {
  assertOfficeSlug,
  commandSubject,
  commandSubjectFor,
  DOMAINS,
  domainStreamName,
  domainStreamSubjects,
  eventFilterSubject,
  eventSubject,
  isOfficeSlug,
  natsPrefix,
  NamingError,
  parseEventSubject,
  splitCommandName,
  streamNamesForPrefix,
} from '../src';

describe('NATS prefix', () => {
  const saved = process.env.NATS_PREFIX;
  afterEach(() => {
    process.env.NATS_PREFIX = saved;
  });

  it('comes from the per-file Jest setup, not the default', () => {
    expect(natsPrefix()).toBe(saved);
    expect(natsPrefix()).not.toBe('tl');
  });

  it('is read at call time, so a later change applies at once', () => {
    process.env.NATS_PREFIX = 'other';
    expect(eventSubject('kpu-jabar', 'content', 'item-created')).toBe(
      'other.evt.kpu-jabar.content.item-created',
    );
    expect(domainStreamName('content')).toBe('OTHER_CONTENT');
  });

  it('refuses a prefix that would break subjects', () => {
    process.env.NATS_PREFIX = 'a.b';
    expect(() => natsPrefix()).toThrow(NamingError);
    process.env.NATS_PREFIX = 'a*';
    expect(() => eventSubject('x', 'content', 'item-created')).toThrow(NamingError);
  });
});

describe('office slugs', () => {
  it.each(['kpu-jabar', 'kpu-kota-palu', 'a', '0', 'kpu1', 'a'.repeat(63)])('accepts %s', (slug) => {
    expect(isOfficeSlug(slug)).toBe(true);
    expect(() => assertOfficeSlug(slug)).not.toThrow();
  });

  it.each(['', '-kpu', 'KPU', 'kpu.jabar', 'kpu*', 'kpu>', 'kpu jabar', 'kpu_jabar', 'a'.repeat(64), 'é'])(
    'refuses %j',
    (slug) => {
      expect(isOfficeSlug(slug)).toBe(false);
      expect(() => assertOfficeSlug(slug)).toThrow(NamingError);
    },
  );

  it('refuses non-strings', () => {
    expect(isOfficeSlug(undefined)).toBe(false);
    expect(isOfficeSlug(42)).toBe(false);
  });
});

describe('event subjects', () => {
  it('builds <prefix>.evt.<office>.<domain>.<name>', () => {
    expect(eventSubject('kpu-jabar', 'content', 'item-submitted', 'tl')).toBe(
      'tl.evt.kpu-jabar.content.item-submitted',
    );
  });

  it('validates every token', () => {
    expect(() => eventSubject('kpu.jabar', 'content', 'item-created', 'tl')).toThrow(NamingError);
    expect(() => eventSubject('kpu', 'nope' as never, 'item-created', 'tl')).toThrow(/Unknown domain/);
    expect(() => eventSubject('kpu', 'content', 'item.created', 'tl')).toThrow(/event name/);
    expect(() => eventSubject('kpu', 'content', '>', 'tl')).toThrow(/event name/);
  });

  it('builds filters with wildcards where a token is omitted', () => {
    expect(eventFilterSubject({ domain: 'runs' }, 'tl')).toBe('tl.evt.*.runs.>');
    expect(eventFilterSubject({ domain: 'runs', name: 'step-opened' }, 'tl')).toBe(
      'tl.evt.*.runs.step-opened',
    );
    expect(eventFilterSubject({ domain: 'runs', office: 'kpu-dki' }, 'tl')).toBe('tl.evt.kpu-dki.runs.>');
  });

  it('parses what it builds, and nothing else', () => {
    const s = eventSubject('kpu-sulteng', 'approvals', 'task-claimed', 'tl');
    expect(parseEventSubject(s)).toEqual({
      prefix: 'tl',
      office: 'kpu-sulteng',
      domain: 'approvals',
      name: 'task-claimed',
    });
    expect(parseEventSubject('tl.cmd.content.item.get')).toBeUndefined();
    expect(parseEventSubject('tl.evt.kpu.unknown.x')).toBeUndefined();
    expect(parseEventSubject('tl.evt.kpu.content')).toBeUndefined();
  });
});

describe('streams', () => {
  it('names one stream per domain, upper-cased', () => {
    expect(domainStreamName('publishing', 'tl')).toBe('TL_PUBLISHING');
    expect(domainStreamSubjects('publishing', 'tl')).toEqual(['tl.evt.*.publishing.>']);
  });

  it('lists every stream of a prefix', () => {
    const names = streamNamesForPrefix('tx1');
    expect(names).toHaveLength(DOMAINS.length);
    expect(names).toContain('TX1_CONTENT');
    expect(new Set(names).size).toBe(names.length);
  });

  it('captures every event subject of its domain and none of another', () => {
    // JetStream matches "*" as one token and ">" as one or more: check the shape here.
    const [filter] = domainStreamSubjects('content', 'tl');
    const re = new RegExp('^' + filter!.replace(/\./g, '\\.').replace('*', '[^.]+').replace('>', '.+') + '$');
    expect(re.test(eventSubject('kpu-jabar', 'content', 'item-created', 'tl'))).toBe(true);
    expect(re.test(eventSubject('kpu-jabar', 'runs', 'run-started', 'tl'))).toBe(false);
    expect(re.test(eventSubject('kpu-jabar', 'content', 'item-created', 'tl2'))).toBe(false);
  });
});

describe('command subjects', () => {
  it('builds <prefix>.cmd.<service>.<name>', () => {
    expect(commandSubject('content', 'item.get', 'tl')).toBe('tl.cmd.content.item.get');
    expect(commandSubjectFor('sop-registry.definition.get', 'tl')).toBe('tl.cmd.sop-registry.definition.get');
  });

  it('refuses unknown services and malformed names', () => {
    expect(() => commandSubject('nope' as never, 'x', 'tl')).toThrow(/Unknown service/);
    expect(() => commandSubject('content', 'item..get', 'tl')).toThrow(/command name/);
    expect(() => commandSubject('content', 'item.*', 'tl')).toThrow(/command name/);
    expect(() => splitCommandName('content')).toThrow();
    expect(splitCommandName('approvals.task.decide')).toEqual({ service: 'approvals', name: 'task.decide' });
  });
});
