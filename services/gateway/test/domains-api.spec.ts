import { randomUUID } from 'node:crypto';
import {
  type Actor,
  type ApprovalsCaller,
  commandErrorReply,
  type DecisionView,
  OFFICE_ADMIN_ROLE,
  type RunSummary,
  type TaskView,
} from '@tatalaman/contracts';
import { parseSopDefinition } from '@tatalaman/sop-language';
import { serveCommand } from '@tatalaman/testing';
import { call, expectStatus, startGateway, type TestGateway } from './support/harness';
import { buildWorld, type World } from './support/world';

/** A definition with two mistakes the SOP validator reports with their line and column. */
const INVALID_YAML = [
  'key: kantor-a.rusak',
  'version: 1',
  'title: Definisi Rusak',
  'timeZone: Asia/Jakarta',
  'roles:',
  '  - code: penulis',
  '    name: Penulis',
  'flows:',
  '  item:',
  '    steps:',
  '      - id: tulis',
  '        description: Menulis berita',
  '        actors: penyunting',
  '        time: 3 lusa',
  '',
].join('\n');

const VALID_YAML = [
  'key: kantor-a.berita',
  'version: 1',
  'title: Pengelolaan Berita',
  'timeZone: Asia/Jakarta',
  'roles:',
  '  - code: kabag',
  '    name: Kabag',
  'flows:',
  '  item:',
  '    steps:',
  '      - id: tulis',
  '        description: Menulis berita',
  '        actors: kabag',
  '        time: 1 jam',
  '',
].join('\n');

describe('domain APIs: what reaches the services and what comes back', () => {
  let gw: TestGateway;
  let w: World;
  const stops: (() => void)[] = [];

  beforeAll(async () => {
    gw = await startGateway('domains-api');
    w = await buildWorld(gw);
  });
  afterAll(async () => {
    for (const stop of stops) stop();
    await gw?.close();
  });

  function serve<K extends Parameters<typeof serveCommand>[1]>(
    name: K,
    handler: Parameters<typeof serveCommand<K>>[2],
  ) {
    const served = serveCommand(gw.nc, name, handler);
    stops.push(served.stop);
    return served;
  }

  describe('SOP definitions', () => {
    // The registry at its contract boundary, validating with the same SOP language it uses.
    let upload: ReturnType<typeof serve<'sop-registry.definition.upload'>>;
    beforeAll(() => {
      upload = serve('sop-registry.definition.upload', (r) => {
        const parsed = parseSopDefinition(r.source, { fileName: r.fileName });
        if (!parsed.ok || !parsed.definition) {
          throw commandErrorReply(
            422,
            'definition-invalid',
            {
              id: `Definisi SOP tidak valid: ${parsed.errors.length} kesalahan.`,
              en: `The SOP definition is not valid: ${parsed.errors.length} error(s).`,
            },
            { errors: parsed.errors, warnings: parsed.warnings },
          );
        }
        const d = parsed.definition;
        return {
          definition: {
            key: d.key,
            version: d.version,
            title: d.title,
            scope: r.scope ?? 'office',
            owner: r.scope === 'platform' ? 'platform' : r.office,
            reservedFor: null,
            checksum: d.sourceHash,
            sourceFormat: 'yaml',
            contentTypes: [],
            flows: [],
            uploadedBy: r.actor,
            uploadedAt: new Date().toISOString(),
            warnings: parsed.warnings.length,
            activeFor: [],
          },
          created: true,
          warnings: parsed.warnings,
        };
      });
    });
    const path = () => `/api/v1/offices/${w.a.office}/sop-definitions`;

    it('answers an invalid definition with problem+json 422 listing each diagnostic with its line and column', async () => {
      for (const lang of ['id', 'en']) {
        const res = await call(gw, 'POST', `${path()}?fileName=rusak.yaml`, {
          token: w.a.admin.token,
          rawBody: INVALID_YAML,
          headers: { 'content-type': 'application/yaml' },
          lang,
        });
        expectStatus(res, 422);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        const expected = parseSopDefinition(INVALID_YAML);
        expect(expected.errors.length).toBeGreaterThanOrEqual(2);
        expect(res.body).toMatchObject({
          type: 'https://tatalaman.id/problems/definition-invalid',
          code: 'definition-invalid',
          status: 422,
          title: lang === 'en' ? 'The SOP definition is not valid' : 'Definisi SOP tidak valid',
        });
        expect(res.body.errors).toEqual(
          expected.errors.map((d) => ({
            code: d.code,
            path: d.path,
            line: d.line,
            column: d.column,
            message: lang === 'en' ? d.message.en : d.message.id,
          })),
        );
        // The unknown role and the unreadable time are named where they are written.
        expect(
          res.body.errors.map((e: { code: string; line: number; column: number }) => [
            e.code,
            e.line,
            e.column,
          ]),
        ).toEqual([
          ['role.unknown', 13, 17],
          ['time.unparseable', 14, 15],
        ]);
        expect(res.headers.get('content-language')).toBe(lang);
      }
      // The text reached the registry exactly as sent, with the caller's admin flags.
      expect(upload.calls[0]!.request).toMatchObject({
        office: w.a.office,
        source: INVALID_YAML,
        fileName: 'rusak.yaml',
        officeAdmin: true,
        platformAdmin: false,
        actor: { kind: 'user', id: w.a.admin.id },
      });
    });

    it('takes a definition as YAML text or JSON; platform admins are flagged as such; members are refused', async () => {
      const before = upload.calls.length;
      const asText = await call(gw, 'POST', path(), {
        token: w.a.admin.token,
        rawBody: VALID_YAML,
        headers: { 'content-type': 'text/yaml; charset=utf-8' },
      });
      expectStatus(asText, 201);
      expect(asText.body).toMatchObject({
        created: true,
        definition: { key: 'kantor-a.berita', scope: 'office' },
      });
      const asJson = await call(gw, 'POST', path(), {
        token: w.root.token,
        body: { source: VALID_YAML, scope: 'platform' },
      });
      expectStatus(asJson, 201);
      expect(
        upload.calls.slice(before).map((c) => [c.request.source, c.request.scope, c.request.platformAdmin]),
      ).toEqual([
        [VALID_YAML, undefined, false],
        [VALID_YAML, 'platform', true],
      ]);
      // Members hold no office:admin: the edge refuses before the registry is asked.
      const member = await call(gw, 'POST', path(), {
        token: w.a.staff.token,
        rawBody: VALID_YAML,
        headers: { 'content-type': 'application/yaml' },
      });
      expect([member.status, member.body.code]).toEqual([403, 'forbidden']);
      const html = await call(gw, 'POST', path(), {
        token: w.a.admin.token,
        rawBody: VALID_YAML,
        headers: { 'content-type': 'text/html' },
      });
      expect([html.status, html.body.code]).toEqual([415, 'unsupported-media-type']);
      expect(upload.calls.length).toBe(before + 2);
      // An empty text is still the text sent: the validator says what is missing.
      const empty = await call(gw, 'POST', path(), {
        token: w.a.admin.token,
        headers: { 'content-type': 'application/yaml' },
      });
      expect([empty.status, empty.body.code]).toEqual([422, 'definition-invalid']);
      expect(upload.calls.at(-1)!.request.source).toBe('');
    });

    it('serves the chart as SVG and the sheet as HTML, in the language asked for, sandboxed', async () => {
      const diagram = serve('sop-registry.definition.diagram', (r) => ({
        mediaType: 'image/svg+xml',
        fileName: `${r.key}-v${r.version}.${r.lang}.svg`,
        body: `<svg xmlns="http://www.w3.org/2000/svg"><text>${r.lang}</text></svg>`,
      }));
      const sheet = serve('sop-registry.definition.sheet', (r) => ({
        mediaType: 'text/html',
        fileName: `${r.key}-v${r.version}.${r.lang}.html`,
        body: `<!doctype html><html lang="${r.lang}"><body>Lembar SOP</body></html>`,
      }));
      const base = `${gw.url}${path()}/kantor-a.berita/versions/1`;
      const auth = { authorization: `Bearer ${w.a.staff.token}` };
      const svg = await fetch(`${base}/diagram?lang=en`, { headers: auth });
      expect(svg.status).toBe(200);
      expect(svg.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
      expect(svg.headers.get('content-disposition')).toMatch(
        /^inline; filename="kantor-a\.berita-v1\.en\.svg"/,
      );
      expect(svg.headers.get('content-security-policy')).toMatch(/^sandbox/);
      expect(await svg.text()).toContain('<text>en</text>');
      const html = await fetch(`${base}/sheet`, { headers: { ...auth, 'accept-language': 'en' } });
      expect([html.status, html.headers.get('content-type'), html.headers.get('content-language')]).toEqual([
        200,
        'text/html; charset=utf-8',
        'en',
      ]);
      await html.text();
      const id = await fetch(`${base}/sheet`, { headers: auth });
      expect(await id.text()).toContain('lang="id"');
      expect(diagram.calls.map((c) => c.request)).toEqual([
        expect.objectContaining({ office: w.a.office, key: 'kantor-a.berita', version: 1, lang: 'en' }),
      ]);
      expect(sheet.calls.map((c) => c.request.lang)).toEqual(['en', 'id']);
      const bad = await fetch(`${gw.url}${path()}/kantor-a.berita/versions/1/diagram?lang=fr`, {
        headers: auth,
      });
      expect(bad.status).toBe(400);
      await bad.text();
    });
  });

  describe('decisions', () => {
    const taskId = randomUUID();
    const workflowId = `sop-${randomUUID().slice(0, 8)}`;
    let decide: ReturnType<typeof serve<'approvals.task.decide'>>;

    const task = (caller: ApprovalsCaller): TaskView => ({
      taskId,
      office: caller.office,
      workflowId,
      stepId: 'periksa',
      attempt: 1,
      step: { number: 2, kind: 'review', description: 'Memeriksa berita' },
      roles: ['kabag'],
      myRoles: caller.roles.filter((r) => r.role === 'kabag'),
      definition: { key: 'kantor-a.berita', version: 1, title: 'Pengelolaan Berita' },
      status: 'deciding',
      cause: { kind: 'step-completed', from: 'tulis' },
      breached: false,
      extensions: 0,
    });
    const run = (by: Actor, onBehalfOf?: Actor): RunSummary => ({
      workflowId,
      office: w.a.office,
      definition: { key: 'kantor-a.berita', version: 1, title: 'Pengelolaan Berita' },
      flowId: 'item',
      item: { id: randomUUID(), contentType: 'berita', title: 'Rapat Pleno' },
      status: 'running',
      startedAt: '2026-03-20T02:00:00.000Z',
      open: [],
      history: [
        {
          seq: 3,
          at: '2026-03-20T03:00:00.000Z',
          stepId: 'periksa',
          attempt: 1,
          kind: 'approved',
          actor: by,
          ...(onBehalfOf ? { onBehalfOf } : {}),
          role: 'kabag',
        },
      ],
      deadlines: [],
    });

    beforeAll(() => {
      // Approvals at its contract boundary: the task's roles against the caller's roles.
      decide = serve('approvals.task.decide', (r) => {
        const held = r.roles.find((x) => x.role === 'kabag');
        if (!held) {
          throw commandErrorReply(403, 'role-not-holder', {
            id: 'Anda tidak memegang peran langkah ini (kabag).',
            en: 'You do not hold a role of this step (kabag).',
          });
        }
        const decision: DecisionView = {
          decisionId: randomUUID(),
          workflowId,
          taskId,
          stepId: 'periksa',
          attempt: 1,
          outcome: r.decision,
          by: r.actor,
          ...(held.onBehalfOf ? { onBehalfOf: held.onBehalfOf } : {}),
          role: 'kabag',
          decidedAt: new Date().toISOString(),
          definitionKey: 'kantor-a.berita',
        };
        return { task: task(r), decision, run: run(r.actor, held.onBehalfOf) };
      });
    });

    it('decides as a delegate: the held role goes with onBehalfOf, and the answer is the run after it', async () => {
      expectStatus(
        await call(gw, 'POST', `/api/v1/offices/${w.a.office}/delegations`, {
          token: w.a.admin.token,
          body: {
            fromUserId: w.a.staff.id,
            toUserId: w.a.other.id,
            validFrom: '2020-01-01',
            validTo: '2099-12-31',
            reason: 'Cuti tahunan',
          },
        }),
        201,
      );
      const key = randomUUID();
      const path = `/api/v1/offices/${w.a.office}/tasks/${taskId}/decision`;
      const body = { decision: 'approve', note: 'Layak terbit' };
      const res = await call(gw, 'POST', path, { token: w.a.other.token, body, key });
      expectStatus(res, 200);
      const staff = { kind: 'user', id: w.a.staff.id, name: `staf ${w.a.office}` };
      expect(decide.calls).toHaveLength(1);
      expect(decide.calls[0]).toEqual({
        request: {
          office: w.a.office,
          actor: { kind: 'user', id: w.a.other.id, name: `lain ${w.a.office}` },
          roles: [{ role: 'kabag', onBehalfOf: staff }],
          officeAdmin: false,
          idempotencyKey: key,
          taskId,
          decision: 'approve',
          note: 'Layak terbit',
        },
        idempotencyKey: key,
        correlationId: expect.any(String),
      });
      expect(res.body.decision).toMatchObject({ outcome: 'approve', onBehalfOf: staff, role: 'kabag' });
      expect(res.body.run).toMatchObject({ workflowId, status: 'running' });
      expect(res.body.run.history[0]).toMatchObject({ actor: { id: w.a.other.id }, onBehalfOf: staff });
      expect(res.body.task.myRoles).toEqual([{ role: 'kabag', onBehalfOf: staff }]);
      // A retry is the same answer, and approvals is not asked again.
      const again = await call(gw, 'POST', path, { token: w.a.other.token, body, key });
      expect([again.status, again.headers.get('idempotent-replayed'), again.body]).toEqual([
        200,
        'true',
        res.body,
      ]);
      expect(decide.calls).toHaveLength(1);
    });

    it("refuses someone without the step's role with approvals' 403 problem", async () => {
      for (const lang of ['id', 'en']) {
        const res = await call(gw, 'POST', `/api/v1/offices/${w.a.office}/tasks/${taskId}/decision`, {
          token: w.a.admin.token,
          body: { decision: 'approve' },
          lang,
        });
        expectStatus(res, 403);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(res.body).toMatchObject({
          type: 'https://tatalaman.id/problems/role-not-holder',
          code: 'role-not-holder',
          title:
            lang === 'en' ? 'You do not hold a role of this step' : 'Anda tidak memegang peran langkah ini',
          detail:
            lang === 'en'
              ? 'You do not hold a role of this step (kabag).'
              : 'Anda tidak memegang peran langkah ini (kabag).',
        });
      }
      // Office admins are flagged, but hold no SOP role here: approvals decided.
      expect(decide.calls.at(-1)!.request).toMatchObject({ roles: [], officeAdmin: true });
      // An API key may hold decisions:write, never an SOP role.
      const key = await call(gw, 'POST', `/api/v1/offices/${w.a.office}/api-keys`, {
        token: w.a.admin.token,
        body: { name: 'Sistem', scopes: ['decisions:write'] },
      });
      const keyed = await call(gw, 'POST', `/api/v1/offices/${w.a.office}/tasks/${taskId}/decision`, {
        token: key.body.secret,
        body: { decision: 'approve' },
      });
      expect([keyed.status, keyed.body.code]).toEqual([403, 'role-not-holder']);
      expect(decide.calls.at(-1)!.request).toMatchObject({ actor: { kind: 'api-key' }, roles: [] });
    });
  });

  describe('runs', () => {
    it("shows the corrections and retractions of the run's publication in its timeline", async () => {
      const workflowId = `sop-${w.a.office}-0123456789abcdef0456`;
      const web: Actor = { kind: 'user', id: 'u-web', name: 'Web Admin' };
      const get = serve('worker.run.get', (r) => ({
        workflowId: r.workflowId,
        office: r.office,
        definition: { key: 'kantor-a.berita', version: 1, title: 'Pengelolaan Berita' },
        flowId: 'item',
        status: 'completed',
        startedAt: '2026-03-20T02:00:00.000Z',
        endedAt: '2026-03-20T04:00:00.000Z',
        open: [],
        history: [
          { seq: 1, at: '2026-03-20T02:00:00.000Z', stepId: 'unggah', attempt: 1, kind: 'opened' },
          { seq: 2, at: '2026-03-20T04:00:00.000Z', stepId: 'unggah', attempt: 1, kind: 'published' },
        ],
        deadlines: [],
      }));
      const actions = serve('publishing.publication.run-actions', () => ({
        actions: [
          {
            kind: 'correct',
            at: '2026-03-21T01:00:00.000Z',
            itemId: '5d0c3b1e-7a2f-4c8e-9b1d-2e3f4a5b6c7d',
            stepId: 'unggah',
            revision: 2,
            actor: web,
            authority: { as: 'role', role: 'web-admin', roleName: 'Web Admin' },
            note: 'Tanggal diperbaiki',
          },
          {
            kind: 'retract',
            at: '2026-03-22T01:00:00.000Z',
            itemId: '5d0c3b1e-7a2f-4c8e-9b1d-2e3f4a5b6c7d',
            stepId: 'unggah',
            revision: 2,
            actor: { kind: 'user', id: w.a.admin.id, name: 'Admin' },
            authority: { as: 'office-admin' },
            note: 'Salah unggah',
          },
        ],
      }));
      const res = await call(gw, 'GET', `/api/v1/offices/${w.a.office}/runs/${workflowId}`, {
        token: w.a.staff.token,
      });
      expectStatus(res, 200);
      expect(res.body.history.slice(2)).toEqual([
        expect.objectContaining({
          seq: 3,
          stepId: 'unggah',
          attempt: 1,
          kind: 'corrected',
          actor: web,
          role: 'web-admin',
          note: 'Tanggal diperbaiki',
        }),
        expect.objectContaining({ seq: 4, stepId: 'unggah', kind: 'retracted', reason: 'Salah unggah' }),
      ]);
      expect(actions.calls[0]!.request).toMatchObject({ office: w.a.office, workflowId });
      // The next test answers runs its own way.
      get.stop();
      actions.stop();
    });
    it('cancels a run for office admins only, with the reason; another office has no such run', async () => {
      const workflowId = `sop-${w.a.office}-0123456789abcdef0123`;
      const cancel = serve('worker.run.cancel', (r) => {
        if (r.office !== w.a.office) throw commandErrorReply(404, 'run-not-found', { id: 'x', en: 'x' });
        return {
          workflowId: r.workflowId,
          office: r.office,
          definition: { key: 'kantor-a.berita', version: 1, title: 'Pengelolaan Berita' },
          flowId: 'item',
          status: 'cancelled',
          startedAt: '2026-03-20T02:00:00.000Z',
          endedAt: '2026-03-20T04:00:00.000Z',
          outcome: { kind: 'cancelled', reason: r.reason, by: r.actor },
          open: [],
          history: [],
          deadlines: [],
        } satisfies RunSummary;
      });
      const path = `/api/v1/offices/${w.a.office}/runs/${workflowId}/cancel`;
      const member = await call(gw, 'POST', path, {
        token: w.a.staff.token,
        body: { reason: 'Salah kirim' },
      });
      expect([member.status, member.body.code]).toEqual([403, 'forbidden']);
      expect(cancel.calls).toHaveLength(0);
      const res = await call(gw, 'POST', path, { token: w.a.admin.token, body: { reason: 'Salah kirim' } });
      expectStatus(res, 200);
      expect(res.body).toMatchObject({
        status: 'cancelled',
        outcome: { reason: 'Salah kirim', by: { id: w.a.admin.id } },
      });
      expect(cancel.calls[0]!.request).toMatchObject({
        office: w.a.office,
        workflowId,
        reason: 'Salah kirim',
      });
      const get = serve('worker.run.get', (r) => {
        throw commandErrorReply(404, 'run-not-found', {
          id: 'Proses SOP tidak ditemukan.',
          en: `No run ${r.workflowId}.`,
        });
      });
      const theirs = await call(gw, 'GET', `/api/v1/offices/${w.b.office}/runs/${workflowId}`, {
        token: w.b.admin.token,
      });
      expect([theirs.status, theirs.body.code]).toEqual([404, 'run-not-found']);
      expect(get.calls[0]!.request).toMatchObject({ office: w.b.office, workflowId });
    });

    it('starts a standalone process for office admins only, as the admin, once per key', async () => {
      const start = serve('worker.flow.start', (r) => ({
        workflowId: `sop-${r.office}-flow-0123456789abcdef0123`,
        definition: { key: r.definition.key, version: r.definition.version ?? 3 },
        started: true,
      }));
      const path = `/api/v1/offices/${w.a.office}/runs`;
      const body = { definitionKey: 'kantor-a.website', flowId: 'pengembangan-website' };
      const member = await call(gw, 'POST', path, { token: w.a.staff.token, body });
      expect([member.status, member.body.code]).toEqual([403, 'forbidden']);
      expect(start.calls).toHaveLength(0);
      const res = await call(gw, 'POST', path, { token: w.a.admin.token, body });
      expectStatus(res, 201);
      expect(res.body).toEqual({
        workflowId: `sop-${w.a.office}-flow-0123456789abcdef0123`,
        definition: { key: 'kantor-a.website', version: 3 },
        started: true,
      });
      expect(start.calls[0]!.request).toMatchObject({
        office: w.a.office,
        definition: { key: 'kantor-a.website' },
        flowId: 'pengembangan-website',
        startedBy: { kind: 'user', id: w.a.admin.id },
        idempotencyKey: expect.any(String),
      });
      const bad = await call(gw, 'POST', path, {
        token: w.a.admin.token,
        body: { ...body, flowId: 'Bukan Alur' },
      });
      expect(bad.status).toBe(400);
    });

    it("retries a failed platform step for office admins, in the admin's own role", async () => {
      const workflowId = `sop-${w.a.office}-0123456789abcdef0123`;
      const decide = serve('worker.run.decide', (r) => ({
        workflowId: r.workflowId,
        office: r.office,
        definition: { key: 'kantor-a.berita', version: 1, title: 'Pengelolaan Berita' },
        flowId: 'rekap-bulanan',
        status: 'running',
        startedAt: '2026-03-20T02:00:00.000Z',
        open: [],
        history: [],
        deadlines: [],
      }));
      const path = `/api/v1/offices/${w.a.office}/runs/${workflowId}/steps/rekap-postingan/retry`;
      const member = await call(gw, 'POST', path, { token: w.a.staff.token, body: {} });
      expect([member.status, member.body.code]).toEqual([403, 'forbidden']);
      const res = await call(gw, 'POST', path, { token: w.a.admin.token, body: {} });
      expectStatus(res, 200);
      expect(decide.calls.at(-1)!.request).toMatchObject({
        office: w.a.office,
        workflowId,
        stepId: 'rekap-postingan',
        decision: 'retry',
        role: OFFICE_ADMIN_ROLE,
        actor: { kind: 'user', id: w.a.admin.id },
      });
    });
  });
});
