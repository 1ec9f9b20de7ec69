import { zonedTimeToUtc } from '@tatalaman/working-time';
import { admin, failure, key, member, PublishingHarness, waitFor } from './support/harness';

/** `YYYY-MM-DDTHH:mm:ss` of an instant in a zone. */
function localWall(ms: number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(ms)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

describe('correct, retract and schedule', () => {
  const h = new PublishingHarness();
  const office = 'kpu-kota-palu';

  beforeAll(() => h.start('publife'), 60_000);
  afterAll(() => h.stop());

  it('publishes a correction as a new revision with a visible note', async () => {
    const { itemId, answer } = await h.publishNew(office, {
      type: 'pengumuman',
      title: 'Jadwal Pendaftaran Badan Adhoc',
      body: '<p>Pendaftaran dibuka 1 Maret 2026.</p>',
      fields: {
        number: '12/PP.04-Pu/7271/2026',
        validFrom: '2026-03-01',
        informationCategory: 'serta-merta',
      },
    });
    const path = new URL(answer.receipts[0]!.url).pathname;
    // The office fixes the date; a short run approves revision 2.
    h.content.revise(itemId, { body: '<p>Pendaftaran dibuka 2 Maret 2026.</p>' });
    h.content.approve(itemId, `run-2-${itemId}`, 2);
    const corrected = await h.client.send('publishing.publication.correct', {
      ...admin(office),
      idempotencyKey: key('fix'),
      itemId,
      note: 'Tanggal pembukaan pendaftaran diperbaiki dari 1 Maret menjadi 2 Maret 2026.',
    });
    expect(corrected).toMatchObject({ status: 'published', revision: 2, publicationRevision: 2, path });
    expect(corrected.corrections).toEqual([
      expect.objectContaining({ revision: 2, note: expect.stringContaining('2 Maret 2026') }),
    ]);
    expect(corrected.receipts[0]).toMatchObject({ kind: 'correct', channel: 'website', revision: 2 });
    const page = await h.get(path);
    expect(page.body).toContain('Ralat / pembaruan');
    expect(page.body).toContain('Tanggal pembukaan pendaftaran diperbaiki');
    expect(page.body).toContain('Pendaftaran dibuka 2 Maret 2026.');
    expect(page.body).toContain('Diperbarui');
    const event = (await h.outbox('publishing.publication-corrected')).find((e) => e.data.itemId === itemId);
    expect(event?.data).toMatchObject({
      revisionId: h.content.revisionId(itemId, 2),
      note: expect.any(String),
    });
    const audit = (await h.outbox('audit.change-recorded')).filter(
      (e) => e.data.entityId === corrected.publicationId,
    );
    expect(audit).toHaveLength(1);
    // The evidence keeps both versions.
    const history = await h.ds.query(
      `SELECT number, kind, content_revision FROM publishing.page_revisions WHERE page_id = $1 ORDER BY number`,
      [corrected.publicationId],
    );
    expect(history).toEqual([
      { number: 1, kind: 'published', content_revision: 1 },
      { number: 2, kind: 'corrected', content_revision: 2 },
    ]);
    await expect(h.ds.query(`DELETE FROM publishing.page_revisions`)).rejects.toThrow(/immutable/);
  });

  it('refuses corrections of unapproved revisions and of items not on the site', async () => {
    const { itemId } = await h.publishNew(office, { type: 'berita', title: 'Sosialisasi Pemilih Pemula' });
    h.content.revise(itemId, { body: '<p>Belum disetujui.</p>' });
    const refused = await failure(
      h.client.send('publishing.publication.correct', {
        ...admin(office),
        idempotencyKey: key('fix'),
        itemId,
        note: 'Coba',
        revision: 2,
      }),
    );
    expect([refused.status, refused.code]).toEqual([409, 'revision-not-approved']);
    const draft = h.content.create(office, { type: 'berita', title: 'Belum terbit' });
    const notLive = await failure(
      h.client.send('publishing.publication.correct', {
        ...admin(office),
        idempotencyKey: key('fix'),
        itemId: draft,
        note: 'Coba',
      }),
    );
    expect([notLive.status, notLive.code]).toEqual([404, 'publication-not-found']);
    const otherOffice = await failure(
      h.client.send('publishing.publication.retract', {
        ...admin('kpu-prov-jateng'),
        idempotencyKey: key('r'),
        itemId,
        reason: 'x',
      }),
    );
    expect([otherOffice.status, otherOffice.code]).toEqual([404, 'publication-not-found']);
    expect((await h.get(`/${office}/berita/sosialisasi-pemilih-pemula`)).status).toBe(200);
  });

  it("a later run's publish step of a live item is a correction with the revision's note", async () => {
    const { itemId, answer } = await h.publishNew(office, {
      type: 'artikel',
      title: 'Mengenal Tahapan Pilkada',
    });
    h.content.revise(itemId, { body: '<p>Tahapan diperbarui.</p>', note: 'Menambahkan tahapan kampanye.' });
    h.content.approve(itemId, `run-b-${itemId}`, 2);
    const again = await h.publish(office, itemId);
    expect(again.receipts[0]).toMatchObject({ revision: 2, url: answer.receipts[0]!.url });
    const page = await h.get(new URL(answer.receipts[0]!.url).pathname);
    expect(page.body).toContain('Menambahkan tahapan kampanye.');
  });

  it('retracts: off lists, feeds, sitemap, search and API; the page says it was retracted and why', async () => {
    const { itemId, answer } = await h.publishNew(office, {
      type: 'berita',
      title: 'Hasil Rekapitulasi Sementara Kecamatan Palu Barat',
      body: '<p>Angka rekapitulasi sementara.</p>',
    });
    const path = new URL(answer.receipts[0]!.url).pathname;
    for (const p of [`/${office}/`, `/${office}/berita/`, `/${office}/feed.atom`, `/${office}/sitemap.xml`])
      expect((await h.get(p)).body).toContain(path);
    const retracted = await h.client.send('publishing.publication.retract', {
      ...admin(office),
      idempotencyKey: key('retract'),
      itemId,
      reason: 'Angka belum final; menunggu pleno kecamatan.',
    });
    expect(retracted).toMatchObject({
      status: 'retracted',
      retractionReason: expect.stringContaining('pleno'),
    });
    expect(retracted.receipts[0]).toMatchObject({ kind: 'retract', status: 'retracted' });
    for (const p of [
      `/${office}/`,
      `/${office}/berita/`,
      `/${office}/feed.atom`,
      `/${office}/feed.rss`,
      `/${office}/sitemap.xml`,
      `/${office}/cari?q=rekapitulasi`,
      `/${office}/api/items`,
    ])
      expect((await h.get(p)).body).not.toContain(path);
    const page = await h.get(path);
    expect(page.status).toBe(410);
    expect(page.body).toContain('Konten ini telah ditarik');
    expect(page.body).toContain('Angka belum final; menunggu pleno kecamatan.');
    expect(page.body).not.toContain('Angka rekapitulasi sementara.');
    const api = await h.json(`/${office}/api/items/${itemId}`);
    expect([api.status, api.body.status]).toEqual([410, 'retracted']);
    const event = (await h.outbox('publishing.publication-retracted')).find((e) => e.data.itemId === itemId);
    expect(event?.data.reason).toContain('pleno');
    const twice = await failure(
      h.client.send('publishing.publication.retract', {
        ...admin(office),
        idempotencyKey: key('retract'),
        itemId,
        reason: 'lagi',
      }),
    );
    expect([twice.status, twice.code]).toEqual([409, 'not-published']);
    // A new run publishes it again.
    h.content.approve(itemId, `run-again-${itemId}`, 1);
    await h.publish(office, itemId);
    expect((await h.get(path)).status).toBe(200);
    expect((await h.get(`/${office}/berita/`)).body).toContain(path);
  });

  it("publishes at a time given in the office's zone (WITA), durably", async () => {
    const itemId = h.content.create(office, { type: 'berita', title: 'Pengumuman Hasil Seleksi PPK' });
    h.content.approve(itemId, `run-${itemId}`, 1);
    const due = Date.now() + 4_000;
    const wall = localWall(due, 'Asia/Makassar');
    const schedule = await h.client.send('publishing.schedule.set', {
      ...admin(office),
      idempotencyKey: key('sched'),
      itemId,
      publishAt: wall,
    });
    const expected =
      zonedTimeToUtc(wall.slice(0, 10), wall.slice(11, 16), 'Asia/Makassar') + Number(wall.slice(17)) * 1000;
    expect(Date.parse(schedule.publishAt)).toBe(expected);
    expect(Math.abs(Date.parse(schedule.publishAt) - due)).toBeLessThan(1000);
    expect(schedule).toMatchObject({
      state: 'waiting-for-run',
      zoneLabel: 'WITA',
      publishAtLocal: wall.slice(0, 16),
    });

    const { receipts } = await h.publish(office, itemId);
    expect(receipts).toEqual([
      expect.objectContaining({ channel: 'website', status: 'scheduled', publishedAt: schedule.publishAt }),
    ]);
    const path = new URL(receipts[0]!.url).pathname;
    expect((await h.get(path)).status).toBe(404);
    // The schedule lives in Postgres: a restart before the time changes nothing.
    await h.restart();
    await waitFor(async () => (await h.get(path)).status === 200, 15_000, 'the scheduled publication');
    const [page] = await h.ds.query(`SELECT first_published_at FROM publishing.pages WHERE item_id = $1`, [
      itemId,
    ]);
    expect(new Date(page.first_published_at).getTime()).toBeGreaterThanOrEqual(expected);
    const [row] = await h.ds.query(`SELECT state, fired_at FROM publishing.schedules WHERE id = $1`, [
      schedule.scheduleId,
    ]);
    expect(row.state).toBe('done');
    const view = await h.client.send('publishing.publication.get', { office, itemId });
    expect(view.receipts.map((r) => `${r.kind}:${r.status}`)).toEqual([
      'publish:published',
      'schedule:scheduled',
    ]);
    expect(view.schedule?.state).toBe('done');
  }, 40_000);

  it('cancels a schedule; refuses one for an item already live', async () => {
    const itemId = h.content.create(office, { type: 'berita', title: 'Rapat Koordinasi Logistik' });
    h.content.approve(itemId, `run-${itemId}`, 1);
    await h.client.send('publishing.schedule.set', {
      ...admin(office),
      idempotencyKey: key('sched'),
      itemId,
      publishAt: '2099-01-01T08:00',
    });
    const cancelled = await h.client.send('publishing.schedule.cancel', {
      ...admin(office),
      idempotencyKey: key('unsched'),
      itemId,
    });
    expect(cancelled.state).toBe('cancelled');
    const { receipts } = await h.publish(office, itemId);
    expect(receipts[0]!.status).toBe('published');
    const late = await failure(
      h.client.send('publishing.schedule.set', {
        ...admin(office),
        idempotencyKey: key('sched'),
        itemId,
        publishAt: '2099-01-01T08:00',
      }),
    );
    expect([late.status, late.code]).toEqual([409, 'already-published']);
    const bad = await failure(
      h.client.send('publishing.schedule.set', {
        ...admin(office),
        idempotencyKey: key('sched'),
        itemId,
        publishAt: 'besok pagi',
      }),
    );
    expect([bad.status, bad.code]).toEqual([400, 'invalid-publish-at']);
    const none = await failure(
      h.client.send('publishing.schedule.cancel', { ...admin(office), idempotencyKey: key('u'), itemId }),
    );
    expect(none.status).toBe(404);
    const list = await h.client.send('publishing.schedule.list', { office, state: 'cancelled' });
    expect(list.schedules.map((s) => s.itemId)).toContain(itemId);
    expect(
      (await h.client.send('publishing.schedule.list', { office: 'kpu-prov-jateng' })).schedules,
    ).toEqual([]);
  });

  it("lets only the office admin and the holders of the SOP's publish-step role correct or retract, on record", async () => {
    const { itemId } = await h.publishNew(office, { type: 'berita', title: 'Rapat Koordinasi Logistik' });
    const author = member(office, [{ role: 'pengampu-konsep' }], 'Penulis');
    const apiKey = {
      office,
      actor: { kind: 'api-key' as const, id: 'k1', name: 'Sistem arsip' },
      officeAdmin: false,
    };
    const publisher = member(office, [{ role: 'admin-website' }], 'Admin Website');
    const boss = { kind: 'user' as const, id: 'u-absent', name: 'Admin Website Utama' };
    const delegate = member(office, [{ role: 'admin-website', onBehalfOf: boss }], 'Pengganti');

    // A member with no part in publishing, and an API key (even one that claims to administer): 403.
    for (const who of [author, apiKey, { ...apiKey, officeAdmin: true }]) {
      for (const [name, extra] of [
        ['publishing.publication.correct', { note: 'Ralat' }],
        ['publishing.publication.retract', { reason: 'Tarik' }],
      ] as const) {
        const refused = await failure(
          h.client.send(name, { ...who, idempotencyKey: key('x'), itemId, ...extra } as never),
        );
        expect([name, who.actor.kind, refused.status, refused.code]).toEqual([
          name,
          who.actor.kind,
          403,
          'not-publisher',
        ]);
      }
    }
    const byAuthor = await failure(
      h.client.send('publishing.publication.retract', {
        ...author,
        idempotencyKey: key('x'),
        itemId,
        reason: 'x',
      }),
    );
    expect(byAuthor.messages.id).toContain('Admin Website');
    expect((await h.get(`/${office}/berita/rapat-koordinasi-logistik`)).status).toBe(200);

    // The holder of the publish step's role corrects; a delegate retracts for the absent holder.
    const corrected = await h.client.send('publishing.publication.correct', {
      ...publisher,
      idempotencyKey: key('fix'),
      itemId,
      note: 'Nama tempat diperbaiki.',
    });
    expect(corrected.receipts[0]).toMatchObject({
      kind: 'correct',
      actor: publisher.actor,
      authority: { as: 'role', role: 'admin-website', roleName: 'Admin Website' },
      note: 'Nama tempat diperbaiki.',
    });
    const retracted = await h.client.send('publishing.publication.retract', {
      ...delegate,
      idempotencyKey: key('r'),
      itemId,
      reason: 'Rapat ditunda.',
    });
    expect(retracted.receipts[0]).toMatchObject({
      kind: 'retract',
      authority: { as: 'role', role: 'admin-website', onBehalfOf: boss },
    });
    // Both are in the audit trail with their authority, and in the timeline of the run that published it.
    const audit = (await h.outbox('audit.change-recorded')).filter(
      (e) => e.data.entityId === corrected.publicationId,
    );
    expect(audit.map((e) => e.data.action)).toEqual(['correct', 'retract']);
    expect(JSON.stringify(audit[1]!.data)).toContain('onBehalfOf');
    const { actions } = await h.client.send('publishing.publication.run-actions', {
      office,
      workflowId: `run-${itemId}`,
    });
    expect(actions).toMatchObject([
      { kind: 'correct', stepId: 'unggah', actor: publisher.actor, note: 'Nama tempat diperbaiki.' },
      { kind: 'retract', stepId: 'unggah', actor: delegate.actor, note: 'Rapat ditunda.' },
    ]);
    expect(
      (
        await h.client.send('publishing.publication.run-actions', {
          office: 'kpu-prov-jateng',
          workflowId: `run-${itemId}`,
        })
      ).actions,
    ).toEqual([]);

    // The office admin may; without an active SOP for the office, only the admin may.
    h.content.approve(itemId, `run-c-${itemId}`, 1);
    await h.publish(office, itemId);
    const roles = h.publishRoles[office];
    delete h.publishRoles[office];
    try {
      const none = await failure(
        h.client.send('publishing.publication.retract', {
          ...publisher,
          idempotencyKey: key('r'),
          itemId,
          reason: 'x',
        }),
      );
      expect([none.status, none.code]).toEqual([403, 'not-publisher']);
      expect(none.messages.en).toContain('only an office admin');
      const byAdmin = await h.client.send('publishing.publication.retract', {
        ...admin(office),
        idempotencyKey: key('r'),
        itemId,
        reason: 'Ditarik admin kantor.',
      });
      expect(byAdmin.receipts[0]).toMatchObject({ kind: 'retract', authority: { as: 'office-admin' } });
    } finally {
      h.publishRoles[office] = roles!;
    }
  });
});
