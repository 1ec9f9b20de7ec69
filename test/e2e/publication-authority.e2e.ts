import { createApiClient } from '@tatalaman/api-client';
import { as, demoEmail, idempotencyKey, officeAdminEmail, ok } from '../support/api';
import { createAndSubmit, play, publicItem, publishedOnTheSite, runOf } from '../support/flow';
import { platformInfo } from '../support/platform-info';

// Nothing reaches or leaves the public site except through the office's SOP or its admin:
// over HTTP, against every real service, a correction and a retraction of a published
// Berita of KPU Jawa Tengah (whose SOP makes the Web Admin publish).

const office = 'kpu-prov-jateng';
const header = () => ({ 'Idempotency-Key': idempotencyKey() });

it('lets the SOP publish-step role and the office admin correct and retract; a role user and an API key get 403; all on record', async () => {
  const title = `Jadwal Bimtek PPK ${Date.now()}`;
  const { itemId, workflowId } = await createAndSubmit(office, 'pengampu-konsep', 'berita', title);
  // Step 1 (the concept) is the author's: done when they submitted it.
  await play(office, workflowId, [
    ['validasi', 'web-admin', 'complete'],
    ['koreksi-subkoor', 'subkoor-tekmas', 'approve'],
  ]);
  await publishedOnTheSite(office, itemId, workflowId, title);
  const path = { office, itemId };

  // The author and the Kabag have parts in the SOP, but not in publishing.
  for (const role of ['pengampu-konsep', 'kabag-hth']) {
    const user = await as(demoEmail(office, role));
    const retraction = await user.POST('/api/v1/offices/{office}/publications/{itemId}/retraction', {
      params: { path, header: header() },
      body: { reason: 'Coba tarik' },
    });
    expect([role, retraction.response.status]).toEqual([role, 403]);
    expect(retraction.response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(retraction.error).toMatchObject({ code: 'not-publisher' });
    expect(JSON.stringify(retraction.error)).toContain('Web Admin');
    const correction = await user.POST('/api/v1/offices/{office}/publications/{itemId}/correction', {
      params: { path, header: header() },
      body: { note: 'Coba ralat' },
    });
    expect([role, correction.response.status]).toEqual([role, 403]);
  }

  // An API key with content:write: never.
  const admin = await as(officeAdminEmail(office));
  const issued = ok(
    await admin.POST('/api/v1/offices/{office}/api-keys', {
      params: { path: { office }, header: header() },
      body: { name: 'Sistem arsip uji', scopes: ['content:read', 'content:write'] },
    }),
  );
  const agency = createApiClient(platformInfo().gatewayUrl, { token: issued.secret });
  const byKey = await agency.POST('/api/v1/offices/{office}/publications/{itemId}/retraction', {
    params: { path, header: header() },
    body: { reason: 'Ditarik oleh sistem' },
  });
  expect([byKey.response.status, (byKey.error as { code?: string })?.code]).toEqual([403, 'not-publisher']);
  expect((await publicItem(office, itemId)).status).toBe(200);

  // The Web Admin (the publish step's role) corrects; the office admin retracts.
  const webAdmin = await as(demoEmail(office, 'web-admin'));
  const corrected = ok(
    await webAdmin.POST('/api/v1/offices/{office}/publications/{itemId}/correction', {
      params: { path, header: header() },
      body: { note: 'Lokasi bimtek diperbaiki.' },
    }),
  );
  expect(corrected.receipts.find((r) => r.kind === 'correct')).toMatchObject({
    authority: { as: 'role', role: 'web-admin' },
    note: 'Lokasi bimtek diperbaiki.',
  });
  const retracted = ok(
    await admin.POST('/api/v1/offices/{office}/publications/{itemId}/retraction', {
      params: { path, header: header() },
      body: { reason: 'Bimtek dibatalkan.' },
    }),
  );
  expect(retracted.status).toBe('retracted');
  expect((await publicItem(office, itemId)).status).toBe(410);

  // The audit log has both, with who and on whose authority (entries arrive through events).
  const auditOf = async () =>
    ok(
      await admin.GET('/api/v1/offices/{office}/audit', {
        params: { path: { office }, query: { entity: 'publication', entityId: corrected.publicationId } },
      }),
    ).entries;
  let audit = await auditOf();
  for (const until = Date.now() + 30_000; audit.length < 2 && Date.now() < until; audit = await auditOf())
    await new Promise((r) => setTimeout(r, 250));
  expect(audit.map((e) => e.action).sort()).toEqual(['correct', 'retract']);
  expect(JSON.stringify(audit.find((e) => e.action === 'correct'))).toContain('web-admin');

  // The run that published it lists both in its timeline.
  const run = await runOf(office, workflowId);
  const after = run.history.filter((h) => h.kind === 'corrected' || h.kind === 'retracted');
  expect(after).toMatchObject([
    { kind: 'corrected', stepId: 'unggah', role: 'web-admin', note: 'Lokasi bimtek diperbaiki.' },
    { kind: 'retracted', stepId: 'unggah', reason: 'Bimtek dibatalkan.' },
  ]);
});
