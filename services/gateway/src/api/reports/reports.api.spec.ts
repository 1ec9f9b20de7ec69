import type { CommandErrorReply, MonthlyRecap, ProblemView } from '@tatalaman/contracts';
import { serveCommand, type ServedCommand } from '@tatalaman/testing';
import { call, expectStatus, startGateway, type TestGateway } from '../../../test/support/harness';
import { buildWorld, type World } from '../../../test/support/world';

// The reports API against the reporting service's contract: the gateway's own checks
// (office access, permissions, platform admins, idempotency, files) with the reporting
// commands answered at the contract boundary. The service itself is tested in services/reporting.

let gw: TestGateway;
let world: World;
const served: ServedCommand<never>[] = [];

const figures = {
  closed: 4,
  timed: 4,
  withinLimit: 3,
  withinTarget: 2,
  compliance: 0.75,
  targetCompliance: 0.5,
  breached: 1,
  escalated: 1,
  extensions: 0,
  waitingMs: 600_000,
  workingMs: 1_200_000,
  reworkMs: 300_000,
  reworkCount: 1,
  sendBacks: 1,
  avgMs: 525_000,
  handoffs: 1,
  savedMinutes: 5,
};

function recapFor(office: string): MonthlyRecap {
  return {
    office: {
      code: office,
      name: `Kantor ${office}`,
      timeZone: 'Asia/Jakarta',
      kind: 'kpu-kabupaten',
      calendar: 'gateway',
    },
    period: {
      from: '2025-12-31T17:00:00.000Z',
      to: '2026-01-31T17:00:00.000Z',
      label: '2026-01',
      title: 'Januari 2026',
    },
    hasTimeStandards: true,
    summary: {
      itemsSubmitted: 2,
      runsCompleted: 1,
      runsRejected: 0,
      runsCancelled: 0,
      posts: 2,
      itemsPublished: 1,
      views: 120,
      sla: figures,
      breaches: 1,
      escalations: 1,
      postponements: 0,
      rejections: 0,
      deadlines: { met: 1, extended: 1, breached: 0 },
      cycle: { count: 1, avgWorkingMs: 3_600_000, medianWorkingMs: 3_600_000, avgElapsedMs: 3_600_000 },
    },
    postsByTypeAndChannel: [
      {
        contentType: 'berita',
        contentTypeLabel: 'Berita',
        channel: 'website',
        channelLabel: 'Website',
        posts: 1,
      },
    ],
    posts: [],
    topRead: [],
    slaBySteps: [{ key: 'def/konsep', label: '1. Konsep', stepNumber: 1, definitionKey: 'def', ...figures }],
    cycleTimes: [],
    sendBacks: [],
    postponed: [],
    problems: { reported: 0, resolved: 0, open: 0 },
  };
}

const problem = (office: string, actor: { kind: 'user'; id: string; name?: string }): ProblemView => ({
  id: '0b9f6a1e-2c3d-4e5f-8a9b-0c1d2e3f4a5b',
  office,
  number: 1,
  title: 'Website lambat',
  description: 'Halaman lambat dimuat',
  category: 'server',
  severity: 'medium',
  status: 'open',
  reportedBy: actor,
  reportedAt: '2026-01-05T02:00:00.000Z',
  updatedBy: actor,
  updatedAt: '2026-01-05T02:00:00.000Z',
});

const notFound: CommandErrorReply = {
  error: {
    status: 404,
    code: 'report-not-found',
    message: { id: 'Laporan tidak ditemukan.', en: 'Report not found.' },
  },
};

function serve<K extends Parameters<typeof serveCommand>[1]>(
  name: K,
  handler: Parameters<typeof serveCommand<K>>[2],
) {
  const s = serveCommand(gw.nc, name, handler);
  served.push(s as unknown as ServedCommand<never>);
  return s;
}

beforeAll(async () => {
  gw = await startGateway('reportsapi');
  world = await buildWorld(gw);
}, 120_000);

afterAll(async () => {
  for (const s of served) s.stop();
  await gw?.close();
});

describe('reports API', () => {
  it("serves an office's monthly recap to its members, and to nobody else", async () => {
    const monthly = serve('reporting.recap.monthly', (req) => recapFor(req.office));
    const res = await call(
      gw,
      'GET',
      `/api/v1/offices/${world.a.office}/reports/recaps/monthly?month=2026-01`,
      {
        token: world.a.other.token,
      },
    );
    expectStatus(res, 200);
    expect(res.body).toEqual(recapFor(world.a.office));
    expect(monthly.calls.at(-1)!.request).toMatchObject({ office: world.a.office, month: '2026-01' });

    const other = await call(
      gw,
      'GET',
      `/api/v1/offices/${world.a.office}/reports/recaps/monthly?month=2026-01`,
      {
        token: world.b.staff.token,
      },
    );
    expect(other.status).toBe(404);
    const bad = await call(
      gw,
      'GET',
      `/api/v1/offices/${world.a.office}/reports/recaps/monthly?month=2026-13`,
      {
        token: world.a.staff.token,
      },
    );
    expect(bad.status).toBe(400);
    expect(monthly.calls).toHaveLength(1);
  });

  it('downloads exports and generated reports with their media type and file name', async () => {
    const pdf = Buffer.from('%PDF-1.3\n% laporan uji\n');
    serve('reporting.recap.export', (req) => ({
      fileName: `${req.office}-${req.report}-${req.period}.${req.format}`,
      mediaType: 'application/pdf',
      contentBase64: pdf.toString('base64'),
    }));
    const res = await fetch(
      `${gw.url}/api/v1/offices/${world.a.office}/reports/exports/monthly?period=2026-01&format=pdf`,
      { headers: { authorization: `Bearer ${world.a.staff.token}` } },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain(
      `filename="${world.a.office}-monthly-2026-01.pdf"`,
    );
    expect(Buffer.from(await res.arrayBuffer())).toEqual(pdf);

    serve('reporting.report.download', (req) => {
      if (req.office !== world.a.office) throw notFound;
      return {
        fileName: 'rekap.xlsx',
        mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        contentBase64: Buffer.from('PK').toString('base64'),
      };
    });
    const id = '3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
    const xlsx = await fetch(
      `${gw.url}/api/v1/offices/${world.a.office}/reports/generated/${id}/download?format=xlsx`,
      { headers: { authorization: `Bearer ${world.a.staff.token}` } },
    );
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(xlsx.headers.get('content-disposition')).toContain('filename="rekap.xlsx"');
    const missing = await call(
      gw,
      'GET',
      `/api/v1/offices/${world.b.office}/reports/generated/${id}/download`,
      {
        token: world.b.staff.token,
      },
    );
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('report-not-found');
  });

  it('logs website problems with an Idempotency-Key, as the signed-in person', async () => {
    const created = serve('reporting.problem.create', (req) => problem(req.office, req.actor as never));
    const noKey = await call(gw, 'POST', `/api/v1/offices/${world.a.office}/reports/problems`, {
      token: world.a.staff.token,
      key: null,
      body: {
        title: 'Website lambat',
        description: 'Halaman lambat dimuat',
        category: 'server',
        severity: 'medium',
      },
    });
    expect(noKey.status).toBe(400);
    const res = await call(gw, 'POST', `/api/v1/offices/${world.a.office}/reports/problems`, {
      token: world.a.staff.token,
      body: {
        title: 'Website lambat',
        description: 'Halaman lambat dimuat',
        category: 'server',
        severity: 'medium',
      },
    });
    expectStatus(res, 201);
    const sent = created.calls.at(-1)!;
    expect(sent.request).toMatchObject({
      office: world.a.office,
      actor: { kind: 'user', id: world.a.staff.id },
    });
    expect(sent.idempotencyKey).toBeDefined();
    const invalid = await call(gw, 'POST', `/api/v1/offices/${world.a.office}/reports/problems`, {
      token: world.a.staff.token,
      body: { title: '', description: 'x', category: 'cuaca', severity: 'medium' },
    });
    expect(invalid.status).toBe(400);
  });

  it('the platform comparison and rebuild are for platform admins only', async () => {
    const comparison = serve('reporting.platform.comparison', (req) => ({
      period: {
        from: '2025-12-31T17:00:00.000Z',
        to: '2026-06-30T17:00:00.000Z',
        label: req.period,
        title: 'Semester I 2026',
      },
      offices: [],
      totals: {
        itemsSubmitted: 0,
        runsCompleted: 0,
        posts: 0,
        views: 0,
        closedSteps: 0,
        timedSteps: 0,
        compliance: null,
        breaches: 0,
        escalations: 0,
        sendBacks: 0,
        postponements: 0,
        avgCycleWorkingMs: null,
        reworkMs: 0,
        savedMinutes: 0,
      },
    }));
    const admin = await call(gw, 'GET', '/api/v1/reports/platform/comparison?period=2026-S1', {
      token: world.a.admin.token,
    });
    expect(admin.status).toBe(403);
    const root = await call(gw, 'GET', '/api/v1/reports/platform/comparison?period=2026-S1', {
      token: world.root.token,
    });
    expectStatus(root, 200);
    expect(comparison.calls).toHaveLength(1);
    expect(comparison.calls[0]!.request).toMatchObject({ platformAdmin: true, period: '2026-S1' });
    const rebuild = await call(gw, 'POST', '/api/v1/reports/platform/rebuild', {
      token: world.a.admin.token,
    });
    expect(rebuild.status).toBe(403);
  });
});
