import { jetstreamManager } from '@nats-io/jetstream';
import { ItemsService } from '../src/items/items.service';
import { DEMO_ITEMS, seedDemo } from '../src/seed/seed-demo';
import { ContentHarness, waitFor } from './harness';

const h = new ContentHarness();
beforeAll(() => h.start(), 60_000);
afterAll(() => h.stop());

describe('seed-demo', () => {
  it('creates a few drafts per seed office, once, and their events reach JetStream', async () => {
    // The seed names Bangka Barat's custom type; the registry (stub) knows it as in production.
    h.customTypes.set('kpu-kab-bangka-barat', ['informasi-hukum']);
    const first = await seedDemo(h.app.get(ItemsService));
    const expected = Object.values(DEMO_ITEMS).flat().length;
    expect(first).toHaveLength(expected);
    expect(new Set(first.map((i) => i.office))).toEqual(
      new Set([
        'kpu-prov-jateng',
        'kpu-kota-palu',
        'kpu-kab-bangka-barat',
        'kpu-kab-kepulauan-mentawai',
        'diskominfo-kab-ketapang',
      ]),
    );
    const count = async () => (await h.ds.query('SELECT count(*)::int AS n FROM content.items'))[0].n;
    const outbox = async () => (await h.ds.query('SELECT count(*)::int AS n FROM content.outbox'))[0].n;
    const [items, events] = [await count(), await outbox()];
    const second = await seedDemo(h.app.get(ItemsService));
    expect(second).toEqual(first);
    expect([await count(), await outbox()]).toEqual([items, events]);

    const bangka = await h.client.send('content.item.list', { office: 'kpu-kab-bangka-barat' });
    expect(bangka.items.map((i) => i.type)).toEqual(['informasi-hukum', 'informasi-hukum']);
    const jateng = await h.client.send('content.item.list', { office: 'kpu-prov-jateng' });
    expect(jateng.items.every((i) => i.status === 'draft')).toBe(true);
    const announcement = jateng.items.find((i) => i.type === 'pengumuman')!;
    const full = await h.client.send('content.item.get', {
      office: 'kpu-prov-jateng',
      itemId: announcement.itemId,
    });
    expect(full.fields).toMatchObject({ validFrom: '2026-12-01', informationCategory: 'serta-merta' });
    expect(full.author).toMatchObject({ kind: 'system', id: 'seed-demo' });

    await waitFor(
      async () =>
        (await h.ds.query('SELECT count(*)::int AS n FROM content.outbox WHERE published_at IS NULL'))[0]
          .n === 0,
      15_000,
      'the relay',
    );
    const jsm = await jetstreamManager(h.nc);
    const stream = await jsm.streams.info(`${process.env.NATS_PREFIX!.toUpperCase()}_CONTENT`);
    expect(stream.state.messages).toBe(expected * 2); // item-created and revision-created each
  });
});
