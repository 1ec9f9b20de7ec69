import { type ContentItemView, makeEvent, type StepCompleted } from '@tatalaman/contracts';
import { MessagingLifecycle } from '@tatalaman/messaging';
import { author, ContentHarness, key, waitFor } from './harness';

const h = new ContentHarness();
beforeAll(() => h.start(), 60_000);
afterAll(() => h.stop());

const A = 'kpu-kab-a';
const reviewer = { kind: 'user' as const, id: 'redaktur-1', name: 'Budi Redaktur' };
let seq = 0;

async function submitted(): Promise<{ itemId: string; workflowId: string }> {
  const item = await h.client.send('content.item.create', {
    ...author(A),
    idempotencyKey: key(),
    type: 'berita',
    title: 'Rapat Pleno Penetapan DPS',
    body: '<p>Rapat pleno terbuka.</p>',
  });
  const { workflowId } = await h.client.send('content.item.submit', {
    ...author(A),
    idempotencyKey: key(),
    itemId: item.itemId,
  });
  return { itemId: item.itemId, workflowId };
}

const run = (itemId: string, workflowId: string) => ({
  workflowId,
  definitionKey: `${A}.pengelolaan-website`,
  definitionVersion: 1,
  flowId: 'item',
  itemId,
  seq: ++seq,
});

function step(
  itemId: string,
  workflowId: string,
  stepId: string,
  decision: string,
  extra: Partial<StepCompleted> = {},
  office = A,
) {
  return makeEvent('runs.step-completed', {
    office,
    actor: reviewer,
    data: {
      ...run(itemId, workflowId),
      stepId,
      number: 2,
      kind: stepId === 'tulis' ? 'work' : 'review',
      attempt: 1,
      decision,
      by: reviewer,
      role: 'redaktur',
      workingMs: 1000,
      ...extra,
    },
  });
}

const get = (itemId: string) => h.client.send('content.item.get', { office: A, itemId });

async function until(itemId: string, check: (item: ContentItemView) => boolean, what: string) {
  let last: ContentItemView | undefined;
  await waitFor(
    async () => {
      last = await get(itemId);
      return check(last);
    },
    15_000,
    what,
  ).catch((e) => {
    throw new Error(`${(e as Error).message}; item: ${JSON.stringify(last)}`);
  });
  return last!;
}

const decisions = (itemId: string) =>
  h.ds.query(
    `SELECT step_id, decision, revision_number FROM content.decisions WHERE item_id = $1 ORDER BY occurred_at`,
    [itemId],
  );

const statusEvents = async (itemId: string) =>
  (await h.outbox('content.item-status-changed'))
    .filter((e) => e.data.itemId === itemId)
    .map((e) => `${e.data.from}>${e.data.to}`);

describe('following the SOP run', () => {
  it('records what each decision saw, follows send-back, rework, postponement and completion, then publication', async () => {
    const { itemId, workflowId } = await submitted();
    // The review decides on revision 1, but its event arrives after the author saved revision 2.
    const approveEarly = step(itemId, workflowId, 'periksa', 'approve');
    await new Promise((r) => setTimeout(r, 20));
    await h.client.send('content.item.update', {
      ...author(A),
      idempotencyKey: key(),
      itemId,
      body: '<p>Rapat pleno terbuka penetapan DPS.</p>',
    });
    await h.publish(approveEarly);
    await until(itemId, (i) => i.review?.approvedRevision === 1, 'approval of revision 1');

    await h.publish(step(itemId, workflowId, 'periksa', 'send-back', { reason: 'Foto kurang', to: 'tulis' }));
    const sentBack = await until(itemId, (i) => i.status === 'changes-requested', 'send-back');
    expect(sentBack.lastOutcome).toMatchObject({ kind: 'sent-back', reason: 'Foto kurang', by: reviewer });

    const rework = step(itemId, workflowId, 'tulis', 'complete');
    await h.publish(rework);
    await until(itemId, (i) => i.status === 'in-review', 'rework done');

    const postponed = makeEvent('runs.step-postponed', {
      office: A,
      data: {
        ...run(itemId, workflowId),
        stepId: 'periksa',
        number: 2,
        kind: 'review',
        attempt: 2,
        by: reviewer,
        role: 'redaktur',
        reason: 'Menunggu tahapan',
      },
    });
    await h.publish(postponed);
    await until(itemId, (i) => i.status === 'postponed', 'postponed');
    const resumed = makeEvent('runs.step-resumed', {
      office: A,
      data: {
        ...run(itemId, workflowId),
        stepId: 'periksa',
        number: 2,
        kind: 'review',
        attempt: 2,
        by: reviewer,
        role: 'redaktur',
      },
    });
    await h.publish(resumed);
    await until(itemId, (i) => i.status === 'in-review', 'resumed');

    const approve = step(itemId, workflowId, 'periksa', 'approve', { attempt: 2 });
    await h.publish(approve);
    await until(itemId, (i) => i.review?.approvedRevision === 2, 'approval of revision 2');
    const ended = makeEvent('runs.run-ended', {
      office: A,
      data: { ...run(itemId, workflowId), outcome: 'completed', workingMs: 1, elapsedMs: 1 },
    });
    await h.publish(ended);
    const approved = await until(itemId, (i) => i.status === 'approved', 'run completed');
    expect(approved.workflowId).toBeNull();
    expect(approved.review).toMatchObject({ workflowId, approvedRevision: 2 });

    expect(await decisions(itemId)).toEqual([
      { step_id: 'periksa', decision: 'approve', revision_number: 1 },
      { step_id: 'periksa', decision: 'send-back', revision_number: 2 },
      { step_id: 'tulis', decision: 'complete', revision_number: 2 },
      { step_id: 'periksa', decision: 'approve', revision_number: 2 },
    ]);

    const revision2 = (await get(itemId)).currentRevision.revisionId;
    const published = makeEvent('publishing.publication-published', {
      office: A,
      data: {
        publicationId: 'pub-1',
        itemId,
        revisionId: revision2,
        path: '/berita/rapat-pleno-penetapan-dps',
      },
    });
    await h.publish(published);
    const live = await until(itemId, (i) => i.status === 'published', 'published');
    expect(live.published).toMatchObject({
      revisionId: revision2,
      revisionNumber: 2,
      path: '/berita/rapat-pleno-penetapan-dps',
    });

    const retracted = makeEvent('publishing.publication-retracted', {
      office: A,
      data: { publicationId: 'pub-1', itemId, reason: 'Data keliru' },
    });
    await h.publish(retracted);
    await until(itemId, (i) => i.status === 'retracted' && i.published === null, 'retracted');

    expect(await statusEvents(itemId)).toEqual([
      'draft>in-review',
      'in-review>changes-requested',
      'changes-requested>in-review',
      'in-review>postponed',
      'postponed>in-review',
      'in-review>approved',
      'approved>published',
      'published>retracted',
    ]);
    // The change caused by an event carries its correlation.
    const [sendBackEvent] = (await h.outbox('content.item-status-changed')).filter(
      (e) => e.data.itemId === itemId && e.data.to === 'changes-requested',
    );
    expect(sendBackEvent).toMatchObject({
      actor: reviewer,
      data: { reason: 'Foto kurang', cause: 'runs.step-completed' },
    });
  });

  it('brings a rejected or cancelled item back to draft with the reason', async () => {
    const { itemId, workflowId } = await submitted();
    const rejected = makeEvent('runs.run-ended', {
      office: A,
      data: {
        ...run(itemId, workflowId),
        outcome: 'rejected',
        reason: 'Tidak sesuai tahapan',
        by: reviewer,
        workingMs: 1,
        elapsedMs: 1,
      },
    });
    await h.publish(rejected);
    const back = await until(itemId, (i) => i.status === 'draft', 'rejection');
    expect(back).toMatchObject({
      workflowId: null,
      lastOutcome: { kind: 'rejected', reason: 'Tidak sesuai tahapan', by: reviewer },
    });
    // It can be submitted again: a new run.
    const again = await h.client.send('content.item.submit', { ...author(A), idempotencyKey: key(), itemId });
    expect(again.workflowId).not.toBe(workflowId);
    const cancelled = makeEvent('runs.run-ended', {
      office: A,
      data: {
        ...run(itemId, again.workflowId),
        outcome: 'cancelled',
        reason: 'Ditarik penulis',
        workingMs: 1,
        elapsedMs: 1,
      },
    });
    await h.publish(cancelled);
    await until(itemId, (i) => i.status === 'draft' && i.lastOutcome?.kind === 'cancelled', 'cancellation');
  });

  it("ignores events of an earlier run and of another office's run", async () => {
    const { itemId, workflowId } = await submitted();
    const stale = step(itemId, 'run-from-before', 'periksa', 'send-back', { reason: 'lama' });
    const foreign = step(itemId, workflowId, 'periksa', 'send-back', { reason: 'asing' }, 'kpu-kab-b');
    await h.publish(stale);
    await h.publish(foreign);
    const marker = step(itemId, workflowId, 'periksa', 'approve');
    await h.publish(marker);
    const item = await until(itemId, (i) => i.review?.approvedRevision === 1, 'the marker');
    expect(item.status).toBe('in-review');
    expect((await decisions(itemId)).map((d: { decision: string }) => d.decision)).toEqual(['approve']);
  });

  it('applies an event delivered twice only once', async () => {
    const { itemId, workflowId } = await submitted();
    const consumer = h.app
      .get(MessagingLifecycle)
      .status()
      .consumers.find((c) => c.durable === 'content-runs')!;
    const duplicatesBefore = consumer.stats.duplicates;
    const sendBack = step(itemId, workflowId, 'periksa', 'send-back', { reason: 'Dua kali' });
    // Published twice without a message id: JetStream keeps both copies, the consumer's inbox drops one.
    await h.publish(sendBack);
    await h.publish(sendBack);
    await waitFor(() => consumer.stats.duplicates > duplicatesBefore, 15_000, 'the duplicate');
    expect(await decisions(itemId)).toEqual([
      { step_id: 'periksa', decision: 'send-back', revision_number: 1 },
    ]);
    expect(await statusEvents(itemId)).toEqual(['draft>in-review', 'in-review>changes-requested']);
    expect(await h.inboxed(sendBack.id)).toBe(1);
  });
});
