import * as f from './fixtures';
import { author, ContentHarness, failure, key } from './harness';

const h = new ContentHarness();
beforeAll(() => h.start(), 60_000);
afterAll(() => h.stop());

const A = 'kpu-kab-a';

async function draft(type = 'berita', fields: Record<string, unknown> = {}, body = '<p>Isi berita.</p>') {
  return h.client.send('content.item.create', {
    ...author(A),
    idempotencyKey: key(),
    type,
    title: 'Rapat Koordinasi Pemutakhiran Data',
    body,
    tags: ['data-pemilih'],
    fields,
  });
}

const submit = (itemId: string, idempotencyKey: string, extra: Record<string, unknown> = {}) =>
  h.client.send('content.item.submit', { ...author(A), idempotencyKey, itemId, ...extra });

const startsFor = (itemId: string) => h.startCalls.filter((c) => c.request.item.id === itemId);

describe('submit', () => {
  it("starts the item's run with its current revision; the item goes in-review", async () => {
    const item = await draft();
    const k = key();
    const res = await submit(item.itemId, k, { note: 'Mohon diperiksa' });
    expect(res).toMatchObject({
      itemId: item.itemId,
      revision: 1,
      revisionId: item.currentRevision.revisionId,
      status: 'in-review',
      workflowId: expect.stringMatching(/^run-/),
      definition: { key: `${A}.pengelolaan-website`, version: 1 },
    });
    const [call] = startsFor(item.itemId);
    expect(call!.request).toEqual({
      office: A,
      item: {
        id: item.itemId,
        contentType: 'berita',
        title: 'Rapat Koordinasi Pemutakhiran Data',
        tags: ['data-pemilih'],
        revision: 1,
      },
      startedBy: author(A).actor,
      // The run completes the first step when the submitter holds it.
      startedByRoles: author(A).roles,
      idempotencyKey: `content-submit:${A}:${item.itemId}:${k}`,
    });
    const after = await h.client.send('content.item.get', { office: A, itemId: item.itemId });
    expect(after).toMatchObject({
      status: 'in-review',
      workflowId: res.workflowId,
      review: {
        workflowId: res.workflowId,
        submittedRevision: 1,
        approvedRevision: null,
        submissionId: res.submissionId,
      },
    });
    const events = (await h.outbox()).filter(
      (e) => e.data.itemId === item.itemId || e.data.entityId === item.itemId,
    );
    expect(events.map((e) => e.type).slice(-3)).toEqual([
      'content.item-submitted',
      'content.item-status-changed',
      'audit.change-recorded',
    ]);
    expect(events[events.length - 3]!.data).toMatchObject({
      definitionKey: `${A}.pengelolaan-website`,
      workflowId: res.workflowId,
      note: 'Mohon diperiksa',
    });
    expect(events[events.length - 1]!.data.changes).toContainEqual({
      field: 'status',
      old: 'draft',
      new: 'in-review',
    });
  });

  it('starts exactly one run when the same request is retried, one after another and concurrently', async () => {
    const item = await draft();
    const k = key();
    const first = await submit(item.itemId, k);
    const again = await submit(item.itemId, k);
    expect(again).toEqual(first);
    expect(startsFor(item.itemId)).toHaveLength(1);

    const other = await draft();
    const k2 = key();
    h.workerDelayMs = 300; // the runtime is slow: the retries arrive while the first call is waiting
    try {
      const answers = await Promise.all(Array.from({ length: 5 }, () => submit(other.itemId, k2)));
      expect(new Set(answers.map((a) => a.workflowId)).size).toBe(1);
      expect(new Set(answers.map((a) => a.submissionId)).size).toBe(1);
    } finally {
      h.workerDelayMs = 0;
    }
    expect(startsFor(other.itemId)).toHaveLength(1);
    const submitted = (await h.outbox('content.item-submitted')).filter(
      (e) => e.data.itemId === other.itemId,
    );
    expect(submitted).toHaveLength(1);
  });

  it('refuses a second submission while the run goes on, and a key reused for another item', async () => {
    const item = await draft();
    const k = key();
    await submit(item.itemId, k);
    const twice = await failure(submit(item.itemId, key()));
    expect(twice).toMatchObject({ status: 409, code: 'already-in-review', detail: { status: 'in-review' } });
    expect(twice.messages.id).toMatch(/sedang dalam proses SOP/);
    const other = await draft();
    expect(await failure(submit(other.itemId, k))).toMatchObject({
      status: 422,
      code: 'idempotency-key-reused',
    });
    expect(startsFor(other.itemId)).toHaveLength(0);
  });

  it('passes on the runtime refusing (no active definition) and lets a corrected retry start the run', async () => {
    const item = await draft();
    const k = key();
    h.workerRefuse = { status: 404, code: 'no-active-definition' };
    try {
      expect(await failure(submit(item.itemId, k))).toMatchObject({
        status: 404,
        code: 'no-active-definition',
      });
    } finally {
      h.workerRefuse = undefined;
    }
    expect((await h.client.send('content.item.get', { office: A, itemId: item.itemId })).status).toBe(
      'draft',
    );
    const ok = await submit(item.itemId, k);
    expect(ok.status).toBe('in-review');
    expect(startsFor(item.itemId)).toHaveLength(2); // the refused call and the one that started the run
  });

  it('keeps the submission when the runtime is unreachable, and the retry starts the run once', async () => {
    const item = await draft();
    const k = key();
    h.workerDown();
    const down = await failure(submit(item.itemId, k));
    expect(down).toMatchObject({ status: 503, code: 'unavailable' });
    const pending = await h.ds.query(`SELECT status FROM content.submissions WHERE item_id = $1`, [
      item.itemId,
    ]);
    expect(pending).toEqual([{ status: 'pending' }]);
    // Another key cannot start a second run meanwhile.
    expect(await failure(submit(item.itemId, key()))).toMatchObject({
      status: 409,
      code: 'submission-in-progress',
    });
    h.workerUp();
    const ok = await submit(item.itemId, k);
    expect(ok.status).toBe('in-review');
    expect(startsFor(item.itemId)).toHaveLength(1); // only the call after the runtime came back
  });

  it('checks completeness first: required type fields, some content, alt text for images', async () => {
    const announcement = await draft('pengumuman', {}, '');
    const incomplete = await failure(submit(announcement.itemId, key()));
    expect(incomplete).toMatchObject({
      status: 422,
      code: 'incomplete',
      detail: { missing: ['fields.validFrom', 'body'] },
    });
    const photo = await h.client.send('content.attachment.upload', {
      ...author(A),
      idempotencyKey: key(),
      itemId: announcement.itemId,
      fileName: 'foto.png',
      mediaType: 'image/png',
      dataBase64: f.png().toString('base64'),
    });
    await h.client.send('content.item.update', {
      ...author(A),
      idempotencyKey: key(),
      itemId: announcement.itemId,
      fields: { validFrom: '2026-12-01' },
    });
    expect(await failure(submit(announcement.itemId, key()))).toMatchObject({
      detail: { missing: [`attachments.${photo.attachmentId}.alt`] },
    });
    await h.client.send('content.attachment.update', {
      ...author(A),
      idempotencyKey: key(),
      attachmentId: photo.attachmentId,
      alt: 'Foto pengumuman',
    });
    expect((await submit(announcement.itemId, key(), { revision: 2 })).revision).toBe(2);
    expect(startsFor(announcement.itemId)).toHaveLength(1);
  });

  it('refuses a stale revision number', async () => {
    const item = await draft();
    await h.client.send('content.item.update', {
      ...author(A),
      idempotencyKey: key(),
      itemId: item.itemId,
      title: 'Baru',
    });
    expect(await failure(submit(item.itemId, key(), { revision: 1 }))).toMatchObject({
      status: 409,
      code: 'stale-revision',
      detail: { current: 2 },
    });
  });

  it('withdraws a submission by cancelling its run', async () => {
    const item = await draft();
    const { workflowId } = await submit(item.itemId, key());
    const k = key();
    const res = await h.client.send('content.item.withdraw', {
      ...author(A),
      idempotencyKey: k,
      itemId: item.itemId,
      reason: 'Salah data',
    });
    expect(res).toEqual({ itemId: item.itemId, workflowId });
    await h.client.send('content.item.withdraw', {
      ...author(A),
      idempotencyKey: k,
      itemId: item.itemId,
      reason: 'Salah data',
    });
    const cancels = h.cancel.calls.filter((c) => c.request.workflowId === workflowId);
    expect(cancels).toHaveLength(1);
    expect(cancels[0]!.request).toMatchObject({ office: A, reason: 'Salah data', actor: author(A).actor });
    const draftItem = await draft();
    expect(
      await failure(
        h.client.send('content.item.withdraw', {
          ...author(A),
          idempotencyKey: key(),
          itemId: draftItem.itemId,
          reason: 'x',
        }),
      ),
    ).toMatchObject({ status: 409, code: 'not-in-review' });
  });
});
