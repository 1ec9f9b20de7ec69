import { author, ContentHarness, failure, key } from './harness';

const h = new ContentHarness();
beforeAll(() => h.start(), 60_000);
afterAll(() => h.stop());

const A = 'kpu-kab-a';
const B = 'kpu-kab-b';

const create = (office: string, fields: Record<string, unknown> = {}, idempotencyKey = key()) =>
  h.client.send('content.item.create', {
    ...author(office),
    idempotencyKey,
    type: 'pengumuman',
    title: 'Pengumuman Hasil Seleksi PPK',
    summary: 'Daftar nama yang lulus seleksi.',
    body: '<p>KPU mengumumkan hasil seleksi <script>alert(1)</script>calon anggota PPK.</p>',
    tags: ['seleksi', 'ppk', 'seleksi'],
    fields: { number: '12/PP/2026', validFrom: '2026-12-01', ...fields },
  });

describe('items and revisions', () => {
  let itemId: string;

  it('creates a draft with revision 1, sanitized body, events and audit', async () => {
    const item = await create(A);
    itemId = item.itemId;
    expect(item).toMatchObject({
      office: A,
      type: 'pengumuman',
      status: 'draft',
      language: 'id',
      title: 'Pengumuman Hasil Seleksi PPK',
      tags: ['seleksi', 'ppk'],
      currentRevision: { number: 1 },
      workflowId: null,
      author: { id: `${A}-penulis-1` },
      fields: { number: '12/PP/2026', validFrom: '2026-12-01' },
    });
    expect(item.body).toBe('<p>KPU mengumumkan hasil seleksi calon anggota PPK.</p>');
    const events = (await h.outbox()).filter((e) => e.data.itemId === itemId || e.data.entityId === itemId);
    expect(events.map((e) => e.type)).toEqual([
      'content.item-created',
      'content.revision-created',
      'audit.change-recorded',
    ]);
    expect(events[0]).toMatchObject({ office: A, data: { kind: 'pengumuman', revisionNumber: 1 } });
    expect(events[2]!.data).toMatchObject({ service: 'content', entity: 'item', action: 'create' });
    expect(events[2]!.data.changes).toContainEqual({
      field: 'fields.validFrom',
      old: null,
      new: '2026-12-01',
    });
  });

  it('updates into a new revision, field by field, with old and new values in the audit', async () => {
    const { item, revisionCreated } = await h.client.send('content.item.update', {
      ...author(A, 'redaktur-1'),
      idempotencyKey: key(),
      itemId,
      baseRevision: 1,
      body: '<p>KPU mengumumkan hasil akhir seleksi calon anggota PPK kecamatan.</p>',
      fields: { number: '12/PP/2026', validFrom: '2026-12-02', validUntil: '2026-12-09' },
      note: 'Tanggal diperbaiki',
    });
    expect(revisionCreated).toBe(true);
    expect(item.currentRevision.number).toBe(2);
    expect(item.title).toBe('Pengumuman Hasil Seleksi PPK');
    const audit = (await h.outbox('audit.change-recorded')).filter(
      (e) => e.data.entityId === itemId && e.data.action === 'update',
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor).toMatchObject({ id: `${A}-redaktur-1` });
    const changes = audit[0]!.data.changes as { field: string; old: unknown; new: unknown }[];
    expect(changes.map((c) => c.field)).toEqual([
      'body',
      'fields.validFrom',
      'fields.validUntil',
      'revision',
    ]);
    expect(changes[1]).toEqual({ field: 'fields.validFrom', old: '2026-12-01', new: '2026-12-02' });
    const [updated] = (await h.outbox('content.item-updated')).filter((e) => e.data.itemId === itemId);
    expect(updated!.data.changedFields).toEqual(['body', 'fields.validFrom', 'fields.validUntil']);
  });

  it('saves nothing when nothing changed, and refuses an edit based on an old revision (409)', async () => {
    const same = await h.client.send('content.item.update', {
      ...author(A),
      idempotencyKey: key(),
      itemId,
      title: 'Pengumuman Hasil Seleksi PPK',
    });
    expect(same.revisionCreated).toBe(false);
    expect(same.item.currentRevision.number).toBe(2);
    const stale = await failure(
      h.client.send('content.item.update', {
        ...author(A),
        idempotencyKey: key(),
        itemId,
        baseRevision: 1,
        title: 'X',
      }),
    );
    expect(stale).toMatchObject({ status: 409, code: 'stale-revision', detail: { current: 2, base: 1 } });
    expect(stale.messages.id).toMatch(/sudah diubah/);
  });

  it('lists revisions, gets one, and diffs any two (fields and body words)', async () => {
    const { revisions } = await h.client.send('content.revision.list', { office: A, itemId });
    expect(revisions.map((r) => [r.number, r.basedOn, r.note])).toEqual([
      [2, 1, 'Tanggal diperbaiki'],
      [1, null, null],
    ]);
    const r1 = await h.client.send('content.revision.get', { office: A, itemId, revision: 1 });
    expect(r1.fields).toEqual({ number: '12/PP/2026', validFrom: '2026-12-01' });
    const diff = await h.client.send('content.revision.diff', { office: A, itemId, from: 1, to: 2 });
    expect(diff.fields.map((f) => f.field)).toEqual(['body', 'fields.validFrom', 'fields.validUntil']);
    expect(diff.body.changed).toBe(true);
    expect(diff.body.ops.filter((o) => o.op !== 'equal')).toEqual([
      { op: 'insert', text: 'akhir ' },
      { op: 'insert', text: ' kecamatan' },
    ]);
    expect(diff.body).toMatchObject({ inserted: 2, deleted: 0 });
    const back = await h.client.send('content.revision.diff', { office: A, itemId, from: 2, to: 1 });
    expect(back.body).toMatchObject({ inserted: 0, deleted: 2 });
    expect(
      await failure(h.client.send('content.revision.get', { office: A, itemId, revision: 9 })),
    ).toMatchObject({
      status: 404,
      code: 'revision-not-found',
    });
  });

  it('keeps revisions immutable in the database', async () => {
    await expect(
      h.ds.query(`UPDATE content.revisions SET title = 'x' WHERE item_id = $1`, [itemId]),
    ).rejects.toThrow(/immutable/);
  });

  it('validates type fields: shape on save (422 with paths), completeness only on submit', async () => {
    const bad = await failure(create(A, { validFrom: '1 Desember', extra: true }));
    expect(bad).toMatchObject({ status: 422, code: 'invalid-fields' });
    const paths = (bad.detail as { issues: { path: string }[] }).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['fields.validFrom', 'fields']));
    const backwards = await failure(create(A, { validFrom: '2026-12-10', validUntil: '2026-12-01' }));
    expect((backwards.detail as { issues: { path: string }[] }).issues[0]!.path).toBe('fields.validUntil');
    const regulation = await h.client.send('content.item.create', {
      ...author(A),
      idempotencyKey: key(),
      type: 'regulasi',
      title: 'Peraturan KPU Nomor 1 Tahun 2025',
      fields: { number: '1', year: 2025, status: 'berlaku', legalCategory: 'peraturan-perundang-undangan' },
    });
    expect(regulation.fields).toMatchObject({ status: 'berlaku', year: 2025 });
    const wrongStatus = await failure(
      h.client.send('content.item.create', {
        ...author(A),
        idempotencyKey: key(),
        type: 'regulasi',
        title: 'x',
        fields: { status: 'aktif' },
      }),
    );
    expect(wrongStatus.code).toBe('invalid-fields');
  });

  it("accepts custom types an office's definitions name (asking the registry), refuses others", async () => {
    h.customTypes.set(A, ['informasi-hukum']);
    const custom = await h.client.send('content.item.create', {
      ...author(A),
      idempotencyKey: key(),
      type: 'informasi-hukum',
      title: 'Informasi Hukum: Putusan DKPP',
      fields: { nomorPutusan: '12-PKE-DKPP/2026', tahun: 2026 },
    });
    expect(custom.type).toBe('informasi-hukum');
    const unknown = await failure(
      h.client.send('content.item.create', {
        ...author(B),
        idempotencyKey: key(),
        type: 'informasi-hukum',
        title: 'x',
      }),
    );
    expect(unknown).toMatchObject({ status: 422, code: 'unknown-content-type' });
  });

  it('replays a retried create and update (same key): one item, one revision', async () => {
    const k = key();
    const [a, b] = await Promise.all([create(B, {}, k), create(B, {}, k)]);
    const c = await create(B, {}, k);
    expect(new Set([a.itemId, b.itemId, c.itemId]).size).toBe(1);
    expect((await h.client.send('content.item.list', { office: B })).total).toBe(1);
    const u = key();
    const edit = () =>
      h.client.send('content.item.update', {
        ...author(B),
        idempotencyKey: u,
        itemId: a.itemId,
        title: 'Judul baru',
      });
    const [e1, e2] = await Promise.all([edit(), edit()]);
    expect(e1).toEqual(e2);
    const { revisions } = await h.client.send('content.revision.list', { office: B, itemId: a.itemId });
    expect(revisions).toHaveLength(2);
    expect(
      await failure(
        h.client.send('content.item.update', {
          ...author(B),
          idempotencyKey: u,
          itemId: a.itemId,
          title: 'Lain',
        }),
      ),
    ).toMatchObject({ status: 422, code: 'idempotency-key-reused' });
  });
});

describe('list', () => {
  const office = 'kpu-kab-list';
  beforeAll(async () => {
    const make = (type: string, title: string, body: string, tags: string[] = []) =>
      h.client.send('content.item.create', {
        ...author(office),
        idempotencyKey: key(),
        type,
        title,
        body,
        tags,
      });
    await make('berita', 'Rapat Pleno Terbuka Rekapitulasi', '<p>Rapat pleno di aula kantor.</p>', ['pleno']);
    await make('berita', 'Bimbingan Teknis PPK', '<p>Bimtek untuk seluruh kecamatan.</p>');
    await make('artikel', 'Mengenal Daftar Pemilih', '<p>Pemutakhiran data pemilih berkelanjutan.</p>', [
      'pleno',
    ]);
    for (let i = 0; i < 5; i++) await make('data', `Rekap Data ${i}`, '<p>Data.</p>');
  });

  it('filters by type, status, tag and text, newest first', async () => {
    const berita = await h.client.send('content.item.list', { office, type: 'berita' });
    expect(berita.items.map((i) => i.title)).toEqual([
      'Bimbingan Teknis PPK',
      'Rapat Pleno Terbuka Rekapitulasi',
    ]);
    expect((await h.client.send('content.item.list', { office, tag: 'pleno' })).total).toBe(2);
    expect(
      (await h.client.send('content.item.list', { office, status: ['in-review', 'published'] })).total,
    ).toBe(0);
    const byText = await h.client.send('content.item.list', { office, text: 'pemilih' });
    expect(byText.items.map((i) => i.title)).toEqual(['Mengenal Daftar Pemilih']);
    const part = await h.client.send('content.item.list', { office, text: 'pleno terb' });
    expect(part.items.map((i) => i.title)).toEqual(['Rapat Pleno Terbuka Rekapitulasi']);
  });

  it('pages with a cursor', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await h.client.send('content.item.list', {
        office,
        limit: 3,
        ...(cursor ? { cursor } : {}),
      });
      expect(page.total).toBe(8);
      seen.push(...page.items.map((i) => i.itemId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(8);
    expect(await failure(h.client.send('content.item.list', { office, cursor: 'nonsense' }))).toMatchObject({
      status: 400,
      code: 'invalid-cursor',
    });
  });
});

describe('tenancy', () => {
  it("answers not-found for every command naming another office's item", async () => {
    const item = await create(A);
    const itemId = item.itemId;
    const calls: Promise<unknown>[] = [
      h.client.send('content.item.get', { office: B, itemId }),
      h.client.send('content.item.update', { ...author(B), idempotencyKey: key(), itemId, title: 'x' }),
      h.client.send('content.item.submit', { ...author(B), idempotencyKey: key(), itemId }),
      h.client.send('content.item.withdraw', { ...author(B), idempotencyKey: key(), itemId, reason: 'x' }),
      h.client.send('content.revision.list', { office: B, itemId }),
      h.client.send('content.revision.get', { office: B, itemId, revision: 1 }),
      h.client.send('content.revision.diff', { office: B, itemId, from: 1, to: 1 }),
      h.client.send('content.attachment.list', { office: B, itemId }),
      h.client.send('content.attachment.upload', {
        ...author(B),
        idempotencyKey: key(),
        itemId,
        fileName: 'a.pdf',
        mediaType: 'application/pdf',
        dataBase64: Buffer.from('%PDF-1.7\n').toString('base64'),
      }),
      h.client.send('content.attachment.begin-upload', {
        ...author(B),
        idempotencyKey: key(),
        itemId,
        fileName: 'a.mp4',
        mediaType: 'video/mp4',
        size: 1000,
      }),
    ];
    for (const call of calls) {
      const err = await failure(call);
      expect(err.status).toBe(404);
      expect(err.code).toBe('item-not-found');
    }
    const list = await h.client.send('content.item.list', { office: B });
    expect(list.items.map((i) => i.itemId)).not.toContain(itemId);
    // Unchanged for its own office.
    expect((await h.client.send('content.item.get', { office: A, itemId })).currentRevision.number).toBe(1);
  });

  it('refuses malformed requests with 400', async () => {
    expect(
      await failure(h.client.send('content.item.get', { office: A, itemId: 'not-a-uuid' })),
    ).toMatchObject({
      status: 400,
      code: 'invalid-request',
    });
  });
});
