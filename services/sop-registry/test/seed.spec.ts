import { jetstreamManager } from '@nats-io/jetstream';
import { serveCommand } from '@tatalaman/testing';
import { ActivationsService } from '../src/activations/activations.service';
import { DefinitionsService } from '../src/definitions/definitions.service';
import { ScheduleSyncer } from '../src/schedules/schedule-syncer';
import { DefinitionOwners1796300000000 } from '../src/migrations/1796300000000-definition-owners';
import { seedDemo } from '../src/seed/seed-demo';
import { admin, failure, RegistryHarness, waitFor } from './harness';

const h = new RegistryHarness();
beforeAll(() => h.start(), 60_000);
afterAll(() => h.stop());

const run = () => seedDemo(h.app.get(DefinitionsService), h.app.get(ActivationsService));

describe('seed-demo', () => {
  it('uploads the five seed SOPs as platform definitions and activates each for its office, idempotently', async () => {
    const first = await run();
    expect(first.map((o) => [o.office, o.key])).toEqual([
      ['diskominfo-kab-ketapang', 'diskominfo-kab-ketapang.pengelolaan-website'],
      ['kpu-kab-bangka-barat', 'kpu-kab-bangka-barat.publikasi-informasi-hukum'],
      ['kpu-kab-kepulauan-mentawai', 'kpu-kab-kepulauan-mentawai.pengelolaan-laman'],
      ['kpu-kota-palu', 'kpu-kota-palu.penataan-website'],
      ['kpu-prov-jateng', 'kpu-prov-jateng.pengelolaan-website'],
    ]);
    const counts = async () =>
      (
        await h.ds.query(
          `SELECT (SELECT count(*) FROM registry.definitions)::int AS definitions,
                  (SELECT count(*) FROM registry.activations)::int AS activations`,
        )
      )[0];
    expect(await counts()).toEqual({ definitions: 5, activations: 5 });
    const outboxRows = async () => (await h.ds.query('SELECT count(*)::int AS n FROM registry.outbox'))[0].n;
    const after = await outboxRows();
    const second = await run();
    expect(second).toEqual(first);
    expect(await outboxRows()).toBe(after);
    expect(await counts()).toEqual({ definitions: 5, activations: 5 });

    const bangka = await h.client.send('sop-registry.definition.resolve', {
      office: 'kpu-kab-bangka-barat',
      contentType: 'informasi-hukum',
    });
    expect(bangka.key).toBe('kpu-kab-bangka-barat.publikasi-informasi-hukum');
    // Palu's definition names no types: it is active for all eight standard ones.
    const palu = await h.client.send('sop-registry.activation.list', { office: 'kpu-kota-palu' });
    expect(palu.activations[0]!.contentTypes).toHaveLength(8);
    const jateng = await h.client.send('sop-registry.definition.get', {
      office: 'kpu-prov-jateng',
      key: 'kpu-prov-jateng.pengelolaan-website',
    });
    expect(jateng).toMatchObject({ scope: 'platform', uploadedBy: { kind: 'system', id: 'seed-demo' } });
    expect(jateng.activeFor).toContain('hasil-liputan');
    // Every office sees the platform definitions, custom types included.
    const types = await h.client.send('sop-registry.content-type.list', { office: 'kpu-kota-palu' });
    expect(types.contentTypes.find((t) => t.code === 'informasi-hukum')).toMatchObject({ custom: true });
    expect(types.contentTypes.find((t) => t.code === 'berita')).toMatchObject({
      custom: false,
      active: { key: 'kpu-kota-palu.penataan-website', version: 1 },
      fields: [],
    });
    // The active definition's field declarations travel with the type (publishing reads them).
    const bangkaTypes = await h.client.send('sop-registry.content-type.list', {
      office: 'kpu-kab-bangka-barat',
    });
    const legal = bangkaTypes.contentTypes.find((t) => t.code === 'informasi-hukum')!;
    expect(legal.active?.key).toBe('kpu-kab-bangka-barat.publikasi-informasi-hukum');
    expect(legal.fields.map((f) => [f.key, f.visibility, f.label.id])).toEqual([
      ['jenisDokumen', 'public', 'Jenis dokumen'],
      ['nomor', 'public', 'Nomor'],
      ['tahun', 'public', 'Tahun'],
      ['status', 'public', 'Status'],
    ]);
    expect(legal.fields[0]!.label.en).toBe('Document type');
  });

  it('leaves the recurring schedules for the service to sync once the runtime answers', async () => {
    const pending: { office: string; key: string }[] = await h.ds.query(
      `SELECT office, key FROM registry.schedule_syncs WHERE status = 'pending' ORDER BY office`,
    );
    expect(pending).toEqual([
      { office: 'kpu-kab-kepulauan-mentawai', key: 'kpu-kab-kepulauan-mentawai.pengelolaan-laman' },
      { office: 'kpu-kota-palu', key: 'kpu-kota-palu.penataan-website' },
    ]);
    const worker = serveCommand(h.nc, 'worker.schedules.sync', (req) => ({
      schedules: [{ scheduleId: `${req.office}-x`, flowId: 'x' }],
    }));
    try {
      await h.app.get(ScheduleSyncer).flush();
      expect(worker.calls.map((c) => c.request.office).sort()).toEqual([
        'kpu-kab-kepulauan-mentawai',
        'kpu-kota-palu',
      ]);
      const left = await h.ds.query(
        `SELECT count(*)::int AS n FROM registry.schedule_syncs WHERE status = 'pending'`,
      );
      expect(left[0].n).toBe(0);
    } finally {
      worker.stop();
    }
  });

  it('publishes its events to JetStream through the outbox relay', async () => {
    await waitFor(
      async () =>
        (await h.ds.query('SELECT count(*)::int AS n FROM registry.outbox WHERE published_at IS NULL'))[0]
          .n === 0,
      15_000,
      'the relay',
    );
    const jsm = await jetstreamManager(h.nc);
    const info = await jsm.streams.info(`${process.env.NATS_PREFIX!.toUpperCase()}_REGISTRY`);
    expect(info.state.messages).toBe(10); // five uploads, five activations
  });
  it('lets other offices read a seed as a template but never activate it; its own office can', async () => {
    const palu = 'kpu-kota-palu.penataan-website';
    const template = await h.client.send('sop-registry.definition.get', {
      office: 'kpu-prov-jateng',
      key: palu,
    });
    expect(template).toMatchObject({ scope: 'platform', reservedFor: 'kpu-kota-palu', activeFor: [] });
    for (const office of ['kpu-prov-jateng', 'diskominfo-kab-ketapang']) {
      const refused = await failure(
        h.client.send('sop-registry.activation.activate', {
          ...admin(office),
          idempotencyKey: `steal-${office}`,
          key: palu,
          version: 1,
          contentTypes: ['berita'],
        }),
      );
      expect([refused.status, refused.code]).toEqual([403, 'definition-reserved']);
      expect(refused.messages.id).toContain('milik kantor kpu-kota-palu');
      expect(refused.messages.en).toContain('upload it as your office');
    }
    // Even a platform admin acting in another office: the SOP is Palu's.
    const byPlatformAdmin = await failure(
      h.client.send('sop-registry.activation.activate', {
        ...admin('kpu-prov-jateng'),
        platformAdmin: true,
        idempotencyKey: 'steal-platform-admin',
        key: palu,
        version: 1,
        contentTypes: ['berita'],
      }),
    );
    expect(byPlatformAdmin.code).toBe('definition-reserved');
    const activated = await h.client.send('sop-registry.activation.activate', {
      ...admin('kpu-kota-palu'),
      idempotencyKey: 'palu-again',
      key: palu,
      version: 1,
      contentTypes: ['berita'],
    });
    expect(activated.activation.status).toBe('active');
    const listed = await h.client.send('sop-registry.definition.list', { office: 'kpu-prov-jateng' });
    expect(listed.definitions.find((d) => d.key === palu)?.reservedFor).toBe('kpu-kota-palu');
    expect(listed.definitions.find((d) => d.key === 'kpu-prov-jateng.pengelolaan-website')?.reservedFor).toBe(
      'kpu-prov-jateng',
    );
  });

  it('records seeds uploaded before owners were kept (migration)', async () => {
    await h.ds.query('DELETE FROM registry.definition_owners');
    const runner = h.ds.createQueryRunner();
    await runner.query('DROP TABLE registry.definition_owners');
    await new DefinitionOwners1796300000000().up(runner);
    await runner.release();
    const owners = await h.ds.query('SELECT key, office FROM registry.definition_owners ORDER BY key');
    expect(owners).toHaveLength(5);
    expect(owners).toContainEqual({ key: 'kpu-kota-palu.penataan-website', office: 'kpu-kota-palu' });
  });
});
