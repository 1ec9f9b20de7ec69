import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import {
  type AttachmentView,
  type CommandRequest,
  commandErrorReply,
  natsPrefix,
  type ObjectLocation,
} from '@tatalaman/contracts';
import { serveCommand, type ServedCommand } from '@tatalaman/testing';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { type ObjectStore, Objm } from '@nats-io/obj';
import { call, eventually, expectStatus, startGateway, type TestGateway } from './support/harness';
import { buildWorld, type World } from './support/world';

const MB = 1024 * 1024;

/** The head of an MP4 file (`ftyp` box, brand isom), as the content service's sniffer knows it. */
function mp4Head(): Buffer {
  const box = Buffer.alloc(24);
  box.writeUInt32BE(24, 0);
  box.write('ftypisomisom', 4, 'latin1');
  box.write('iso2mp41', 16, 'latin1');
  return box;
}

/** Bytes generated piece by piece, so the test does not hold the file either. */
function* pieces(size: number, head: Buffer, piece = MB): Generator<Buffer> {
  for (let sent = 0; sent < size;) {
    const n = Math.min(piece, size - sent);
    const part = Buffer.alloc(n, (sent / piece) % 251);
    if (sent === 0) head.copy(part, 0, 0, Math.min(head.length, n));
    sent += n;
    yield part;
  }
}

interface RawReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/**
 * A raw upload with node:http: Content-Length as given, the body written from `source`;
 * `pause` (a byte count) stops writing there until `resume()` is called.
 */
function upload(
  gw: TestGateway,
  path: string,
  options: {
    token: string;
    contentType?: string;
    length?: number;
    source: Iterable<Buffer>;
    key?: string;
    pauseAt?: number;
  },
): { done: Promise<RawReply>; resume: () => void; paused: Promise<void>; sha256: () => string } {
  const hash = createHash('sha256');
  let resume!: () => void;
  let pausedResolve!: () => void;
  const paused = new Promise<void>((r) => (pausedResolve = r));
  const resumed = new Promise<void>((r) => (resume = r));
  const done = new Promise<RawReply>((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = {
      authorization: `Bearer ${options.token}`,
      'idempotency-key': options.key ?? randomUUID(),
    };
    if (options.contentType) headers['content-type'] = options.contentType;
    if (options.length !== undefined) headers['content-length'] = options.length;
    // A fresh connection each time: a refused upload leaves the server expecting the rest of its body.
    const req = http.request(`${gw.url}${path}`, {
      method: path.includes('/attachments/file') ? 'POST' : 'PUT',
      headers,
      agent: false,
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : {} }),
      );
    });
    req.on('error', reject);
    void (async () => {
      let sent = 0;
      let waited = false;
      for (const part of options.source) {
        if (!waited && options.pauseAt !== undefined && sent >= options.pauseAt) {
          waited = true;
          pausedResolve();
          await resumed;
        }
        hash.update(part);
        sent += part.length;
        if (!req.write(part)) await new Promise((r) => req.once('drain', r));
      }
      req.end();
      pausedResolve();
    })().catch(reject);
  });
  return { done, resume, paused, sha256: () => hash.digest('hex') };
}

describe('attachment uploads and downloads', () => {
  let gw: TestGateway;
  let w: World;
  let os: ObjectStore;
  let jsm: JetStreamManager;
  const bucket = `${natsPrefix()}-media`;
  const served: { stop(): void }[] = [];
  const slots = new Map<
    string,
    { office: string; itemId: string; mediaType: string; size: number; fileName: string }
  >();
  const itemId = randomUUID();
  let registered: CommandRequest<'content.attachment.register'>[];

  const location = (office: string, id: string): ObjectLocation => ({ bucket, name: `${office}/${id}` });
  const view = (id: string, sha256: string | null, size: number): AttachmentView => ({
    attachmentId: id,
    itemId,
    status: 'ready',
    fileName: slots.get(id)?.fileName ?? 'x',
    mediaType: slots.get(id)?.mediaType ?? 'video/mp4',
    kind: 'video',
    size,
    sha256,
    alt: null,
    caption: null,
    uploadedBy: { kind: 'user', id: 'u', name: 'U' },
    createdAt: new Date().toISOString(),
    reference: `attachment:${id}`,
  });

  beforeAll(async () => {
    gw = await startGateway('uploads');
    w = await buildWorld(gw);
    jsm = await jetstreamManager(gw.nc);
    // The content service owns the bucket (the gateway never creates one).
    os = await new Objm(jetstream(gw.nc, { timeout: 120_000 })).create(bucket);
    const nc = gw.nc;
    const notFound = () => commandErrorReply(404, 'attachment-not-found', { id: 'Tidak ada.', en: 'None.' });
    // The content service at its contract boundary: slots, and register checking the stored object.
    served.push(
      serveCommand(nc, 'content.item.get', (r) => {
        if (r.office !== w.a.office || r.itemId !== itemId)
          throw commandErrorReply(404, 'item-not-found', { id: 'Tidak ada.', en: 'None.' });
        return {} as never;
      }),
    );
    served.push(
      serveCommand(nc, 'content.attachment.begin-upload', (r) => {
        const id = randomUUID();
        slots.set(id, {
          office: r.office,
          itemId: r.itemId,
          mediaType: r.mediaType,
          size: r.size,
          fileName: r.fileName,
        });
        return {
          attachmentId: id,
          store: location(r.office, id),
          maxBytes: 200 * MB,
          expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
        };
      }),
    );
    served.push(
      serveCommand(nc, 'content.attachment.upload-slot', (r) => {
        const slot = slots.get(r.attachmentId);
        if (!slot || slot.office !== r.office) throw notFound();
        if (registered.some((x) => x.attachmentId === r.attachmentId))
          throw commandErrorReply(409, 'already-uploaded', { id: 'Sudah.', en: 'Already.' });
        return {
          attachmentId: r.attachmentId,
          itemId: slot.itemId,
          fileName: slot.fileName,
          mediaType: slot.mediaType,
          size: slot.size,
          store: location(r.office, r.attachmentId),
          maxBytes: slot.mediaType.startsWith('image/') ? 10 * MB : 200 * MB,
          expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
        };
      }),
    );
    served.push(
      serveCommand(nc, 'content.attachment.register', async (r) => {
        const slot = slots.get(r.attachmentId);
        if (!slot || slot.office !== r.office) throw notFound();
        // As content does: the object's head decides the type, its metadata the size and digest.
        const info = await os.info(`${r.office}/${r.attachmentId}`);
        if (!info || info.deleted)
          throw commandErrorReply(409, 'upload-missing', { id: 'Belum ada.', en: 'Nothing yet.' });
        const head = Buffer.from((await os.getBlob(`${r.office}/${r.attachmentId}`))!.subarray(0, 12));
        if (head.subarray(4, 8).toString('latin1') !== 'ftyp') {
          await os.delete(`${r.office}/${r.attachmentId}`);
          throw commandErrorReply(422, 'type-mismatch', {
            id: 'Isi berkas bukan video/mp4.',
            en: "The file's content is not video/mp4.",
          });
        }
        registered.push(r);
        const sha = Buffer.from(info.digest.slice('SHA-256='.length), 'base64url').toString('hex');
        return view(r.attachmentId, sha, info.size);
      }),
    );
    served.push(
      serveCommand(nc, 'content.attachment.upload', (r) => {
        slots.set('inline', {
          office: r.office,
          itemId: r.itemId,
          mediaType: r.mediaType,
          size: 0,
          fileName: r.fileName,
        });
        return {
          ...view(randomUUID(), null, Buffer.from(r.dataBase64, 'base64').length),
          fileName: r.dataBase64,
        };
      }),
    );
  }, 60_000);
  beforeEach(() => (registered = []));
  afterAll(async () => {
    for (const s of served) s.stop();
    await os?.destroy().catch(() => undefined);
    await gw?.close();
  });

  async function begin(size: number, mediaType = 'video/mp4') {
    const res = await call(gw, 'POST', `/api/v1/offices/${w.a.office}/items/${itemId}/attachments/uploads`, {
      token: w.a.staff.token,
      body: { fileName: 'rapat-pleno.mp4', mediaType, size },
    });
    expectStatus(res, 201);
    expect(res.body.uploadUrl).toBe(
      `/api/v1/offices/${w.a.office}/attachments/${res.body.attachmentId}/content`,
    );
    expect(res.body.method).toBe('PUT');
    return res.body as { attachmentId: string; uploadUrl: string };
  }

  it('streams a multi-MB body into the object store while it is still arriving, then registers it', async () => {
    const size = 24 * MB + 17;
    const slot = await begin(size);
    const streamName = `OBJ_${bucket}`;
    const bytesBefore = (await jsm.streams.info(streamName)).state.bytes;
    const up = upload(gw, slot.uploadUrl, {
      token: w.a.staff.token,
      contentType: 'video/mp4',
      length: size,
      source: pieces(size, mp4Head()),
      pauseAt: 12 * MB,
    });
    await up.paused;
    try {
      // Half the body sent, the request not finished: most of that half is in the store already,
      // so the gateway is not collecting the body before writing it.
      await eventually(
        async () => (await jsm.streams.info(streamName)).state.bytes - bytesBefore >= 6 * MB,
        10_000,
        'the first half in the object store',
      );
      expect(registered).toHaveLength(0);
    } finally {
      up.resume();
    }
    const res = await up.done;
    expect([res.status, res.body]).toEqual([200, expect.objectContaining({ status: 'ready', size })]);
    const digest = up.sha256();
    expect(res.body.sha256).toBe(digest);
    const info = await os.info(`${w.a.office}/${slot.attachmentId}`);
    expect(info?.size).toBe(size);
    expect(registered).toEqual([
      expect.objectContaining({
        office: w.a.office,
        attachmentId: slot.attachmentId,
        actor: expect.objectContaining({ id: w.a.staff.id }),
        roles: [{ role: 'kabag' }],
      }),
    ]);
    // A registered attachment's bytes never change.
    const again = upload(gw, slot.uploadUrl, {
      token: w.a.staff.token,
      contentType: 'video/mp4',
      length: 100,
      source: pieces(100, mp4Head()),
    });
    const refused = await again.done;
    expect([refused.status, refused.body.code]).toEqual([409, 'already-uploaded']);
    expect((await os.info(`${w.a.office}/${slot.attachmentId}`))?.digest).toBe(info?.digest);
  }, 60_000);

  it('refuses a wrong Content-Type, a missing length, a too large file and lying bytes with problem+json', async () => {
    const slot = await begin(1000);
    const name = `${w.a.office}/${slot.attachmentId}`;
    const attempt = (contentType: string | undefined, length: number | undefined, head = mp4Head()) =>
      upload(gw, slot.uploadUrl, {
        token: w.a.staff.token,
        contentType,
        length,
        // Never more than 1000 bytes: refusals come before the body is read.
        source: pieces(Math.min(length ?? 1000, 1000), head),
      }).done;

    const announcedOther = await attempt('image/png', 1000);
    expect(announcedOther.status).toBe(422);
    expect(announcedOther.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(announcedOther.body).toMatchObject({ code: 'type-mismatch', title: 'Jenis berkas tidak sesuai' });

    const notAFile = await attempt('text/html', 1000);
    expect([notAFile.status, notAFile.body.code]).toEqual([415, 'unsupported-type']);

    const chunked = await attempt('video/mp4', undefined);
    expect([chunked.status, chunked.body.code]).toEqual([411, 'length-required']);

    const tooLarge = await attempt('video/mp4', 200 * MB + 1);
    expect([tooLarge.status, tooLarge.body.code]).toEqual([413, 'too-large']);
    // More than the slot announced (1000 bytes), though well within what a video may be.
    const overAnnounced = await attempt('video/mp4', 1073);
    expect([overAnnounced.status, overAnnounced.body.code, overAnnounced.body.announced]).toEqual([
      413,
      'too-large',
      1000,
    ]);
    expect(overAnnounced.body.detail).toContain('diumumkan');
    expect(await os.info(name)).toBeNull();
    expect(registered).toEqual([]);

    // Bytes that are not what the slot announced: the service's refusal, passed through.
    const lying = await attempt('video/mp4', 1000, Buffer.from('<!doctype html><script>'));
    expect(lying.status).toBe(422);
    expect(lying.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(lying.body).toMatchObject({ code: 'type-mismatch', detail: 'Isi berkas bukan video/mp4.' });
    expect((await os.info(name))?.deleted ?? true).toBe(true);

    // The slot stays open: the right bytes are taken.
    const fixed = await attempt('application/octet-stream', 1000);
    expect([fixed.status, fixed.body.status]).toEqual([200, 'ready']);
  }, 60_000);

  it('lets one request at a time write into a slot', async () => {
    const size = 8 * MB;
    const slot = await begin(size);
    const first = upload(gw, slot.uploadUrl, {
      token: w.a.staff.token,
      contentType: 'video/mp4',
      length: size,
      source: pieces(size, mp4Head()),
      pauseAt: 2 * MB,
    });
    await first.paused;
    await new Promise((r) => setTimeout(r, 300));
    const second = upload(gw, slot.uploadUrl, {
      token: w.a.other.token,
      contentType: 'video/mp4',
      length: 1000,
      source: pieces(1000, mp4Head()),
    });
    const busy = await second.done;
    expect([busy.status, busy.body.code, busy.headers['retry-after']]).toEqual([
      409,
      'upload-in-progress',
      '5',
    ]);
    first.resume();
    expect((await first.done).status).toBe(200);
    expect(registered).toHaveLength(1);
  }, 60_000);

  it('replays a retried upload without reading it again or registering twice', async () => {
    const slot = await begin(2 * MB);
    const key = randomUUID();
    const send = () =>
      upload(gw, slot.uploadUrl, {
        token: w.a.staff.token,
        contentType: 'video/mp4',
        length: 2 * MB,
        source: pieces(2 * MB, mp4Head()),
        key,
      }).done;
    const first = await send();
    expect(first.status).toBe(200);
    const again = await send();
    expect([again.status, again.headers['idempotent-replayed'], again.body]).toEqual([
      200,
      'true',
      first.body,
    ]);
    expect(registered).toHaveLength(1);
  }, 60_000);

  it('takes a whole file in one request: small ones inline, large ones through a slot', async () => {
    const path = `/api/v1/offices/${w.a.office}/items/${itemId}/attachments/file?fileName=foto.png&alt=Foto`;
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(500),
    ]);
    const small = await upload(gw, path, {
      token: w.a.staff.token,
      contentType: 'image/png',
      length: png.length,
      source: [png],
    }).done;
    expect(small.status).toBe(201);
    // The fake echoes the base64 it was given as the file name.
    expect(small.body.fileName).toBe(png.toString('base64'));

    const size = 3 * MB;
    const key = randomUUID();
    const large = upload(gw, path.replace('foto.png', 'video.mp4'), {
      token: w.a.staff.token,
      contentType: 'video/mp4',
      length: size,
      source: pieces(size, mp4Head()),
      key,
    });
    const res = await large.done;
    expect([res.status, res.body.size, res.body.sha256]).toEqual([201, size, large.sha256()]);
    // Two commands to content in one request: each with its own key.
    expect(registered[0]!.idempotencyKey).toBe(`${key}:register`);

    const unknownItem = await upload(
      gw,
      `/api/v1/offices/${w.a.office}/items/${randomUUID()}/attachments/file?fileName=a.png`,
      { token: w.a.staff.token, contentType: 'application/json', length: 2, source: [Buffer.from('{}')] },
    ).done;
    expect([unknownItem.status, unknownItem.body.code]).toEqual([404, 'item-not-found']);
  }, 60_000);

  describe('downloads', () => {
    const stored = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300_000, 9)]);
    const id = randomUUID();
    const fileName = 'Foto rapat — Semarang "pleno".jpg';
    let download: ServedCommand<'content.attachment.download'>;

    beforeAll(async () => {
      await os.put({ name: `${w.a.office}/${id}` }, new Blob([stored]).stream());
      download = serveCommand(gw.nc, 'content.attachment.download', (r) => {
        if (r.office !== w.a.office)
          throw commandErrorReply(404, 'attachment-not-found', { id: 'x', en: 'x' });
        const sha = createHash('sha256').update(stored).digest('hex');
        return {
          attachment: { ...view(r.attachmentId, sha, stored.length), fileName, mediaType: 'image/jpeg' },
          store: location(r.office, r.attachmentId),
        };
      });
    });
    afterAll(() => download?.stop());

    it('streams the stored bytes with their media type, length, file name, digest and a sandbox', async () => {
      const res = await fetch(`${gw.url}/api/v1/offices/${w.a.office}/attachments/${id}/content`, {
        headers: { authorization: `Bearer ${w.a.staff.token}` },
      });
      expect(res.status).toBe(200);
      expect(
        Object.fromEntries(
          ['content-type', 'content-length', 'content-disposition', 'etag'].map((h) => [
            h,
            res.headers.get(h),
          ]),
        ),
      ).toEqual({
        'content-type': 'image/jpeg',
        'content-length': String(stored.length),
        'content-disposition':
          `attachment; filename="Foto rapat _ Semarang _pleno_.jpg"; ` +
          `filename*=UTF-8''Foto%20rapat%20%E2%80%94%20Semarang%20%22pleno%22.jpg`,
        etag: `"${createHash('sha256').update(stored).digest('hex')}"`,
      });
      expect(res.headers.get('content-security-policy')).toMatch(/^sandbox/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(Buffer.from(await res.arrayBuffer()).equals(stored)).toBe(true);

      const inline = await fetch(
        `${gw.url}/api/v1/offices/${w.a.office}/attachments/${id}/content?disposition=inline`,
        {
          headers: { authorization: `Bearer ${w.a.staff.token}` },
        },
      );
      expect(inline.headers.get('content-disposition')).toMatch(/^inline; filename=/);
      await inline.arrayBuffer();
    });

    it('answers 502 bytes-missing when the store lost the object, and 404 to other offices', async () => {
      const missing = await call(
        gw,
        'GET',
        `/api/v1/offices/${w.a.office}/attachments/${randomUUID()}/content`,
        {
          token: w.a.staff.token,
          lang: 'en',
        },
      );
      expect([missing.status, missing.body.code]).toEqual([502, 'bytes-missing']);
      const theirs = await call(gw, 'GET', `/api/v1/offices/${w.a.office}/attachments/${id}/content`, {
        token: w.b.staff.token,
      });
      expect(theirs.status).toBe(404);
    });
  });
});
