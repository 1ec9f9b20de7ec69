import { auditEvent, diffFields } from '../src';

describe('diffFields', () => {
  it('lists changed fields only, sorted, with old and new values', () => {
    expect(
      diffFields(
        { title: 'A', status: 'draft', tags: ['x'] },
        { title: 'B', status: 'draft', tags: ['x', 'y'] },
      ),
    ).toEqual([
      { field: 'tags', old: ['x'], new: ['x', 'y'] },
      { field: 'title', old: 'A', new: 'B' },
    ]);
  });

  it('treats a created record as every field going from null, and a deleted one the reverse', () => {
    expect(diffFields(null, { a: 1 })).toEqual([{ field: 'a', old: null, new: 1 }]);
    expect(diffFields({ a: 1 }, null)).toEqual([{ field: 'a', old: 1, new: null }]);
  });

  it('redacts secrets and ignores noise', () => {
    const changes = diffFields(
      { passwordHash: 'h1', updatedAt: new Date(1), name: 'x' },
      { passwordHash: 'h2', updatedAt: new Date(2), name: 'x' },
      { redact: ['passwordHash'], ignore: ['updatedAt'] },
    );
    expect(changes).toEqual([{ field: 'passwordHash', old: '***', new: '***' }]);
  });

  it('compares dates by instant and writes them as ISO strings', () => {
    expect(diffFields({ at: new Date(5) }, { at: new Date(5) })).toEqual([]);
    expect(diffFields({ at: new Date(0) }, { at: new Date(1000) })).toEqual([
      { field: 'at', old: '1970-01-01T00:00:00.000Z', new: '1970-01-01T00:00:01.000Z' },
    ]);
  });
});

describe('auditEvent', () => {
  it('builds a valid audit event carrying the actor, office and request id', () => {
    const e = auditEvent({
      office: 'kpu-prov-jateng',
      actor: { kind: 'user', id: 'u-1', name: 'Sari' },
      service: 'content',
      entity: 'item',
      entityId: 'i-1',
      action: 'update',
      before: { title: 'Lama' },
      after: { title: 'Baru' },
      requestId: 'req-12345678',
    });
    expect(e).toMatchObject({
      type: 'audit.change-recorded',
      office: 'kpu-prov-jateng',
      actor: { id: 'u-1' },
      correlationId: 'req-12345678',
      data: { service: 'content', entity: 'item', changes: [{ field: 'title', old: 'Lama', new: 'Baru' }] },
    });
  });
});
