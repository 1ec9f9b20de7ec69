import { createHash } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { type ObjectStore, Objm } from '@nats-io/obj';
import { AttachmentUploadsService } from '../src/attachments/attachment-uploads.service';
import { mediaBucketName } from '../src/attachments/media-store';
import * as f from './fixtures';
import { author, ContentHarness, failure, key } from './harness';

const h = new ContentHarness();
const A = 'kpu-kab-a';
const B = 'kpu-kab-b';
let itemId: string;
let os: ObjectStore;

beforeAll(async () => {
  await h.start();
  const item = await h.client.send('content.item.create', {
    ...author(A),
    idempotencyKey: key(),
    type: 'dokumentasi',
    title: 'Dokumentasi Rapat Pleno',
    body: '<p>Foto kegiatan.</p>',
  });
  itemId = item.itemId;
  // As the gateway must: the last acknowledgement of a large object takes longer than the default 5 s.
  os = await new Objm(jetstream(h.nc, { timeout: 120_000 })).create(mediaBucketName());
}, 60_000);
afterAll(() => h.stop());

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const objects = async () => (await os.list()).filter((o) => !o.deleted).map((o) => o.name);

const upload = (bytes: Buffer, fileName: string, mediaType: string, extra: Record<string, unknown> = {}) =>
  h.client.send('content.attachment.upload', {
    ...author(A),
    idempotencyKey: key(),
    itemId,
    fileName,
    mediaType,
    dataBase64: bytes.toString('base64'),
    ...extra,
  });

/** What the gateway does for a large file: stream it into the slot's object, chunked by the object store. */
async function streamInto(name: string, size: number, head: Buffer): Promise<string> {
  const hash = createHash('sha256');
  let sent = 0;
  const chunk = Buffer.alloc(1024 * 1024, 7);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= size) return controller.close();
      let part = chunk.subarray(0, Math.min(chunk.length, size - sent));
      if (sent === 0) part = Buffer.concat([head, part.subarray(head.length)]);
      hash.update(part);
      sent += part.length;
      controller.enqueue(part);
    },
  });
  await os.put({ name }, stream);
  return hash.digest('hex');
}

describe('small files in one message', () => {
  it('stores the bytes under <office>/<id>, detected type, size, sha256, alt text; download round-trips', async () => {
    const png = f.png(300);
    const a = await upload(png, 'grafik-partisipasi.png', 'image/png', { alt: 'Grafik partisipasi pemilih' });
    expect(a).toMatchObject({
      itemId,
      status: 'ready',
      mediaType: 'image/png',
      kind: 'image',
      size: png.length,
      sha256: sha(png),
      alt: 'Grafik partisipasi pemilih',
      reference: `attachment:${a.attachmentId}`,
    });
    expect(await objects()).toContain(`${A}/${a.attachmentId}`);
    const down = await h.client.send('content.attachment.download', {
      office: A,
      attachmentId: a.attachmentId,
      inline: true,
    });
    expect(Buffer.from(down.dataBase64!, 'base64').equals(png)).toBe(true);
    expect(down.store).toEqual({ bucket: mediaBucketName(), name: `${A}/${a.attachmentId}` });
    const events = (await h.outbox()).filter(
      (e) => e.data.attachmentId === a.attachmentId || e.data.entityId === a.attachmentId,
    );
    expect(events.map((e) => e.type)).toEqual(['content.attachment-added', 'audit.change-recorded']);
    expect(events[0]!.data).toMatchObject({ kind: 'image', size: png.length, sha256: sha(png) });
  });

  it('refuses bytes that lie about their name or claimed type, storing nothing', async () => {
    const before = await objects();
    expect(await failure(upload(f.pdf(), 'foto.jpg', 'application/octet-stream'))).toMatchObject({
      status: 422,
      code: 'type-mismatch',
      detail: { extension: 'jpg', detected: 'application/pdf' },
    });
    expect(await failure(upload(f.png(), 'foto.png', 'image/jpeg'))).toMatchObject({
      status: 422,
      code: 'type-mismatch',
      detail: { claimed: 'image/jpeg', detected: 'image/png' },
    });
    expect(await failure(upload(f.pdf(), 'foto.jpg', 'image/jpeg'))).toMatchObject({
      status: 422,
      code: 'type-mismatch',
    });
    const html = await failure(upload(f.html(), 'surat.pdf', 'application/pdf'));
    expect(html).toMatchObject({ status: 415, code: 'unsupported-type' });
    expect(html.messages.id).toMatch(/tidak didukung/);
    expect(
      await failure(
        upload(
          f.docm(),
          'memo.docx',
          'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        ),
      ),
    ).toMatchObject({
      status: 415,
    });
    expect(await objects()).toEqual(before);
  });

  it('sends files over the inline limit to the upload slots (413)', async () => {
    const err = await failure(upload(f.png(600 * 1024), 'besar.png', 'image/png'));
    expect(err).toMatchObject({
      status: 413,
      code: 'too-large',
      detail: { use: 'content.attachment.begin-upload' },
    });
  });

  it('replays a retried upload: one attachment, one object', async () => {
    const k = key();
    const send = () =>
      h.client.send('content.attachment.upload', {
        ...author(A),
        idempotencyKey: k,
        itemId,
        fileName: 'sk.pdf',
        mediaType: 'application/pdf',
        dataBase64: f.pdf().toString('base64'),
      });
    const [a, b] = await Promise.all([send(), send()]);
    expect(a.attachmentId).toBe(b.attachmentId);
    const rows = await h.ds.query(
      `SELECT count(*)::int AS n FROM content.attachments WHERE file_name = 'sk.pdf'`,
    );
    expect(rows[0].n).toBe(1);
  });
});

describe('large files through an upload slot and the object store', () => {
  it('takes a 3 MB video streamed into the slot and checks it from the bytes', async () => {
    const size = 3 * 1024 * 1024 + 17;
    const slot = await h.client.send('content.attachment.begin-upload', {
      ...author(A),
      idempotencyKey: key(),
      itemId,
      fileName: 'liputan.mp4',
      mediaType: 'video/mp4',
      size,
      caption: 'Liputan rapat pleno',
    });
    expect(slot).toMatchObject({
      store: { bucket: mediaBucketName(), name: `${A}/${slot.attachmentId}` },
      maxBytes: 200 * 1024 * 1024,
    });
    const pending = await h.client.send('content.attachment.get', {
      office: A,
      attachmentId: slot.attachmentId,
    });
    expect(pending.status).toBe('pending');
    // What the gateway asks right before it streams the bytes: the same object, the announced file.
    expect(
      await h.client.send('content.attachment.upload-slot', { office: A, attachmentId: slot.attachmentId }),
    ).toEqual({
      attachmentId: slot.attachmentId,
      itemId,
      fileName: 'liputan.mp4',
      mediaType: 'video/mp4',
      size,
      store: slot.store,
      maxBytes: 200 * 1024 * 1024,
      expiresAt: slot.expiresAt,
    });
    expect(
      await failure(
        h.client.send('content.attachment.register', {
          ...author(A),
          idempotencyKey: key(),
          attachmentId: slot.attachmentId,
        }),
      ),
    ).toMatchObject({ status: 409, code: 'upload-missing' });

    const digest = await streamInto(slot.store.name, size, f.mp4());
    const ready = await h.client.send('content.attachment.register', {
      ...author(A),
      idempotencyKey: key(),
      attachmentId: slot.attachmentId,
    });
    expect(ready).toMatchObject({
      status: 'ready',
      mediaType: 'video/mp4',
      kind: 'video',
      size,
      sha256: digest,
    });
    const down = await h.client.send('content.attachment.download', {
      office: A,
      attachmentId: slot.attachmentId,
      inline: true,
    });
    expect(down.dataBase64).toBeUndefined(); // too big to inline: the caller reads the object
    const stored = await os.getBlob(down.store.name);
    expect(sha(stored!)).toBe(digest);
    // Registering again changes nothing.
    const again = await h.client.send('content.attachment.register', {
      ...author(A),
      idempotencyKey: key(),
      attachmentId: slot.attachmentId,
    });
    expect(again).toEqual(ready);
    expect(
      (await h.outbox('content.attachment-added')).filter((e) => e.data.attachmentId === slot.attachmentId),
    ).toHaveLength(1);
    // A ready attachment's bytes never change: no slot to write into any more.
    expect(
      await failure(
        h.client.send('content.attachment.upload-slot', { office: A, attachmentId: slot.attachmentId }),
      ),
    ).toMatchObject({ status: 409, code: 'already-uploaded' });
  });

  it('takes a video of exactly the 200 MB limit, and registers it without reading it all', async () => {
    const size = 200 * 1024 * 1024;
    const slot = await h.client.send('content.attachment.begin-upload', {
      ...author(A),
      idempotencyKey: key(),
      itemId,
      fileName: 'rapat-pleno-lengkap.mp4',
      mediaType: 'video/mp4',
      size,
    });
    const digest = await streamInto(slot.store.name, size, f.mp4());
    const started = Date.now();
    const ready = await h.client.send('content.attachment.register', {
      ...author(A),
      idempotencyKey: key(),
      attachmentId: slot.attachmentId,
    });
    expect(Date.now() - started).toBeLessThan(5_000); // within a default command timeout
    expect(ready).toMatchObject({ status: 'ready', size, sha256: digest, kind: 'video' });
    await h.client.send('content.attachment.delete', {
      ...author(A),
      idempotencyKey: key(),
      attachmentId: slot.attachmentId,
    });
  }, 120_000);

  it('refuses an announced size over the limit, and deletes stored bytes that break it (slot stays open)', async () => {
    expect(
      await failure(
        h.client.send('content.attachment.begin-upload', {
          ...author(A),
          idempotencyKey: key(),
          itemId,
          fileName: 'film.mp4',
          mediaType: 'video/mp4',
          size: 201 * 1024 * 1024,
        }),
      ),
    ).toMatchObject({ status: 413, code: 'too-large' });

    const slot = await h.client.send('content.attachment.begin-upload', {
      ...author(A),
      idempotencyKey: key(),
      itemId,
      fileName: 'poster.png',
      mediaType: 'image/png',
      size: 5 * 1024 * 1024,
    });
    await streamInto(slot.store.name, 10 * 1024 * 1024 + 1, f.png());
    const tooBig = await failure(
      h.client.send('content.attachment.register', {
        ...author(A),
        idempotencyKey: key(),
        attachmentId: slot.attachmentId,
      }),
    );
    expect(tooBig).toMatchObject({ status: 413, code: 'too-large', detail: { kind: 'image' } });
    expect(await objects()).not.toContain(slot.store.name);
    // A PDF in a slot named .png is refused the same way.
    await streamInto(slot.store.name, 2000, f.pdf());
    expect(
      await failure(
        h.client.send('content.attachment.register', {
          ...author(A),
          idempotencyKey: key(),
          attachmentId: slot.attachmentId,
        }),
      ),
    ).toMatchObject({ status: 422, code: 'type-mismatch' });
    // The right bytes into the same slot are accepted.
    await streamInto(slot.store.name, 4 * 1024 * 1024, f.png());
    const ok = await h.client.send('content.attachment.register', {
      ...author(A),
      idempotencyKey: key(),
      attachmentId: slot.attachmentId,
    });
    expect(ok).toMatchObject({ status: 'ready', size: 4 * 1024 * 1024 });
  });

  it('expires slots nobody filled: register is 410 and the sweeper removes them', async () => {
    const slot = await h.client.send('content.attachment.begin-upload', {
      ...author(A),
      idempotencyKey: key(),
      itemId,
      fileName: 'lambat.webm',
      mediaType: 'video/webm',
      size: 1000,
    });
    await streamInto(slot.store.name, 1000, f.webm());
    await h.ds.query(
      `UPDATE content.attachments SET expires_at = now() - interval '1 minute' WHERE id = $1`,
      [slot.attachmentId],
    );
    expect(
      await failure(
        h.client.send('content.attachment.register', {
          ...author(A),
          idempotencyKey: key(),
          attachmentId: slot.attachmentId,
        }),
      ),
    ).toMatchObject({ status: 410, code: 'upload-expired' });
    expect(
      await failure(
        h.client.send('content.attachment.upload-slot', { office: A, attachmentId: slot.attachmentId }),
      ),
    ).toMatchObject({ status: 410, code: 'upload-expired' });
    const slot2 = await h.client.send('content.attachment.begin-upload', {
      ...author(A),
      idempotencyKey: key(),
      itemId,
      fileName: 'lupa.webm',
      mediaType: 'video/webm',
      size: 1000,
    });
    await streamInto(slot2.store.name, 1000, f.webm());
    expect(
      await h.app.get(AttachmentUploadsService).sweepExpired(new Date(Date.now() + 2 * 60 * 60 * 1000)),
    ).toBeGreaterThanOrEqual(2);
    expect(await objects()).not.toContain(slot2.store.name);
    expect(
      await failure(h.client.send('content.attachment.get', { office: A, attachmentId: slot2.attachmentId })),
    ).toMatchObject({
      status: 404,
    });
  });
});

describe('attachments in the body', () => {
  it('lets the body show its own images, refuses to delete one in use, deletes it once unused', async () => {
    const photo = await upload(f.jpeg(), 'pleno.jpg', 'image/jpeg', { alt: 'Suasana rapat pleno' });
    const { item } = await h.client.send('content.item.update', {
      ...author(A),
      idempotencyKey: key(),
      itemId,
      body: `<p>Foto kegiatan.</p><figure><img src="attachment:${photo.attachmentId}"><figcaption>Rapat</figcaption></figure>`,
    });
    expect(item.body).toContain(`<img src="attachment:${photo.attachmentId}" alt="Suasana rapat pleno" />`);
    const inUse = await failure(
      h.client.send('content.attachment.delete', {
        ...author(A),
        idempotencyKey: key(),
        attachmentId: photo.attachmentId,
      }),
    );
    expect(inUse).toMatchObject({
      status: 409,
      code: 'attachment-in-use',
      detail: { revisions: [item.currentRevision.number] },
    });

    await h.client.send('content.item.update', {
      ...author(A),
      idempotencyKey: key(),
      itemId,
      body: '<p>Foto kegiatan.</p>',
    });
    const removed = await h.client.send('content.attachment.delete', {
      ...author(A),
      idempotencyKey: key(),
      attachmentId: photo.attachmentId,
    });
    expect(removed).toEqual({ attachmentId: photo.attachmentId, removed: true });
    expect(await objects()).not.toContain(`${A}/${photo.attachmentId}`);
    expect(
      await failure(h.client.send('content.attachment.get', { office: A, attachmentId: photo.attachmentId })),
    ).toMatchObject({
      status: 404,
      code: 'attachment-not-found',
    });
    const [event] = (await h.outbox('content.attachment-removed')).filter(
      (e) => e.data.attachmentId === photo.attachmentId,
    );
    expect(event).toMatchObject({ office: A, data: { itemId } });
  });

  it('updates alt text and caption, with the change in the audit', async () => {
    const a = await upload(f.gif(), 'animasi.gif', 'image/gif');
    expect(a.alt).toBeNull();
    const updated = await h.client.send('content.attachment.update', {
      ...author(A),
      idempotencyKey: key(),
      attachmentId: a.attachmentId,
      alt: 'Animasi tahapan pemilu',
    });
    expect(updated.alt).toBe('Animasi tahapan pemilu');
    const [audit] = (await h.outbox('audit.change-recorded')).filter(
      (e) => e.data.entityId === a.attachmentId && e.data.action === 'update',
    );
    expect(audit!.data.changes).toEqual([{ field: 'alt', old: null, new: 'Animasi tahapan pemilu' }]);
    const list = await h.client.send('content.attachment.list', { office: A, itemId });
    expect(list.attachments.map((x) => x.attachmentId)).toContain(a.attachmentId);
  });
});

describe('retried attachment commands', () => {
  it('begin-upload, update and delete with the same key change nothing twice', async () => {
    const k = key();
    const begin = () =>
      h.client.send('content.attachment.begin-upload', {
        ...author(A),
        idempotencyKey: k,
        itemId,
        fileName: 'ulang.mp4',
        mediaType: 'video/mp4',
        size: 5000,
      });
    const [s1, s2] = await Promise.all([begin(), begin()]);
    expect(s1).toEqual(s2);
    const slots = await h.ds.query(
      `SELECT count(*)::int AS n FROM content.attachments WHERE file_name = 'ulang.mp4'`,
    );
    expect(slots[0].n).toBe(1);

    const a = await upload(f.webp(), 'peta.webp', 'image/webp');
    const u = key();
    const describe = (alt: string) =>
      h.client.send('content.attachment.update', {
        ...author(A),
        idempotencyKey: u,
        attachmentId: a.attachmentId,
        alt,
      });
    await describe('Peta TPS');
    await describe('Peta TPS');
    const audits = (await h.outbox('audit.change-recorded')).filter(
      (e) => e.data.entityId === a.attachmentId && e.data.action === 'update',
    );
    expect(audits).toHaveLength(1);
    expect(await failure(describe('Lain'))).toMatchObject({ status: 422, code: 'idempotency-key-reused' });

    const d = key();
    const remove = () =>
      h.client.send('content.attachment.delete', {
        ...author(A),
        idempotencyKey: d,
        attachmentId: a.attachmentId,
      });
    expect(await remove()).toEqual(await remove());
    expect(
      (await h.outbox('content.attachment-removed')).filter((e) => e.data.attachmentId === a.attachmentId),
    ).toHaveLength(1);
  });
});

describe('tenancy', () => {
  it("answers not-found for every command naming another office's attachment", async () => {
    const a = await upload(f.pdf(), 'rahasia.pdf', 'application/pdf');
    const slot = await h.client.send('content.attachment.begin-upload', {
      ...author(A),
      idempotencyKey: key(),
      itemId,
      fileName: 'rahasia.mp4',
      mediaType: 'video/mp4',
      size: 1000,
    });
    const calls: Promise<unknown>[] = [
      h.client.send('content.attachment.upload-slot', { office: B, attachmentId: slot.attachmentId }),
      h.client.send('content.attachment.get', { office: B, attachmentId: a.attachmentId }),
      h.client.send('content.attachment.download', { office: B, attachmentId: a.attachmentId, inline: true }),
      h.client.send('content.attachment.update', {
        ...author(B),
        idempotencyKey: key(),
        attachmentId: a.attachmentId,
        alt: 'x',
      }),
      h.client.send('content.attachment.delete', {
        ...author(B),
        idempotencyKey: key(),
        attachmentId: a.attachmentId,
      }),
      h.client.send('content.attachment.register', {
        ...author(B),
        idempotencyKey: key(),
        attachmentId: a.attachmentId,
      }),
    ];
    for (const call of calls)
      expect(await failure(call)).toMatchObject({ status: 404, code: 'attachment-not-found' });
    expect(
      (await h.client.send('content.attachment.get', { office: A, attachmentId: a.attachmentId })).status,
    ).toBe('ready');
  });
});

describe('hostile uploads', () => {
  const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

  it('refuses zip bombs dressed as documents within seconds, storing nothing', async () => {
    const before = await objects();
    for (const build of [f.bombs.lying, f.bombs.contentTypes, f.bombs.overlapping]) {
      const file = build();
      const started = Date.now();
      const refused = await failure(upload(file, 'laporan.docx', docxType));
      expect([refused.status, refused.code]).toEqual([422, 'unsafe-archive']);
      expect(refused.messages.id).toContain('zip bomb');
      expect(Date.now() - started).toBeLessThan(5_000);
    }
    expect(await objects()).toEqual(before);
    // A real document is still taken.
    expect(await upload(f.docx(), 'laporan.docx', docxType)).toMatchObject({
      status: 'ready',
      mediaType: docxType,
    });
  });

  it('refuses a zip bomb streamed into an upload slot, and deletes its bytes', async () => {
    const file = f.bombs.declared();
    const slot = await h.client.send('content.attachment.begin-upload', {
      ...author(A),
      idempotencyKey: key(),
      itemId,
      fileName: 'notulen.docx',
      mediaType: docxType,
      size: file.length,
    });
    await os.putBlob({ name: slot.store.name }, file);
    const started = Date.now();
    const refused = await failure(
      h.client.send('content.attachment.register', {
        ...author(A),
        idempotencyKey: key(),
        attachmentId: slot.attachmentId,
      }),
    );
    expect([refused.status, refused.code]).toEqual([422, 'unsafe-archive']);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await objects()).not.toContain(slot.store.name);
  });

  it('refuses more bytes than the slot announced, even within the type limit', async () => {
    const slot = await h.client.send('content.attachment.begin-upload', {
      ...author(A),
      idempotencyKey: key(),
      itemId,
      fileName: 'ikon.png',
      mediaType: 'image/png',
      size: 73,
    });
    await streamInto(slot.store.name, 1_073, f.png());
    const refused = await failure(
      h.client.send('content.attachment.register', {
        ...author(A),
        idempotencyKey: key(),
        attachmentId: slot.attachmentId,
      }),
    );
    expect([refused.status, refused.code]).toEqual([413, 'too-large']);
    expect(refused.detail).toMatchObject({ size: 1_073, announced: 73 });
    expect(await objects()).not.toContain(slot.store.name);
    // The announced size is taken.
    await streamInto(slot.store.name, 73, f.png());
    expect(
      await h.client.send('content.attachment.register', {
        ...author(A),
        idempotencyKey: key(),
        attachmentId: slot.attachmentId,
      }),
    ).toMatchObject({ status: 'ready', size: 73 });
  });
});
