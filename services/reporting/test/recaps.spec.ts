import { randomUUID } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { type AnyEvent, type MonthlyRecap } from '@tatalaman/contracts';
import { JETSTREAM, JETSTREAM_MANAGER } from '@tatalaman/messaging';
import ExcelJS from 'exceljs';
import { OfficeDirectory } from '../src/offices/office-directory';
import { Rebuilder } from '../src/rebuild/rebuilder';
import { parseMonth, periodInstants } from '../src/recaps/periods';
import { expectedFor } from './support/expected';
import { calendarOf, Harness, OFFICES } from './support/harness';
import { januaryScenario, type OfficeHistory } from './support/scenarios';
import { localTime, pageViews } from './support/sop-driver';

jest.setTimeout(180_000);

const h = new Harness();
let scenario: Record<string, OfficeHistory>;
const allEvents = () => Object.values(scenario).flatMap((s) => s.events);

/** RFC 4180 parsing, enough for our own files. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r') continue;
    else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  return rows;
}

/** The text a PDF shows: its content streams inflated, the hex strings of TJ/Tj decoded. */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  let out = '';
  const re = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw))) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    const bytes = pdf.subarray(start, end);
    let content: string;
    try {
      content = inflateSync(bytes).toString('latin1');
    } catch {
      content = bytes.toString('latin1');
    }
    for (const tj of content.matchAll(/\[(.*?)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      const hexes =
        tj[1] !== undefined ? [...tj[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((x) => x[1]!) : [tj[2]!];
      out += hexes.map((hx) => Buffer.from(hx, 'hex').toString('latin1')).join('') + ' ';
    }
  }
  return out;
}

async function recap(office: string, month = '2026-01'): Promise<MonthlyRecap> {
  return h.send('reporting.recap.monthly', { office, month });
}

beforeAll(async () => {
  await h.start();
  scenario = januaryScenario();
  const identity = h.officeEvents();
  await h.apply(...identity, ...allEvents());
  await h.settled();
});

afterAll(async () => {
  await h.stop();
});

describe('monthly recaps after the five seed SOPs', () => {
  it.each(['palu', 'jateng', 'babar', 'mentawai', 'ketapang'])(
    '%s: counts and compliance equal the figures computed from the raw events',
    async (name) => {
      const { office, events } = scenario[name]!;
      const calendar = calendarOf(office);
      const period = parseMonth('2026-01');
      const instants = periodInstants(period, office.timeZone);
      const e = expectedFor(events, calendar, '2026-01', {
        from: Date.parse(instants.from),
        to: Date.parse(instants.to),
      });
      const r = await recap(office.code);
      expect(r.office).toMatchObject({ code: office.code, name: office.name, timeZone: office.timeZone });
      expect(r.period.title).toBe('Januari 2026');
      const s = r.summary;
      expect(s.itemsSubmitted).toBe(e.itemsSubmitted);
      expect(s.runsCompleted).toBe(e.runsCompleted);
      expect(s.runsCancelled).toBe(e.runsCancelled);
      expect(s.posts).toBe(e.posts);
      expect(s.itemsPublished).toBe(e.itemsPublished);
      expect(s.views).toBe(e.views);
      expect(
        r.postsByTypeAndChannel.map((p) => ({
          contentType: p.contentType,
          channel: p.channel,
          posts: p.posts,
        })),
      ).toEqual(e.postsByTypeAndChannel);
      expect(s.sla.closed).toBe(e.closed);
      expect(s.sla.timed).toBe(e.timed);
      expect(s.sla.withinLimit).toBe(e.withinLimit);
      expect(s.sla.withinTarget).toBe(e.withinTarget);
      expect(s.sla.compliance).toBe(e.compliance);
      expect(s.breaches).toBe(e.breaches);
      expect(s.escalations).toBe(e.escalations);
      expect(s.postponements).toBe(e.postponements);
      expect(s.sla.waitingMs).toBe(e.waitingMs);
      expect(s.sla.workingMs).toBe(e.workingMs);
      expect(s.sla.reworkMs).toBe(e.reworkMs);
      expect(s.sla.handoffs).toBe(e.handoffs);
      expect(s.sla.savedMinutes).toBe(e.savedMinutes);
      expect(s.sla.sendBacks).toBe(e.sendBacks.length);
      expect(s.cycle).toMatchObject(e.cycle);
      expect(r.sendBacks.map((b) => ({ fromStep: b.fromStep, toStep: b.toStep, reason: b.reason }))).toEqual(
        e.sendBacks,
      );
      expect(r.postponed.map((p) => ({ itemId: p.itemId, status: p.status }))).toEqual(e.postponedTitles);
      // The per-step table adds up to the office's totals (counters and facts agree).
      const sum = (k: 'closed' | 'waitingMs' | 'workingMs' | 'reworkMs' | 'timed' | 'withinLimit') =>
        r.slaBySteps.reduce((a, row) => a + row[k], 0);
      expect(sum('closed')).toBe(s.sla.closed);
      expect(sum('timed')).toBe(s.sla.timed);
      expect(sum('withinLimit')).toBe(s.sla.withinLimit);
      expect(sum('waitingMs')).toBe(s.sla.waitingMs);
      expect(sum('workingMs')).toBe(s.sla.workingMs);
      expect(sum('reworkMs')).toBe(s.sla.reworkMs);
      for (const row of r.slaBySteps) {
        const want = e.steps.get(row.key);
        expect(row).toMatchObject({
          key: row.key,
          closed: want?.closed ?? 0,
          timed: want?.timed ?? 0,
          withinLimit: want?.withinLimit ?? 0,
          withinTarget: want?.withinTarget ?? 0,
          waitingMs: want?.waitingMs ?? 0,
          workingMs: want?.workingMs ?? 0,
          reworkMs: want?.reworkMs ?? 0,
          sendBacks: want?.sendBacks ?? 0,
          breached: want?.breached ?? 0,
          handoffs: want?.handoffs ?? 0,
          savedMinutes: want?.savedMinutes ?? 0,
        });
      }
      expect(r.slaBySteps.length).toBe(
        [...e.steps.values()].filter((x) => x.closed > 0 || x.reworkMs > 0 || x.handoffs > 0).length,
      );
    },
  );

  it('Palu: the breach of the collection step, the send-back charged to the filtering step, and the claims', async () => {
    const r = await recap(OFFICES.palu!.code);
    expect(r.hasTimeStandards).toBe(true);
    expect(r.summary.breaches).toBe(2);
    expect(r.summary.escalations).toBe(2);
    const penyaringan = r.slaBySteps.find((s) => s.key.endsWith('/penyaringan'))!;
    const penyuntingan = r.slaBySteps.find((s) => s.key.endsWith('/penyuntingan'))!;
    // The second editing attempt (13:00–14:00, one working hour) is the filtering step's rework.
    expect(penyaringan.reworkMs).toBe(3_600_000);
    expect(penyaringan.reworkCount).toBe(1);
    expect(penyaringan.sendBacks).toBe(1);
    expect(penyuntingan.reworkMs).toBe(0);
    // Editing P1 attempt 1: opened 10:00, claimed 10:30, done 12:00 → 30 min waiting, 90 working.
    // Editing P2: never claimed, opened Wed 11:00, done Thu 10:00 → all waiting.
    const p2Waiting = 5 * 3_600_000 + 2.5 * 3_600_000;
    expect(penyuntingan.waitingMs).toBe(30 * 60_000 + p2Waiting);
    expect(penyuntingan.workingMs).toBe(90 * 60_000);
    expect(r.sendBacks).toEqual([
      expect.objectContaining({
        itemId: 'palu-berita-1',
        title: 'Sosialisasi Tahapan Pemilu',
        fromStep: 'penyaringan',
        toStep: 'penyuntingan',
        by: 'Rahmat Hidayat',
        role: 'kasubbag-datin',
        reason: 'Foto kurang jelas, mohon diganti',
      }),
    ]);
    // Views: January only, and the home page counts for the office, not for an item.
    expect(r.summary.views).toBe(200);
    expect(r.topRead.map((x) => [x.itemId, x.views])).toEqual([
      ['palu-berita-1', 150],
      ['palu-artikel-1', 30],
    ]);
  });

  it('SLA by role and person charges rework to who sent the item back', async () => {
    const palu = scenario.palu!;
    const e = expectedFor(palu.events, calendarOf(palu.office), '2026-01', {
      from: 0,
      to: Date.parse('2026-02-01T00:00:00+08:00'),
    });
    const byRole = await h.send('reporting.sla.breakdown', {
      office: palu.office.code,
      by: 'role',
      from: '2026-01',
      to: '2026-01',
    });
    for (const [role, ms] of e.reworkByRole)
      expect(byRole.rows.find((x) => x.key === role)?.reworkMs).toBe(ms);
    const byPerson = await h.send('reporting.sla.breakdown', {
      office: palu.office.code,
      by: 'person',
      from: '2026-01',
      to: '2026-01',
    });
    expect(byPerson.rows.find((x) => x.key === 'u-palu-kasubbag')).toMatchObject({
      label: 'Rahmat Hidayat',
      reworkMs: e.reworkByPerson.get('u-palu-kasubbag'),
      sendBacks: 1,
    });
    expect(byPerson.rows.find((x) => x.key === 'platform')).toMatchObject({ closed: 2 });
    const byType = await h.send('reporting.sla.breakdown', {
      office: palu.office.code,
      by: 'content-type',
      from: '2026-01',
      to: '2026-01',
    });
    expect(byType.rows.map((x) => x.key)).toEqual(['artikel', 'berita', 'data']);
    expect(byType.total.closed).toBe(e.closed);
    expect(byType.total.compliance).toBe(e.compliance);
  });

  it('Jawa Tengah: hand-offs save the paper minutes; routing by content type', async () => {
    const r = await recap(OFFICES.jateng!.code);
    // Berita: one hand-off (5 min); Artikel: four (5 + 3 × 5 min).
    expect(r.summary.sla.handoffs).toBe(5);
    expect(r.summary.sla.savedMinutes).toBe(25);
    const sekretaris = r.slaBySteps.find((s) => s.key.endsWith('/koreksi-sekretaris'))!;
    expect(sekretaris.reworkMs).toBe(10 * 60_000);
    expect(r.slaBySteps.find((s) => s.key.endsWith('/koreksi-kabag'))!.closed).toBe(2);
  });

  it('Bangka Barat: the postponed review counts as acted on, and postponed items are listed', async () => {
    const r = await recap(OFFICES.babar!.code);
    expect(r.postponed).toEqual([
      expect.objectContaining({
        itemId: 'babar-hukum-1',
        step: 'pemeriksaan-kebutuhan',
        by: 'Hendra Gunawan',
        reason: 'Menunggu tahapan kampanye',
        status: 'dilanjutkan',
      }),
      expect.objectContaining({ itemId: 'babar-hukum-2', status: 'ditunda', reason: 'Belum masuk tahapan' }),
    ]);
    expect(r.summary.postponements).toBe(2);
    expect(r.postsByTypeAndChannel).toEqual([
      expect.objectContaining({ contentType: 'informasi-hukum', channel: 'social-media', posts: 1 }),
      expect.objectContaining({ contentType: 'informasi-hukum', channel: 'website', posts: 1 }),
    ]);
  });

  it('Mentawai: measured durations and no compliance figure', async () => {
    const r = await recap(OFFICES.mentawai!.code);
    expect(r.hasTimeStandards).toBe(false);
    expect(r.summary.sla.timed).toBe(0);
    expect(r.summary.sla.compliance).toBeNull();
    expect(r.summary.sla.targetCompliance).toBeNull();
    expect(r.summary.sla.avgMs).toBeGreaterThan(0);
    expect(r.summary.sla.closed).toBeGreaterThan(0);
    for (const row of r.slaBySteps) expect(row.compliance).toBeNull();
    expect(r.summary.cycle.count).toBe(1);
    expect(r.summary.cycle.avgWorkingMs).toBeGreaterThan(0);
    const chart = await h.send('reporting.charts.get', {
      office: OFFICES.mentawai!.code,
      chart: 'compliance',
      from: '2026-01',
      to: '2026-01',
    });
    expect(chart.series.find((s) => s.key === 'compliance')!.data).toEqual([null]);
  });

  it('Ketapang: a range standard separates target from limit', async () => {
    const r = await recap(OFFICES.ketapang!.code);
    const pengumpulan = r.slaBySteps.find((s) => s.key.endsWith('/pengumpulan'))!;
    expect(pengumpulan).toMatchObject({
      timed: 1,
      withinLimit: 1,
      withinTarget: 0,
      compliance: 1,
      targetCompliance: 0,
    });
    expect(r.office.kind).toBe('other');
  });
});

describe('charts and semester', () => {
  it('serves chart-ready series by month, by day, per step and per role', async () => {
    const office = OFFICES.palu!.code;
    const monthly = await h.send('reporting.charts.get', {
      office,
      chart: 'compliance',
      from: '2025-12',
      to: '2026-02',
    });
    expect(monthly.labels).toEqual(['Des 2025', 'Jan 2026', 'Feb 2026']);
    const jan = await recap(office);
    expect(monthly.series.find((s) => s.key === 'compliance')!.data).toEqual([
      null,
      jan.summary.sla.compliance,
      null,
    ]);
    const daily = await h.send('reporting.charts.get', {
      office,
      chart: 'volume',
      from: '2026-01',
      to: '2026-01',
      granularity: 'day',
    });
    expect(daily.keys).toHaveLength(31);
    const views = daily.series.find((s) => s.key === 'views')!.data;
    expect(views[5]).toBe(120); // 6 January: 100 + 20
    expect((views as number[]).reduce((a, b) => a + b, 0)).toBe(jan.summary.views);
    const perStep = await h.send('reporting.charts.get', {
      office,
      chart: 'per-step',
      from: '2026-01',
      to: '2026-01',
    });
    expect(perStep.keys).toEqual(jan.slaBySteps.map((s) => s.key));
    const perRole = await h.send('reporting.charts.get', {
      office,
      chart: 'per-role',
      from: '2026-01',
      to: '2026-01',
    });
    expect(perRole.keys).toContain('kasubbag-datin');
  });

  it('a semester recap sums its months', async () => {
    const office = OFFICES.palu!.code;
    const s = await h.send('reporting.recap.semester', { office, semester: '2026-S1' });
    expect(s.period.title).toBe('Semester I 2026 (Januari–Juni)');
    expect(s.months.map((m) => m.title)).toEqual([
      'Januari 2026',
      'Februari 2026',
      'Maret 2026',
      'April 2026',
      'Mei 2026',
      'Juni 2026',
    ]);
    const jan = await recap(office);
    expect(s.months[0]!.summary).toEqual(jan.summary);
    expect(s.summary.views).toBe(jan.summary.views + 7);
  });

  it('refuses a malformed period with a bilingual 400', async () => {
    const error = await h.refusal('reporting.recap.monthly', {
      office: OFFICES.palu!.code,
      month: '2026-13',
    });
    expect(error.status).toBe(400);
    const bad = await h.refusal('reporting.recap.export', {
      office: OFFICES.palu!.code,
      report: 'monthly',
      period: '2026-1',
      format: 'csv',
    });
    expect(bad.status).toBe(400);
    const unknown = await h.refusal('reporting.recap.export', {
      office: OFFICES.palu!.code,
      report: 'laporan-rahasia',
      period: '2026-01',
      format: 'csv',
    });
    expect(unknown).toMatchObject({ status: 422, code: 'unknown-report' });
  });
});

describe('exports', () => {
  const office = OFFICES.palu!.code;

  it('CSV parses back to the recap figures', async () => {
    const file = await h.send('reporting.recap.export', {
      office,
      report: 'monthly',
      period: '2026-01',
      format: 'csv',
    });
    expect(file.mediaType).toBe('text/csv; charset=utf-8');
    expect(file.fileName).toBe('kpu-kota-palu-monthly-recap-2026-01.csv');
    const rows = parseCsv(Buffer.from(file.contentBase64, 'base64').toString('utf8'));
    const r = await recap(office);
    expect(rows[0]).toEqual(['Laporan', 'Rekapitulasi Bulanan Pengelolaan Website']);
    expect(rows[1]).toEqual(['Kantor', 'KPU Kota Palu']);
    expect(rows[2]).toEqual(['Periode', 'Januari 2026']);
    const value = (label: string) => rows.find((x) => x[0] === label)?.[1];
    expect(value('Jumlah pembaca (tayangan halaman)')).toBe(String(r.summary.views));
    expect(value('Konten terbit')).toBe(String(r.summary.itemsPublished));
    expect(value('Kepatuhan standar waktu (%)')).toBe(
      String(Math.round(r.summary.sla.compliance! * 1000) / 10),
    );
    const sendBackTitle = rows.findIndex(
      (x) => x[0] === 'Konten dikembalikan untuk perbaikan beserta alasannya',
    );
    expect(rows[sendBackTitle + 2]).toContain('Foto kurang jelas, mohon diganti');
  });

  it('XLSX reads back with exceljs', async () => {
    const file = await h.send('reporting.recap.export', {
      office,
      report: 'monthly',
      period: '2026-01',
      format: 'xlsx',
    });
    expect(file.mediaType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ArrayBuffer);
    const summary = wb.getWorksheet('Ringkasan')!;
    expect(summary.getCell('A1').value).toBe('Rekapitulasi Bulanan Pengelolaan Website');
    expect(summary.getCell('A2').value).toBe('KPU Kota Palu');
    const r = await recap(office);
    let views: unknown;
    summary.eachRow((row) => {
      if (row.getCell(1).value === 'Jumlah pembaca (tayangan halaman)') views = row.getCell(2).value;
    });
    expect(views).toBe(r.summary.views);
    const posts = wb.getWorksheet('Daftar postingan')!;
    const titles: unknown[] = [];
    posts.eachRow((row, n) => {
      if (n > 2) titles.push(row.getCell(2).value);
    });
    expect(titles).toEqual(r.posts.map((p) => p.title));
  });

  it('PDF is an official report with the office header and signature block', async () => {
    const file = await h.send('reporting.recap.export', {
      office,
      report: 'monthly',
      period: '2026-01',
      format: 'pdf',
      date: '2026-02-03',
    });
    expect(file.mediaType).toBe('application/pdf');
    const pdf = Buffer.from(file.contentBase64, 'base64');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain('KOMISI PEMILIHAN UMUM');
    expect(text).toContain('KOTA PALU');
    expect(text).toContain('KPU Kota Palu');
    expect(text).toContain('Januari 2026');
    expect(text).toContain('Mengetahui,');
    expect(text).toContain('Sekretaris KPU Kota Palu');
    expect(text).toContain('3 Februari 2026');
    // A non-KPU office signs as its head.
    const ketapang = await h.send('reporting.recap.export', {
      office: OFFICES.ketapang!.code,
      report: 'monthly',
      period: '2026-01',
      format: 'pdf',
    });
    const kText = pdfText(Buffer.from(ketapang.contentBase64, 'base64'));
    expect(kText).toContain('DISKOMINFO KABUPATEN KETAPANG');
    expect(kText).toContain('Kepala Diskominfo Kabupaten Ketapang');
    expect(kText).not.toContain('KOMISI PEMILIHAN UMUM');
  });

  it('Mentawai PDF says there is no time standard', async () => {
    const file = await h.send('reporting.recap.export', {
      office: OFFICES.mentawai!.code,
      report: 'monthly-recap-posts-readers',
      period: '2026-01',
      format: 'pdf',
    });
    const text = pdfText(Buffer.from(file.contentBase64, 'base64'));
    expect(text).toContain('Rekapitulasi Postingan dan Jumlah Pembaca'.toUpperCase());
    expect(text).toContain('tidak menetapkan standar waktu');
  });

  it('live-link archive and archive list what went live', async () => {
    const file = await h.send('reporting.recap.export', {
      office: OFFICES.babar!.code,
      report: 'live-link-archive',
      period: '2026-01',
      format: 'csv',
    });
    const rows = parseCsv(Buffer.from(file.contentBase64, 'base64').toString('utf8'));
    const links = rows.filter((x) => x[4]?.startsWith('https://'));
    expect(links.map((x) => x[3]).sort()).toEqual(['Media sosial', 'Website']);
    const archive = await h.send('reporting.recap.export', {
      office: OFFICES.jateng!.code,
      report: 'archive',
      period: '2026-01',
      format: 'csv',
    });
    const text = Buffer.from(archive.contentBase64, 'base64').toString('utf8');
    expect(text).toContain('Partisipasi Pemilih Muda');
    expect(text).toContain('koreksi-sekretaris: dikembalikan (Agus Salim)');
  });
});

describe('consumers', () => {
  it('redelivered and duplicated events change nothing', async () => {
    const before = await Promise.all(Object.values(OFFICES).map((o) => recap(o.code)));
    const sample = allEvents().filter((_, i) => i % 3 === 0);
    // Same message id: JetStream drops it. Another message id: the inbox recognises the event.
    await h.publish(...sample.slice(0, 5));
    for (const e of sample) await h.publishAs(e, randomUUID());
    await h.settled();
    const stats = h.consumerStats();
    expect(stats.reduce((a, s) => a + s.duplicates, 0)).toBeGreaterThanOrEqual(sample.length);
    expect(stats.reduce((a, s) => a + s.deadLettered, 0)).toBe(0);
    const after = await Promise.all(Object.values(OFFICES).map((o) => recap(o.code)));
    expect(JSON.stringify(after)).toBe(JSON.stringify(before));
  });

  it('asks the gateway for each office calendar once, then uses the cache', async () => {
    const calls = h.officeCalls;
    await recap(OFFICES.palu!.code);
    await recap(OFFICES.jateng!.code);
    expect(h.officeCalls).toBe(calls);
  });

  it('an office the gateway does not know gets the standard calendar, said in its header', async () => {
    const event = pageViews('kpu-tak-dikenal', localTime('2026-01-10 10:00', 'Asia/Jakarta'), [
      { path: '/', views: 3 },
    ]);
    await h.apply(event);
    const r = await recap('kpu-tak-dikenal');
    expect(r.office).toMatchObject({ calendar: 'default', timeZone: 'Asia/Jakarta' });
    expect(r.summary.views).toBe(3);
  });
});

describe('tenancy', () => {
  it("another office's recap holds nothing of this one, and the reverse", async () => {
    const other = await recap(OFFICES.other!.code);
    expect(other.summary.views).toBe(999);
    const text = JSON.stringify(other);
    for (const o of ['palu', 'jateng', 'babar', 'mentawai', 'ketapang']) {
      for (const e of scenario[o]!.events) {
        if (e.type === 'runs.run-started' && e.data.item) expect(text).not.toContain(e.data.item.id);
      }
    }
    const palu = JSON.stringify(await recap(OFFICES.palu!.code));
    expect(palu).not.toContain('lain-berita-1');
    expect(palu).not.toContain('Rahasia kantor lain');
    const csv = await h.send('reporting.recap.export', {
      office: OFFICES.palu!.code,
      report: 'live-link-archive',
      period: '2026-01',
      format: 'csv',
    });
    expect(Buffer.from(csv.contentBase64, 'base64').toString('utf8')).not.toContain('lain-berita-1');
  });

  it('the platform comparison is for platform admins only', async () => {
    const refused = await h.refusal('reporting.platform.comparison', {
      actor: { kind: 'user', id: 'u-palu-kasubbag' },
      platformAdmin: false,
      period: '2026-01',
    });
    expect(refused).toMatchObject({ status: 403, code: 'forbidden' });
    const c = await h.send('reporting.platform.comparison', {
      actor: { kind: 'user', id: 'u-admin' },
      platformAdmin: true,
      period: '2026-S1',
    });
    const palu = await h.send('reporting.recap.semester', {
      office: OFFICES.palu!.code,
      semester: '2026-S1',
    });
    expect(c.offices.find((o) => o.office === OFFICES.palu!.code)).toMatchObject({
      name: 'KPU Kota Palu',
      views: palu.summary.views,
      compliance: palu.summary.sla.compliance,
      breaches: palu.summary.breaches,
    });
    expect(c.offices.find((o) => o.office === OFFICES.mentawai!.code)!.compliance).toBeNull();
    expect(c.totals.views).toBe(c.offices.reduce((a, o) => a + o.views, 0));
  });
});

describe('rebuild', () => {
  it('dropping the projections and replaying the streams gives identical reports', async () => {
    const offices = Object.values(OFFICES).map((o) => o.code);
    const snapshot = async () => {
      const out: string[] = [];
      for (const office of offices) {
        out.push(JSON.stringify(await recap(office)));
        out.push(JSON.stringify(await h.send('reporting.recap.semester', { office, semester: '2026-S1' })));
        out.push(
          JSON.stringify(
            await h.send('reporting.sla.breakdown', { office, by: 'person', from: '2026-01', to: '2026-02' }),
          ),
        );
        for (const format of ['csv', 'pdf', 'json'] as const) {
          const file = await h.send('reporting.recap.export', {
            office,
            report: 'monthly',
            period: '2026-01',
            format,
            date: '2026-02-02',
          });
          out.push(file.contentBase64);
        }
      }
      out.push(
        JSON.stringify(
          await h.send('reporting.platform.comparison', {
            actor: { kind: 'user', id: 'u-admin' },
            platformAdmin: true,
            period: '2026-S1',
          }),
        ),
      );
      return out;
    };
    const before = await snapshot();
    const xlsxBefore = await h.send('reporting.recap.export', {
      office: OFFICES.jateng!.code,
      report: 'sla',
      period: '2026-01',
      format: 'xlsx',
    });

    const progress: string[] = [];
    const rebuilder = new Rebuilder({
      ds: h.ds,
      js: h.app.get(JETSTREAM),
      jsm: h.app.get(JETSTREAM_MANAGER),
      directory: h.app.get(OfficeDirectory),
      log: (m) => progress.push(m),
    });
    // Wipe the live tables first: the rebuild must not lean on them.
    await h.ds.query('TRUNCATE reporting.step_facts, reporting.office_month, reporting.posts');
    const status = await rebuilder.run('test');
    expect(status.state).toBe('done');
    expect(progress.some((m) => /replayed up to/.test(m))).toBe(true);
    expect(status.streams.find((s) => s.stream.endsWith('_RUNS'))!.applied).toBeGreaterThan(100);

    const after = await snapshot();
    expect(after.length).toBe(before.length);
    for (let i = 0; i < before.length; i++) expect(after[i]).toBe(before[i]);
    const xlsxAfter = await h.send('reporting.recap.export', {
      office: OFFICES.jateng!.code,
      report: 'sla',
      period: '2026-01',
      format: 'xlsx',
    });
    const cells = async (b64: string) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(b64, 'base64') as unknown as ArrayBuffer);
      return wb.worksheets.map((ws) => ws.getSheetValues());
    };
    expect(await cells(xlsxAfter.contentBase64)).toEqual(await cells(xlsxBefore.contentBase64));
  });

  it('events arriving while a rebuild runs are neither lost nor applied twice', async () => {
    const office = OFFICES.jateng!;
    const before = await recap(office.code);
    const rebuilder = new Rebuilder({
      ds: h.ds,
      js: h.app.get(JETSTREAM),
      jsm: h.app.get(JETSTREAM_MANAGER),
      directory: h.app.get(OfficeDirectory),
    });
    const { done } = await rebuilder.start('test');
    const extra: AnyEvent[] = [];
    for (let i = 0; i < 20; i++) {
      const e = pageViews(office.code, localTime('2026-01-22 10:00', office.timeZone) + i * 60_000, [
        { itemId: 'jateng-berita-1', path: '/berita/jateng-berita-1', views: 1 },
      ]);
      extra.push(e);
      await h.publish(e);
    }
    expect((await done).state).toBe('done');
    await h.applied(...extra);
    await h.settled();
    const after = await recap(office.code);
    expect(after.summary.views).toBe(before.summary.views + 20);
  });
});
