import { type ApprovalsCaller, makeEvent, type RunDecisionKind } from '@tatalaman/contracts';
import {
  caller,
  errorReply,
  FakeRun,
  Harness,
  key,
  person,
  serveDecide,
  serveHolders,
  serveRuns,
  waitFor,
} from './support/harness';

const OFFICE = 'kpu-prov-jateng';
const OTHER = 'kpu-kota-palu';
const ROLE = 'sub-koordinator';
const sari = person('u-sari', 'Sari');
const tono = person('u-tono', 'Tono');
const admin = person('u-admin', 'Admin Kantor');
const outsider = person('u-luar', 'Orang Luar');

describe('claims, decisions, comments and history', () => {
  const h = new Harness();
  const runs = new Map<string, FakeRun>();
  let decide: ReturnType<typeof serveDecide>;
  const asSari = caller(OFFICE, sari, [ROLE]);
  const asTono = caller(OFFICE, tono, [ROLE]);
  const asAdmin = caller(OFFICE, admin, [], true);
  const asAdminHolder = caller(OFFICE, admin, [ROLE], true);
  const asOutsider = caller(OFFICE, outsider, ['web-admin']);

  /** A run with one open step; returns it and the step's task id. */
  async function openTask(
    opts: {
      office?: string;
      stepId?: string;
      roles?: string[];
      kind?: 'work' | 'review';
      contentType?: string;
    } = {},
  ) {
    const run = new FakeRun(opts.office ?? OFFICE, {
      item: {
        id: `item-${runs.size}`,
        title: `Berita ${runs.size}`,
        contentType: opts.contentType ?? 'berita',
      },
    });
    runs.set(run.workflowId, run);
    const stepId = opts.stepId ?? 'koreksi-subkoor';
    await h.apply(
      run.started(),
      run.opened(stepId, opts.roles ?? [ROLE], { number: 4, kind: opts.kind ?? 'review' }),
    );
    const [row] = await h.query<{ id: string }>(
      `SELECT id FROM approvals.tasks WHERE workflow_id = $1 AND step_id = $2`,
      [run.workflowId, stepId],
    );
    // Settle the run's details (item title, content type) first, so answers do not change under the test.
    await waitFor(async () => {
      const [r] = await h.query<{ details_state: string }>(
        `SELECT details_state FROM approvals.runs WHERE workflow_id = $1`,
        [run.workflowId],
      );
      return r?.details_state === 'done';
    }, 'run details');
    return { run, taskId: row!.id };
  }

  const decideAs = (
    who: ApprovalsCaller,
    taskId: string,
    decision: RunDecisionKind,
    extra: Record<string, unknown> = {},
  ) => h.send('approvals.task.decide', { ...who, taskId, decision, idempotencyKey: key('decide'), ...extra });

  beforeAll(async () => {
    await h.start();
    serveRuns(h, runs);
    serveHolders(h, {});
    decide = serveDecide(h, runs);
  });
  afterAll(() => h.stop());
  afterEach(() => {
    decide.control.refuse = undefined;
    decide.control.lose = undefined;
    decide.control.beforeAnswer = undefined;
  });

  describe('claims', () => {
    it('marks who works on a task; others still see it; only the claimer or an office admin releases it', async () => {
      const { run, taskId } = await openTask();
      const claimKey = key('claim');
      const claimed = await h.send('approvals.task.claim', { ...asSari, taskId, idempotencyKey: claimKey });
      expect(claimed.claim).toMatchObject({ userId: sari.id, name: 'Sari' });

      const seenByTono = (await h.send('approvals.inbox.list', asTono)).tasks.find(
        (t) => t.taskId === taskId,
      );
      expect(seenByTono?.claim?.userId).toBe(sari.id);
      const taken = await h.refusal('approvals.task.claim', { ...asTono, taskId, idempotencyKey: key() });
      expect(taken).toMatchObject({
        status: 409,
        code: 'task-claimed',
        detail: { claimedBy: { userId: sari.id, name: 'Sari' } },
      });
      expect(taken.messages.id).toBe('Tugas ini sedang dikerjakan oleh Sari.');

      // Claiming one's own claim again changes nothing; retrying the first request returns its answer.
      expect(
        (await h.send('approvals.task.claim', { ...asSari, taskId, idempotencyKey: key() })).claim?.userId,
      ).toBe(sari.id);
      expect(await h.send('approvals.task.claim', { ...asSari, taskId, idempotencyKey: claimKey })).toEqual(
        claimed,
      );
      const reused = await h.refusal('approvals.task.release', {
        ...asSari,
        taskId,
        idempotencyKey: claimKey,
      });
      expect(reused).toMatchObject({ status: 422, code: 'idempotency-key-reused' });

      expect(
        await h.refusal('approvals.task.release', { ...asTono, taskId, idempotencyKey: key() }),
      ).toMatchObject({
        status: 403,
        code: 'not-claimer',
      });
      const released = await h.send('approvals.task.release', {
        ...asAdmin,
        taskId,
        reason: 'Sari cuti',
        idempotencyKey: key('release'),
      });
      expect(released.claim).toBeUndefined();
      expect(
        await h.refusal('approvals.task.release', { ...asSari, taskId, idempotencyKey: key() }),
      ).toMatchObject({
        status: 409,
        code: 'not-claimed',
      });
      const releaseKey = key('release');
      await h.send('approvals.task.claim', { ...asTono, taskId, idempotencyKey: key() });
      const own = await h.send('approvals.task.release', { ...asTono, taskId, idempotencyKey: releaseKey });
      expect(own.claim).toBeUndefined();
      expect(
        await h.send('approvals.task.release', { ...asTono, taskId, idempotencyKey: releaseKey }),
      ).toEqual(own);

      expect(
        await h.refusal('approvals.task.claim', { ...asOutsider, taskId, idempotencyKey: key() }),
      ).toMatchObject({
        status: 403,
        code: 'role-not-holder',
      });

      const claims = (await h.outbox('approvals.task-claimed')).filter((e) => e.data.taskId === taskId);
      expect(claims.map((e) => e.data.userId)).toEqual([sari.id, tono.id]);
      expect(claims[0]!.data).toMatchObject({ runId: run.workflowId, stepId: 'koreksi-subkoor', attempt: 1 });
      const releases = (await h.outbox('approvals.task-released')).filter((e) => e.data.taskId === taskId);
      expect(releases.map((e) => [e.data.userId, e.data.releasedBy, e.data.reason])).toEqual([
        [sari.id, admin.id, 'Sari cuti'],
        [tono.id, undefined, undefined],
      ]);
      const audit = (await h.outbox('audit.change-recorded')).filter((e) => e.data.entityId === taskId);
      expect(audit.map((e) => [e.actor?.id, e.data.action])).toEqual([
        [sari.id, 'claim'],
        [admin.id, 'release'],
        [tono.id, 'claim'],
        [tono.id, 'release'],
      ]);
      expect(audit[0]!.data).toMatchObject({
        service: 'approvals',
        entity: 'task',
        changes: expect.arrayContaining([{ field: 'claimedBy', old: null, new: sari.id }]),
      });
      // Published: the relay took them to JetStream.
      await waitFor(async () => {
        const [{ n }] = await h.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM approvals.outbox WHERE published_at IS NULL`,
        );
        return n === 0;
      }, 'outbox relayed');
    });

    it('gives the claims of a deactivated user back to the role inbox', async () => {
      const { taskId } = await openTask();
      await h.send('approvals.task.claim', { ...asTono, taskId, idempotencyKey: key() });
      const deactivated = makeEvent('identity.user-deactivated', {
        office: OFFICE,
        actor: admin,
        data: { userId: tono.id, reason: 'Pindah tugas' },
      });
      await h.publish(deactivated);
      await waitFor(
        async () => !(await h.send('approvals.task.get', { ...asSari, taskId })).claim,
        'claim released',
      );
      const released = (await h.outbox('approvals.task-released')).filter((e) => e.data.taskId === taskId);
      expect(released.map((e) => e.data)).toEqual([
        expect.objectContaining({
          userId: tono.id,
          releasedBy: 'approvals',
          reason: 'user-deactivated: Pindah tugas',
        }),
      ]);
      // The platform's clean-up is not a person's change: no audit entry for it.
      const audit = (await h.outbox('audit.change-recorded')).filter((e) => e.data.entityId === taskId);
      expect(audit.map((e) => e.data.action)).toEqual(['claim']);
    });
  });

  describe('decide', () => {
    it('forwards the decision in the holder role, answers with the run, marks the task deciding, records the history', async () => {
      const { run, taskId } = await openTask();
      const idempotencyKey = key('decide');
      const answer = await h.send('approvals.task.decide', {
        ...asSari,
        taskId,
        decision: 'approve',
        note: 'Sudah sesuai',
        idempotencyKey,
      });
      const call = decide.calls.find((c) => c.request.workflowId === run.workflowId)!;
      expect(call.request).toEqual({
        office: OFFICE,
        workflowId: run.workflowId,
        stepId: 'koreksi-subkoor',
        decision: 'approve',
        actor: sari,
        role: ROLE,
        note: 'Sudah sesuai',
        idempotencyKey,
      });
      expect(call.idempotencyKey).toBe(idempotencyKey);
      expect(answer.run).toMatchObject({ workflowId: run.workflowId, open: [] });
      expect(answer.run.history).toEqual([expect.objectContaining({ kind: 'approve', actor: sari })]);
      expect(answer.task).toMatchObject({
        taskId,
        status: 'deciding',
        deciding: { decision: 'approve', by: sari },
      });
      expect(answer.decision).toMatchObject({
        outcome: 'approve',
        by: sari,
        role: ROLE,
        note: 'Sudah sesuai',
        taskId,
      });

      // A second decision meanwhile is refused here; the run reports the step done and the task closes.
      expect(
        await h.refusal('approvals.task.decide', {
          ...asTono,
          taskId,
          decision: 'approve',
          idempotencyKey: key(),
        }),
      ).toMatchObject({
        status: 409,
        code: 'task-deciding',
      });
      await h.apply(
        run.completed('koreksi-subkoor', 'approve', sari, { role: ROLE, number: 4, kind: 'review' }),
      );
      const closed = await h.send('approvals.task.get', { ...asSari, taskId });
      expect(closed).toMatchObject({ status: 'closed', closed: { outcome: 'approve', by: sari } });

      // The retried request returns the first answer without deciding again; the history has it once.
      const calls = decide.calls.length;
      expect(
        await h.send('approvals.task.decide', {
          ...asSari,
          taskId,
          decision: 'approve',
          note: 'Sudah sesuai',
          idempotencyKey,
        }),
      ).toEqual(answer);
      expect(decide.calls.length).toBe(calls);
      const reused = await h.refusal('approvals.task.decide', {
        ...asSari,
        taskId,
        decision: 'reject',
        reason: 'x',
        idempotencyKey,
      });
      expect(reused).toMatchObject({ status: 422, code: 'idempotency-key-reused' });
      const history = await h.send('approvals.history.run', { ...asSari, workflowId: run.workflowId });
      expect(history.decisions).toEqual([answer.decision]);
      const recorded = (await h.outbox('approvals.decision-recorded')).filter(
        (e) => e.data.runId === run.workflowId,
      );
      expect(recorded).toHaveLength(1);
      const audit = (await h.outbox('audit.change-recorded')).filter((e) => e.data.entityId === taskId);
      expect(audit.map((e) => [e.actor?.id, e.data.action])).toEqual([[sari.id, 'decide']]);
      expect(audit[0]!.data.changes).toEqual(
        expect.arrayContaining([
          { field: 'status', old: 'open', new: 'deciding' },
          { field: 'decision', old: null, new: 'approve' },
        ]),
      );
    });

    it('sends a delegate decision with onBehalfOf, and a role held in one’s own right without it', async () => {
      const { run, taskId } = await openTask();
      const wakil = person('u-wakil', 'Wakil');
      const asDelegate = caller(OFFICE, wakil, [{ role: ROLE, onBehalfOf: sari }]);
      const answer = await decideAs(asDelegate, taskId, 'send-back', { reason: 'Foto buram' });
      const call = decide.calls.find((c) => c.request.workflowId === run.workflowId)!;
      expect(call.request).toMatchObject({
        actor: wakil,
        role: ROLE,
        onBehalfOf: sari,
        reason: 'Foto buram',
      });
      expect(answer.decision).toMatchObject({
        by: wakil,
        onBehalfOf: sari,
        outcome: 'send-back',
        reason: 'Foto buram',
      });

      const second = await openTask();
      const both = caller(OFFICE, tono, [{ role: ROLE, onBehalfOf: sari }, { role: ROLE }]);
      await decideAs(both, second.taskId, 'approve');
      const direct = decide.calls.find((c) => c.request.workflowId === second.run.workflowId)!;
      expect(direct.request.role).toBe(ROLE);
      expect(direct.request.onBehalfOf).toBeUndefined();
    });

    it('refuses a user without the step’s role before the runtime is asked (RBAC)', async () => {
      const { run, taskId } = await openTask();
      const before = decide.calls.length;
      for (const who of [asOutsider, asAdmin]) {
        const refused = await h.refusal('approvals.task.decide', {
          ...who,
          taskId,
          decision: 'approve',
          idempotencyKey: key(),
        });
        expect(refused).toMatchObject({ status: 403, code: 'role-not-holder' });
        expect(refused.messages).toEqual({
          id: 'Anda tidak memegang peran untuk langkah "koreksi-subkoor".',
          en: 'You hold none of the roles of step "koreksi-subkoor".',
        });
      }
      const wrongRole = await h.refusal('approvals.task.decide', {
        ...caller(OFFICE, tono, [ROLE, 'kabag-hth']),
        taskId,
        decision: 'approve',
        role: 'kabag-hth',
        idempotencyKey: key(),
      });
      expect(wrongRole).toMatchObject({ status: 403, code: 'role-not-holder' });
      expect(decide.calls.length).toBe(before);
      expect((await h.send('approvals.task.get', { ...asSari, taskId })).status).toBe('open');
      expect(
        (await h.send('approvals.history.run', { ...asSari, workflowId: run.workflowId })).decisions,
      ).toEqual([]);
    });

    it('passes the runtime’s refusals through unchanged and records nothing', async () => {
      const { run, taskId } = await openTask();
      const cases = [
        errorReply(
          409,
          'step-not-open',
          'Langkah "koreksi-subkoor" tidak sedang menunggu keputusan.',
          'Step "koreksi-subkoor" is not waiting for a decision.',
        ),
        errorReply(
          403,
          'role-not-holder',
          'Peran "sub-koordinator" tidak memegang langkah "koreksi-subkoor".',
          'Role "sub-koordinator" does not hold step "koreksi-subkoor".',
        ),
        errorReply(
          422,
          'reason-required',
          'Keputusan "reject" wajib disertai alasan.',
          'Decision "reject" needs a reason.',
        ),
        errorReply(
          409,
          'decision-not-allowed',
          'Keputusan "postpone" tidak tersedia untuk langkah "koreksi-subkoor" saat ini.',
          'Decision "postpone" is not available for step "koreksi-subkoor" now.',
        ),
      ];
      const idempotencyKey = key('refused');
      for (const reply of cases) {
        decide.control.refuse = reply;
        const refused = await h.refusal('approvals.task.decide', {
          ...asSari,
          taskId,
          decision: 'approve',
          idempotencyKey,
        });
        expect(refused.toReply()).toEqual(reply);
      }
      decide.control.refuse = undefined;
      expect((await h.send('approvals.task.get', { ...asSari, taskId })).status).toBe('open');
      expect(
        (await h.send('approvals.history.run', { ...asSari, workflowId: run.workflowId })).decisions,
      ).toEqual([]);
      // A refusal changed nothing, so the same key may carry the request again.
      const accepted = await h.send('approvals.task.decide', {
        ...asSari,
        taskId,
        decision: 'approve',
        idempotencyKey,
      });
      expect(accepted.task.status).toBe('deciding');
    });

    it('asks the runtime again after a lost answer and returns the run as the first attempt left it', async () => {
      const { run, taskId } = await openTask();
      const idempotencyKey = key('lost');
      decide.control.lose = true;
      const lost = await h.refusal('approvals.task.decide', {
        ...asSari,
        taskId,
        decision: 'approve',
        idempotencyKey,
      });
      expect(lost).toMatchObject({ status: 504, code: 'timeout' });
      decide.control.lose = false;
      const answer = await h.send('approvals.task.decide', {
        ...asSari,
        taskId,
        decision: 'approve',
        idempotencyKey,
      });
      expect(answer.task.status).toBe('deciding');
      expect(answer.run.history).toEqual([expect.objectContaining({ kind: 'approve', actor: sari })]);
      const calls = decide.calls.filter((c) => c.request.workflowId === run.workflowId);
      expect(calls.map((c) => c.request.idempotencyKey)).toEqual([idempotencyKey, idempotencyKey]);
      expect(
        (await h.send('approvals.history.run', { ...asSari, workflowId: run.workflowId })).decisions,
      ).toHaveLength(1);
    });

    it('refuses deciding a task someone else claimed, unless the decider is an office admin holding the role', async () => {
      const { taskId } = await openTask();
      await h.send('approvals.task.claim', { ...asSari, taskId, idempotencyKey: key() });
      const refused = await h.refusal('approvals.task.decide', {
        ...asTono,
        taskId,
        decision: 'approve',
        idempotencyKey: key(),
      });
      expect(refused).toMatchObject({ status: 409, code: 'task-claimed' });
      const byAdmin = await decideAs(asAdminHolder, taskId, 'approve');
      expect(byAdmin.decision.by).toEqual(admin);
    });

    it('postpones and resumes through the run', async () => {
      const { run, taskId } = await openTask({ roles: ['ketua'] });
      const ketua = caller(OFFICE, person('u-ketua', 'Ketua'), ['ketua']);
      const postponed = await decideAs(ketua, taskId, 'postpone', { reason: 'Menunggu tahapan' });
      expect(postponed.task.status).toBe('deciding');
      await h.apply(
        run.event('runs.step-postponed', {
          stepId: 'koreksi-subkoor',
          number: 4,
          kind: 'review',
          attempt: 1,
          by: ketua.actor,
          role: 'ketua',
          reason: 'Menunggu tahapan',
        }),
      );
      expect((await h.send('approvals.task.get', { ...ketua, taskId })).status).toBe('postponed');
      const resumed = await decideAs(ketua, taskId, 'resume');
      expect(resumed.task.status).toBe('deciding');
      const outcomes = (
        await h.send('approvals.history.run', { ...ketua, workflowId: run.workflowId })
      ).decisions.map((d) => d.outcome);
      expect(outcomes).toEqual(['postpone', 'resume']);
    });

    it("keeps the run's outcome when its event is applied before the decision's answer", async () => {
      const { run, taskId } = await openTask({ roles: ['ketua'] });
      const ketua = caller(OFFICE, person('u-ketua', 'Ketua'), ['ketua']);
      decide.control.beforeAnswer = (r) =>
        h.apply(
          r.event('runs.step-postponed', {
            stepId: 'koreksi-subkoor',
            number: 4,
            kind: 'review',
            attempt: 1,
            by: ketua.actor,
            role: 'ketua',
            reason: 'Menunggu tahapan',
          }),
        );
      await decideAs(ketua, taskId, 'postpone', { reason: 'Menunggu tahapan' });
      // Not `deciding`: nothing would ever move it on, and the resume could not be asked.
      expect((await h.send('approvals.task.get', { ...ketua, taskId })).status).toBe('postponed');
      expect(run.workflowId).toBeDefined();
    });

    it('extends a deadline without leaving the inbox, and records each extension once', async () => {
      const { run, taskId } = await openTask();
      const extended = await decideAs(asSari, taskId, 'extend', { reason: 'Menunggu foto' });
      expect(extended.task.status).toBe('open');
      const dueAt = new Date(Date.now() + 86_400_000).toISOString();
      const ref = { stepId: 'koreksi-subkoor', number: 4, kind: 'review' as const, attempt: 1 };
      await h.apply(
        run.event('runs.step-extended', { ...ref, by: sari, reason: 'Menunggu foto', extensions: 1, dueAt }),
      );
      await decideAs(asSari, taskId, 'extend', { reason: 'Masih menunggu' });
      await h.apply(
        run.event('runs.step-extended', { ...ref, by: sari, reason: 'Masih menunggu', extensions: 2, dueAt }),
      );
      const task = await h.send('approvals.task.get', { ...asSari, taskId });
      expect(task).toMatchObject({ status: 'open', extensions: 2, dueAt });
      const history = await h.send('approvals.history.run', { ...asSari, workflowId: run.workflowId });
      expect(history.decisions.map((d) => [d.outcome, d.reason])).toEqual([
        ['extend', 'Menunggu foto'],
        ['extend', 'Masih menunggu'],
      ]);
    });

    it('lets the holders retry a failed publish step', async () => {
      const run = new FakeRun(OFFICE, {
        item: { id: 'item-pub', title: 'Pengumuman DPT', contentType: 'pengumuman' },
      });
      runs.set(run.workflowId, run);
      const webAdmin = caller(OFFICE, person('u-webadmin', 'Web Admin'), ['web-admin']);
      await h.apply(run.opened('unggah', ['web-admin'], { number: 11, kind: 'publish' }));
      expect((await h.send('approvals.inbox.list', webAdmin)).tasks).toHaveLength(0);
      await h.apply(
        run.event('runs.step-failed', {
          stepId: 'unggah',
          number: 11,
          kind: 'publish',
          attempt: 1,
          roles: ['web-admin'],
          code: 'not-publishable',
          message: 'Revisi belum disetujui',
        }),
      );
      const [task] = (await h.send('approvals.inbox.list', webAdmin)).tasks;
      expect(task).toMatchObject({
        stepId: 'unggah',
        step: { kind: 'publish' },
        failure: { code: 'not-publishable', message: 'Revisi belum disetujui' },
      });
      const retried = await decideAs(webAdmin, task!.taskId, 'retry');
      expect(retried.decision).toMatchObject({ outcome: 'retry', role: 'web-admin' });
      await h.apply(run.completed('unggah', 'published', undefined, { number: 11, kind: 'publish' }));
      expect(
        (await h.send('approvals.task.get', { ...webAdmin, taskId: task!.taskId })).closed?.outcome,
      ).toBe('published');
    });
  });

  describe('bulk decide', () => {
    it('decides each task on its own and reports acceptance and refusals per task', async () => {
      const a = await openTask();
      const b = await openTask();
      const refusedByRun = await openTask();
      const work = await openTask({ kind: 'work', stepId: 'rilis' });
      const foreign = await openTask({ office: OTHER });
      // The run no longer waits for this step: the runtime refuses it.
      refusedByRun.run.open.splice(0);
      const missing = '00000000-0000-4000-8000-000000000000';
      const idempotencyKey = key('bulk');
      const request = {
        ...asSari,
        taskIds: [a.taskId, b.taskId, refusedByRun.taskId, work.taskId, foreign.taskId, missing, a.taskId],
        decision: 'approve' as const,
        note: 'Disetujui bersama',
        idempotencyKey,
      };
      const answer = await h.send('approvals.tasks.bulk-decide', request);
      expect(answer.accepted).toBe(2);
      expect(answer.refused).toBe(4);
      const byTask = Object.fromEntries(answer.results.map((r) => [r.taskId, r]));
      expect(byTask[a.taskId]).toMatchObject({ outcome: 'accepted', runStatus: 'running' });
      expect(byTask[b.taskId]).toMatchObject({ outcome: 'accepted' });
      expect(byTask[refusedByRun.taskId]).toMatchObject({
        outcome: 'refused',
        error: { status: 409, code: 'step-not-open' },
      });
      expect(byTask[work.taskId]).toMatchObject({
        outcome: 'refused',
        error: { status: 422, code: 'not-a-review' },
      });
      expect(byTask[foreign.taskId]).toMatchObject({
        outcome: 'refused',
        error: { status: 404, code: 'task-not-found' },
      });
      expect(byTask[missing]).toMatchObject({
        outcome: 'refused',
        error: { status: 404, code: 'task-not-found' },
      });
      const sent = decide.calls.filter((c) => c.request.idempotencyKey.startsWith(`${idempotencyKey}:`));
      expect(sent.map((c) => c.request.idempotencyKey).sort()).toEqual(
        [a.taskId, b.taskId, refusedByRun.taskId].map((t) => `${idempotencyKey}:${t}`).sort(),
      );
      expect(sent.every((c) => c.request.role === ROLE && c.request.note === 'Disetujui bersama')).toBe(true);

      // Retried: the accepted ones answer as before and are not sent again.
      const again = await h.send('approvals.tasks.bulk-decide', request);
      expect(again.results.filter((r) => r.outcome === 'accepted')).toEqual(
        answer.results.filter((r) => r.outcome === 'accepted'),
      );
      expect(
        decide.calls.filter((c) => c.request.idempotencyKey.startsWith(`${idempotencyKey}:`)).length,
      ).toBe(sent.length + 1);

      const noReason = await h.refusal('approvals.tasks.bulk-decide', {
        ...asSari,
        taskIds: [b.taskId],
        decision: 'send-back',
        idempotencyKey: key(),
      });
      expect(noReason).toMatchObject({ status: 422, code: 'reason-required' });
    });
  });

  describe('comments', () => {
    it('are seen by everyone who can see the run’s tasks, added once per key, with author and time', async () => {
      const { run, taskId } = await openTask();
      await h.apply(run.opened('persetujuan-kabag', ['kabag-hth'], { number: 5 }));
      const kabag = caller(OFFICE, person('u-kabag', 'Kabag'), ['kabag-hth']);
      const idempotencyKey = key('comment');
      const comment = await h.send('approvals.comment.add', {
        ...asSari,
        taskId,
        body: '  Mohon cek foto kedua.  ',
        idempotencyKey,
      });
      expect(comment).toMatchObject({
        workflowId: run.workflowId,
        taskId,
        stepId: 'koreksi-subkoor',
        author: sari,
        body: 'Mohon cek foto kedua.',
      });
      expect(
        await h.send('approvals.comment.add', {
          ...asSari,
          taskId,
          body: '  Mohon cek foto kedua.  ',
          idempotencyKey,
        }),
      ).toEqual(comment);
      await h.send('approvals.comment.add', {
        ...kabag,
        workflowId: run.workflowId,
        body: 'Sudah saya lihat.',
        idempotencyKey: key(),
      });

      const listed = await h.send('approvals.comments.list', { ...kabag, workflowId: run.workflowId });
      expect(listed.comments.map((c) => [c.author.id, c.body])).toEqual([
        [sari.id, 'Mohon cek foto kedua.'],
        ['u-kabag', 'Sudah saya lihat.'],
      ]);
      const paged = await h.send('approvals.comments.list', { ...asSari, taskId, limit: 1 });
      expect(paged.comments).toHaveLength(1);
      const rest = await h.send('approvals.comments.list', {
        ...asSari,
        taskId,
        limit: 1,
        cursor: paged.nextCursor,
      });
      expect(rest.comments.map((c) => c.body)).toEqual(['Sudah saya lihat.']);

      expect(
        await h.refusal('approvals.comments.list', { ...asOutsider, workflowId: run.workflowId }),
      ).toMatchObject({ status: 403, code: 'role-not-holder' });
      expect(
        await h.refusal('approvals.comment.add', { ...asOutsider, taskId, body: 'x', idempotencyKey: key() }),
      ).toMatchObject({ status: 403 });
      expect(
        (await h.send('approvals.comments.list', { ...asAdmin, workflowId: run.workflowId })).comments,
      ).toHaveLength(2);

      const events = (await h.outbox('approvals.comment-added')).filter(
        (e) => e.data.runId === run.workflowId,
      );
      expect(events.map((e) => e.data.preview)).toEqual(['Mohon cek foto kedua.', 'Sudah saya lihat.']);
      const audit = (await h.outbox('audit.change-recorded')).filter(
        (e) => e.data.entityId === comment.commentId,
      );
      expect(audit).toHaveLength(1);
      expect(audit[0]!.data).toMatchObject({ entity: 'comment', action: 'create' });
    });
  });

  describe('history search', () => {
    it('finds decisions by outcome, step, person, date and content type, newest first, over visible runs', async () => {
      const office = 'kpu-kab-kepulauan-mentawai';
      const koor = person('u-koor', 'Koordinator');
      const asKoor = caller(office, koor, ['koordinator-liputan']);
      const made: FakeRun[] = [];
      const decisions = [
        ['berita', 'approve'],
        ['berita', 'send-back'],
        ['pengumuman', 'send-back'],
        ['pengumuman', 'reject'],
      ] as const;
      for (const [contentType, outcome] of decisions) {
        const run = new FakeRun(office, {
          item: { id: `m-${made.length}`, title: `Materi ${made.length}`, contentType },
        });
        runs.set(run.workflowId, run);
        made.push(run);
        await h.apply(run.opened('verifikasi', ['koordinator-liputan'], { number: 7 }));
        const [row] = await h.query<{ id: string }>(`SELECT id FROM approvals.tasks WHERE workflow_id = $1`, [
          run.workflowId,
        ]);
        await decideAs(
          asKoor,
          row!.id,
          outcome,
          outcome === 'approve' ? {} : { reason: `Alasan ${made.length}` },
        );
      }
      // A run of another role: its decisions are not the coordinator's to see.
      const hidden = new FakeRun(office, { item: { id: 'm-x', title: 'Rahasia', contentType: 'berita' } });
      runs.set(hidden.workflowId, hidden);
      await h.apply(hidden.opened('penugasan', ['tim-peliputan'], { number: 4 }));
      const [hiddenTask] = await h.query<{ id: string }>(
        `SELECT id FROM approvals.tasks WHERE workflow_id = $1`,
        [hidden.workflowId],
      );
      await decideAs(caller(office, person('u-tim'), ['tim-peliputan']), hiddenTask!.id, 'send-back', {
        reason: 'x',
      });

      const sendBacks = await h.send('approvals.history.search', { ...asKoor, outcome: ['send-back'] });
      expect(sendBacks.decisions.map((d) => d.workflowId)).toEqual([
        made[2]!.workflowId,
        made[1]!.workflowId,
      ]);
      expect(sendBacks.decisions[0]).toMatchObject({
        outcome: 'send-back',
        by: koor,
        role: 'koordinator-liputan',
        reason: 'Alasan 3',
        stepId: 'verifikasi',
      });
      const asAdminHere = caller(office, admin, [], true);
      const all = await h.send('approvals.history.search', { ...asAdminHere, outcome: ['send-back'] });
      expect(all.decisions).toHaveLength(3);

      const paged = await h.send('approvals.history.search', { ...asKoor, limit: 3 });
      expect(paged.decisions.map((d) => d.outcome)).toEqual(['reject', 'send-back', 'send-back']);
      const rest = await h.send('approvals.history.search', {
        ...asKoor,
        limit: 3,
        cursor: paged.nextCursor,
      });
      expect(rest.decisions.map((d) => d.outcome)).toEqual(['approve']);
      expect(rest.nextCursor).toBeUndefined();

      expect(
        (await h.send('approvals.history.search', { ...asKoor, person: koor.id })).decisions,
      ).toHaveLength(4);
      expect(
        (await h.send('approvals.history.search', { ...asKoor, person: 'u-nobody' })).decisions,
      ).toHaveLength(0);
      expect(
        (await h.send('approvals.history.search', { ...asKoor, stepId: 'penugasan' })).decisions,
      ).toHaveLength(0);
      const future = new Date(Date.now() + 3_600_000).toISOString();
      const past = new Date(Date.now() - 3_600_000).toISOString();
      expect(
        (await h.send('approvals.history.search', { ...asKoor, from: past, to: future })).decisions,
      ).toHaveLength(4);
      expect((await h.send('approvals.history.search', { ...asKoor, from: future })).decisions).toHaveLength(
        0,
      );
      const pengumuman = await waitFor(async () => {
        const r = await h.send('approvals.history.search', { ...asKoor, contentType: 'pengumuman' });
        return r.decisions.length === 2 ? r : undefined;
      }, 'content types known');
      expect(pengumuman.decisions.map((d) => d.item?.contentType)).toEqual(['pengumuman', 'pengumuman']);
      expect(pengumuman.decisions[0]!.item).toMatchObject({ title: 'Materi 3' });

      expect(
        (await h.send('approvals.history.search', { ...caller(OTHER, koor, ['koordinator-liputan'], true) }))
          .decisions,
      ).toEqual([]);
    });
  });

  describe('tenancy', () => {
    it("refuses every command on another office's task or run", async () => {
      const { run, taskId } = await openTask();
      await h.send('approvals.comment.add', { ...asSari, taskId, body: 'Catatan', idempotencyKey: key() });
      const foreign = caller(OTHER, sari, [ROLE], true);
      const notFound = { status: 404 };
      expect(await h.refusal('approvals.task.get', { ...foreign, taskId })).toMatchObject({
        ...notFound,
        code: 'task-not-found',
      });
      expect(
        await h.refusal('approvals.task.claim', { ...foreign, taskId, idempotencyKey: key() }),
      ).toMatchObject(notFound);
      expect(
        await h.refusal('approvals.task.release', { ...foreign, taskId, idempotencyKey: key() }),
      ).toMatchObject(notFound);
      const calls = decide.calls.length;
      expect(
        await h.refusal('approvals.task.decide', {
          ...foreign,
          taskId,
          decision: 'approve',
          idempotencyKey: key(),
        }),
      ).toMatchObject(notFound);
      expect(decide.calls.length).toBe(calls);
      const bulk = await h.send('approvals.tasks.bulk-decide', {
        ...foreign,
        taskIds: [taskId],
        decision: 'approve',
        idempotencyKey: key(),
      });
      expect(bulk.results).toEqual([
        expect.objectContaining({
          taskId,
          outcome: 'refused',
          error: expect.objectContaining({ status: 404 }),
        }),
      ]);
      expect(
        await h.refusal('approvals.comment.add', { ...foreign, taskId, body: 'x', idempotencyKey: key() }),
      ).toMatchObject(notFound);
      expect(
        await h.refusal('approvals.comment.add', {
          ...foreign,
          workflowId: run.workflowId,
          body: 'x',
          idempotencyKey: key(),
        }),
      ).toMatchObject({ ...notFound, code: 'run-not-found' });
      expect(
        await h.refusal('approvals.comments.list', { ...foreign, workflowId: run.workflowId }),
      ).toMatchObject(notFound);
      expect(
        await h.refusal('approvals.history.run', { ...foreign, workflowId: run.workflowId }),
      ).toMatchObject({ ...notFound, code: 'run-not-found' });
      expect(
        (await h.send('approvals.history.search', { ...foreign, workflowId: run.workflowId })).decisions,
      ).toEqual([]);
      const theirs = (await h.send('approvals.inbox.list', foreign)).tasks;
      expect(theirs.map((t) => t.taskId)).not.toContain(taskId);
      expect(theirs.every((t) => t.office === OTHER)).toBe(true);
      expect((await h.send('approvals.inbox.counts', foreign)).total).toBe(theirs.length);
      // Nothing changed on our side.
      expect((await h.send('approvals.task.get', { ...asSari, taskId })).claim).toBeUndefined();
    });
  });

  describe('validation', () => {
    it('refuses malformed requests and missing idempotency keys', async () => {
      const { taskId } = await openTask();
      expect(
        await h.refusal('approvals.task.decide', { ...asSari, taskId, decision: 'approve' } as never),
      ).toMatchObject({ status: 400, code: 'invalid-request' });
      expect(await h.refusal('approvals.task.get', { ...asSari, taskId: 'not-a-uuid' })).toMatchObject({
        status: 400,
      });
      expect(
        await h.refusal('approvals.task.decide', {
          ...asSari,
          taskId,
          decision: 'bless' as never,
          idempotencyKey: key(),
        }),
      ).toMatchObject({ status: 400 });
      expect(await h.refusal('approvals.inbox.list', { ...asSari, office: 'Not An Office' })).toMatchObject({
        status: 400,
      });
      expect(await h.refusal('approvals.inbox.list', { ...asSari, cursor: 'garbage' })).toMatchObject({
        status: 400,
      });
    });
  });
});
