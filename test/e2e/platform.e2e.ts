import { as, ok, platformAdminEmail } from '../support/api';
import { platformInfo } from '../support/platform-info';

// The platform as `npm start` runs it: every service up, demo data seeded.

const seedOffices = [
  'diskominfo-kab-ketapang',
  'kpu-kab-bangka-barat',
  'kpu-kab-kepulauan-mentawai',
  'kpu-kota-palu',
  'kpu-prov-jateng',
];

it('every service reports healthy, with its dependencies', async () => {
  const info = platformInfo();
  const res = await fetch(`${info.gatewayUrl}/health`);
  expect(res.status).toBe(200);
  expect(((await res.json()) as { checks: Record<string, unknown> }).checks).toMatchObject({
    postgres: { ok: true },
    nats: { ok: true },
  });
});

it('the demo seed created the five seed offices, visible to the platform admin', async () => {
  const admin = await as(platformAdminEmail);
  const { offices } = ok(await admin.GET('/api/v1/offices', {}));
  expect(offices.map((o) => o.code).sort()).toEqual(expect.arrayContaining(seedOffices));
});

it('serves the OpenAPI document and its docs page', async () => {
  const info = platformInfo();
  const doc = (await (await fetch(`${info.gatewayUrl}/api/openapi.json`)).json()) as { openapi: string };
  expect(doc.openapi).toBe('3.1.0');
  expect((await fetch(`${info.gatewayUrl}/api/docs`)).status).toBe(200);
});
