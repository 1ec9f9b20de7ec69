import { addMonths, dateOnly, fileSize, localDay, zoneLabel } from '../src/lib/format';
import { stepSpans } from '../src/screens/runs/timeline';

describe('format', () => {
  it('names Indonesian zones', () => {
    expect(zoneLabel('Asia/Makassar')).toBe('WITA');
    expect(zoneLabel('Europe/Paris')).toBe('Europe/Paris');
  });

  it('shifts months across years', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-11', 3)).toBe('2027-02');
  });

  it('takes the local day in the office zone', () => {
    expect(localDay(Date.parse('2026-03-16T20:00:00Z'), 'Asia/Jakarta')).toBe('2026-03-17');
  });

  it('formats calendar dates without a zone shift', () => {
    expect(dateOnly('2026-03-20')).toMatch(/20/);
  });

  it('formats file sizes', () => {
    expect(fileSize(512)).toBe('512 B');
    expect(fileSize(2048)).toMatch(/^2 KB$/);
  });
});

describe('stepSpans', () => {
  it('groups a run history per step and attempt, with its actor, reason and working time', () => {
    const spans = stepSpans(
      [
        { seq: 1, at: '2026-03-16T01:00:00Z', stepId: 'konsep', attempt: 1, kind: 'opened' },
        {
          seq: 2,
          at: '2026-03-16T02:00:00Z',
          stepId: 'konsep',
          attempt: 1,
          kind: 'completed',
          actor: { kind: 'user', id: 'u1', name: 'Ani' },
          workingMs: 3_600_000,
        },
        { seq: 3, at: '2026-03-16T02:00:00Z', stepId: 'koreksi', attempt: 1, kind: 'opened' },
        {
          seq: 4,
          at: '2026-03-16T03:00:00Z',
          stepId: 'koreksi',
          attempt: 1,
          kind: 'sent-back',
          reason: 'Lengkapi data',
        },
        { seq: 5, at: '2026-03-16T03:00:00Z', stepId: 'konsep', attempt: 2, kind: 'opened' },
      ],
      [{ stepId: 'konsep', attempt: 2 }],
    );
    expect(spans.map((s) => [s.stepId, s.attempt, s.outcome])).toEqual([
      ['konsep', 1, 'completed'],
      ['koreksi', 1, 'sent-back'],
      ['konsep', 2, 'opened'],
    ]);
    expect(spans[0]).toMatchObject({
      workingMs: 3_600_000,
      actor: { name: 'Ani' },
      endedAt: '2026-03-16T02:00:00Z',
    });
    expect(spans[1]!.reason).toBe('Lengkapi data');
    expect(spans[2]!.endedAt).toBeNull();
  });

  it('keeps corrections and retractions of the publication in a span of their own', () => {
    const spans = stepSpans(
      [
        { seq: 1, at: '2026-03-16T01:00:00Z', stepId: 'unggah', attempt: 1, kind: 'opened' },
        {
          seq: 2,
          at: '2026-03-16T01:05:00Z',
          stepId: 'unggah',
          attempt: 1,
          kind: 'published',
          workingMs: 300_000,
        },
        {
          seq: 3,
          at: '2026-03-17T01:00:00Z',
          stepId: 'unggah',
          attempt: 1,
          kind: 'corrected',
          actor: { kind: 'user', id: 'u2', name: 'Budi' },
          role: 'web-admin',
          note: 'Tanggal diperbaiki',
        },
        {
          seq: 4,
          at: '2026-03-18T01:00:00Z',
          stepId: 'unggah',
          attempt: 1,
          kind: 'retracted',
          reason: 'Salah',
        },
      ],
      [],
    );
    expect(spans.map((s) => [s.stepId, s.outcome, s.afterPublication])).toEqual([
      ['unggah', 'published', false],
      ['unggah', 'retracted', true],
    ]);
    expect(spans[0]).toMatchObject({ endedAt: '2026-03-16T01:05:00Z', actor: undefined });
    expect(spans[1]!.events.map((e) => e.kind)).toEqual(['corrected', 'retracted']);
  });
});
