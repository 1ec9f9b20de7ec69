import { type TaskView } from '@tatalaman/contracts';
import { caller, FakeRun, Harness, key, person, serveHolders, serveRuns, waitFor } from './support/harness';

const OFFICE = 'kpu-prov-jateng';
const OTHER = 'kpu-kab-bangka-barat';
const subkoor = person('u-subkoor', 'Sari Subkoor');
const kabag = person('u-kabag', 'Budi Kabag');
const delegate = person('u-wakil', 'Wati Wakil');
const inFuture = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

describe('inbox: tasks from run events', () => {
  const h = new Harness();
  const runs = new Map<string, FakeRun>();
  const newRun = (
    office = OFFICE,
    item = { id: 'item-1', title: 'Rilis Pilkada 2026', contentType: 'berita' },
  ) => {
    const run = new FakeRun(office, { item });
    runs.set(run.workflowId, run);
    return run;
  };
  const inbox = (who = subkoor, roles: Parameters<typeof caller>[2] = ['sub-koordinator'], extra = {}) =>
    h.send('approvals.inbox.list', { ...caller(OFFICE, who, roles), ...extra });
  const taskOf = async (run: FakeRun, stepId: string, attempt = 1) => {
    const [row] = await h.query<{ id: string }>(
      `SELECT id FROM approvals.tasks WHERE workflow_id = $1 AND step_id = $2 AND attempt = $3`,
      [run.workflowId, stepId, attempt],
    );
    return row?.id;
  };

  beforeAll(async () => {
    await h.start();
    serveRuns(h, runs);
    serveHolders(h, {});
  });
  afterAll(() => h.stop());

  it('shows an open human step to the holders of its roles and their delegates, not to others', async () => {
    const run = newRun();
    const dueAt = inFuture(2);
    await h.apply(
      run.started(),
      run.opened('koreksi-subkoor', ['sub-koordinator'], {
        number: 4,
        dueAt,
        description: 'Koreksi dan teruskan ke Kabag HTH',
      }),
    );

    const { tasks } = await inbox();
    const mine = tasks.filter((t) => t.workflowId === run.workflowId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      office: OFFICE,
      stepId: 'koreksi-subkoor',
      attempt: 1,
      step: { number: 4, kind: 'review' },
      roles: ['sub-koordinator'],
      myRoles: [{ role: 'sub-koordinator' }],
      status: 'open',
      cause: { kind: 'next' },
      dueAt,
      breached: false,
      definition: { key: 'kpu-prov-jateng.pengelolaan-website', version: 1 },
      item: { id: 'item-1' },
    });

    const delegated = await inbox(delegate, [{ role: 'sub-koordinator', onBehalfOf: subkoor }]);
    const seen = delegated.tasks.find((t) => t.workflowId === run.workflowId);
    expect(seen?.myRoles).toEqual([{ role: 'sub-koordinator', onBehalfOf: subkoor }]);

    const other = await inbox(kabag, ['kabag-hth']);
    expect(other.tasks.find((t) => t.workflowId === run.workflowId)).toBeUndefined();

    // What the events do not carry comes from the runtime (worker.run.get) shortly after.
    const detailed = await waitFor(async () => {
      const t = await h.send('approvals.task.get', {
        ...caller(OFFICE, subkoor, ['sub-koordinator']),
        taskId: mine[0]!.taskId,
      });
      return t.item?.title && t.step.description ? t : undefined;
    }, 'run details');
    expect(detailed.item).toEqual({ id: 'item-1', title: 'Rilis Pilkada 2026', contentType: 'berita' });
    expect(detailed.step.description).toBe('Koreksi dan teruskan ke Kabag HTH');
    expect(detailed.definition.title).toBe('Pengelolaan Website');
  });

  it('makes no task for steps the platform does (handoff, publish, automatic, parallel)', async () => {
    const run = newRun();
    const events = [
      run.opened('serah-kabag', ['kabag-hth'], { kind: 'handoff' }),
      run.opened('unggah', ['web-admin'], { kind: 'publish' }),
      run.opened('rekap', ['kasubbag'], { kind: 'automatic' }),
      run.opened('cabang', ['kasubbag'], { kind: 'parallel' }),
    ];
    await h.apply(...events);
    const [{ n }] = await h.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM approvals.tasks WHERE workflow_id = $1',
      [run.workflowId],
    );
    expect(n).toBe(0);
  });

  it('closes the task when the step completes and opens the next step for its roles', async () => {
    const run = newRun();
    await h.apply(run.opened('koreksi-subkoor', ['sub-koordinator'], { number: 4 }));
    const taskId = (await taskOf(run, 'koreksi-subkoor'))!;
    await h.apply(
      run.completed('koreksi-subkoor', 'approve', subkoor, { role: 'sub-koordinator', reason: undefined }),
      run.opened('persetujuan-kabag', ['kabag-hth'], { number: 5 }),
    );

    const closed = await h.send('approvals.task.get', {
      ...caller(OFFICE, subkoor, ['sub-koordinator']),
      taskId,
    });
    expect(closed.status).toBe('closed');
    expect(closed.closed).toMatchObject({ outcome: 'approve', by: subkoor });
    expect((await inbox()).tasks.find((t) => t.workflowId === run.workflowId)).toBeUndefined();
    const next = (await inbox(kabag, ['kabag-hth'])).tasks.filter((t) => t.workflowId === run.workflowId);
    expect(next.map((t) => [t.stepId, t.step.number, t.status])).toEqual([['persetujuan-kabag', 5, 'open']]);

    // The run's own report of the decision enters the history too.
    const history = await h.send('approvals.history.run', {
      ...caller(OFFICE, subkoor, ['sub-koordinator']),
      workflowId: run.workflowId,
    });
    expect(history.decisions).toEqual([
      expect.objectContaining({
        stepId: 'koreksi-subkoor',
        outcome: 'approve',
        by: subkoor,
        role: 'sub-koordinator',
        taskId,
      }),
    ]);
  });

  it("never shows the submitter's own first step as open nor tells anyone about it", async () => {
    // The run completes step 1 as it opens it: step-opened (marked) and step-completed, one
    // transaction each; the task must be closed after each, and no assignment queued.
    const run = newRun();
    const penulis = person('u-penulis', 'Pena Penulis');
    const author = caller(OFFICE, penulis, ['pengampu-konsep']);
    const opened = run.opened('konsep', ['pengampu-konsep'], {
      number: 1,
      kind: 'work',
      cause: { kind: 'start' },
      dueAt: inFuture(8),
      completedAtOpen: true,
    });
    const done = run.completed('konsep', 'complete', penulis, { role: 'pengampu-konsep' });
    const next = run.opened('validasi', ['sub-koordinator'], { number: 2 });
    const jobsOf = async (taskId: string) =>
      (
        await h.query<{ kind: string }>(`SELECT kind FROM approvals.notification_jobs WHERE task_id = $1`, [
          taskId,
        ])
      ).map((j) => j.kind);

    await h.apply(run.started(), opened);
    const taskId = (await taskOf(run, 'konsep'))!;
    const atOpen = await h.send('approvals.task.get', { ...author, taskId });
    expect(atOpen).toMatchObject({ status: 'closed', roles: ['pengampu-konsep'], timeStandard: '30 menit' });
    expect((await inbox(penulis, ['pengampu-konsep'])).tasks.map((t) => t.workflowId)).not.toContain(
      run.workflowId,
    );
    expect(await jobsOf(taskId)).toEqual([]);

    await h.apply(done, next);
    const after = await h.send('approvals.task.get', { ...author, taskId });
    expect(after).toMatchObject({ status: 'closed', closed: { outcome: 'complete', by: penulis } });
    expect(await jobsOf(taskId)).toEqual([]);
    // The next step is a task as usual, and its holders are told.
    expect(await jobsOf((await taskOf(run, 'validasi'))!)).toEqual(['assigned']);
  });

  it('shows the new limit when a calendar change moves it, and never an older one after a newer', async () => {
    const run = newRun();
    const first = '2026-11-24T02:00:00.000Z';
    await h.apply(run.opened('koreksi-subkoor', ['sub-koordinator'], { number: 4, dueAt: first }));
    const taskId = (await taskOf(run, 'koreksi-subkoor'))!;
    const ref = {
      stepId: 'koreksi-subkoor',
      number: 4,
      kind: 'review' as const,
      attempt: 1,
      roles: ['sub-koordinator'],
    };
    // Tuesday is decreed cuti bersama: the limit moves to Wednesday, then an extension to Thursday.
    const moved = run.event('runs.step-rescheduled', {
      ...ref,
      dueAt: '2026-11-25T02:00:00.000Z',
      targetAt: '2026-11-25T02:00:00.000Z',
      previousDueAt: first,
    });
    const extended = run.event('runs.step-extended', {
      ...ref,
      by: subkoor,
      extensions: 1,
      previousDueAt: '2026-11-25T02:00:00.000Z',
      dueAt: '2026-11-26T02:00:00.000Z',
    });
    await h.apply(extended, moved);
    const task = await h.send('approvals.task.get', {
      ...caller(OFFICE, subkoor, ['sub-koordinator']),
      taskId,
    });
    expect(task.dueAt).toBe('2026-11-26T02:00:00.000Z');
    const other = newRun();
    await h.apply(other.opened('koreksi-subkoor', ['sub-koordinator'], { number: 4, dueAt: first }));
    await h.apply(
      other.event('runs.step-rescheduled', {
        ...ref,
        dueAt: '2026-11-25T02:00:00.000Z',
        previousDueAt: first,
      }),
    );
    const otherTask = await h.send('approvals.task.get', {
      ...caller(OFFICE, subkoor, ['sub-koordinator']),
      taskId: (await taskOf(other, 'koreksi-subkoor'))!,
    });
    expect(otherTask.dueAt).toBe('2026-11-25T02:00:00.000Z');
  });

  it('keeps a postponed task visible as postponed; a resume closes it and opens a new attempt', async () => {
    const run = newRun();
    await h.apply(run.opened('pemeriksaan', ['ketua'], { number: 3 }));
    const first = (await taskOf(run, 'pemeriksaan'))!;
    const ketua = person('u-ketua', 'Ketua');
    await h.apply(
      run.event('runs.step-postponed', {
        stepId: 'pemeriksaan',
        number: 3,
        kind: 'review',
        attempt: 1,
        by: ketua,
        role: 'ketua',
        reason: 'Menunggu tahapan kampanye',
      }),
    );
    const who = caller(OFFICE, ketua, ['ketua']);
    const postponed = await h.send('approvals.task.get', { ...who, taskId: first });
    expect(postponed.status).toBe('postponed');
    expect(postponed.postponed).toMatchObject({ by: ketua, reason: 'Menunggu tahapan kampanye' });
    const all = await h.send('approvals.inbox.list', who);
    expect(all.tasks.map((t) => t.taskId)).toContain(first);
    const openOnly = await h.send('approvals.inbox.list', { ...who, status: ['open'] });
    expect(openOnly.tasks.map((t) => t.taskId)).not.toContain(first);

    await h.apply(
      run.event('runs.step-resumed', {
        stepId: 'pemeriksaan',
        number: 3,
        kind: 'review',
        attempt: 1,
        by: ketua,
        role: 'ketua',
        postponedAt: new Date().toISOString(),
      }),
      run.opened('pemeriksaan', ['ketua'], { number: 3, cause: { kind: 'resume' } }),
    );
    const resumed = await h.send('approvals.task.get', { ...who, taskId: first });
    expect(resumed.closed).toMatchObject({ outcome: 'resume', by: ketua });
    const second = (await taskOf(run, 'pemeriksaan', 2))!;
    expect(second).not.toBe(first);
    const reopened = await h.send('approvals.task.get', { ...who, taskId: second });
    expect(reopened).toMatchObject({ status: 'open', attempt: 2, cause: { kind: 'resume' } });
    const history = await h.send('approvals.history.run', { ...who, workflowId: run.workflowId });
    expect(history.decisions.map((d) => d.outcome)).toEqual(['postpone', 'resume']);
    expect(history.decisions[0]).toMatchObject({ reason: 'Menunggu tahapan kampanye', role: 'ketua' });
  });

  it('changes nothing when an event is delivered again', async () => {
    const run = newRun();
    const opened = run.opened('koreksi-subkoor', ['sub-koordinator'], { number: 4 });
    const done = run.completed('koreksi-subkoor', 'send-back', subkoor, {
      role: 'sub-koordinator',
      reason: 'Judul salah',
    });
    const back = run.opened('rilis', ['pengampu-konsep'], {
      number: 1,
      kind: 'work',
      cause: { kind: 'send-back', from: 'koreksi-subkoor', reason: 'Judul salah' },
    });
    await h.apply(opened, done, back);
    const snapshot = async () =>
      h.query(
        `SELECT (SELECT json_agg(t ORDER BY id) FROM (SELECT id, status, status_seq, outcome, roles FROM approvals.tasks WHERE workflow_id = $1) t) AS tasks,
                (SELECT count(*)::int FROM approvals.decisions WHERE workflow_id = $1) AS decisions,
                (SELECT count(*)::int FROM approvals.notification_jobs WHERE workflow_id = $1) AS jobs,
                (SELECT count(*)::int FROM approvals.outbox) AS outbox`,
        [run.workflowId],
      );
    const before = await snapshot();
    const duplicatesBefore = h.consumerStats().find((c) => c.durable === 'approvals-inbox')!.duplicates;

    // The same events again under new message ids: past JetStream's duplicate window, as after a replay.
    for (const e of [opened, done, back]) await h.publishAs(e, crypto.randomUUID());
    await waitFor(
      () =>
        h.consumerStats().find((c) => c.durable === 'approvals-inbox')!.duplicates >= duplicatesBefore + 3,
      'duplicates seen',
    );
    expect(await snapshot()).toEqual(before);
    const task = (
      await h.send('approvals.inbox.list', caller(OFFICE, person('u-penulis'), ['pengampu-konsep']))
    ).tasks.find((t) => t.workflowId === run.workflowId);
    expect(task?.cause).toEqual({ kind: 'send-back', from: 'koreksi-subkoor', reason: 'Judul salah' });
  });

  it('applies out-of-order events by their sequence and ignores stale ones', async () => {
    // (a) the completion arrives before the opening: the task is born closed and never shows.
    const a = newRun();
    const aOpened = a.opened('koreksi-subkoor', ['sub-koordinator'], { number: 4 });
    const aDone = a.completed('koreksi-subkoor', 'approve', subkoor, { role: 'sub-koordinator' });
    await h.apply(aDone);
    await h.apply(aOpened);
    const aTask = (await taskOf(a, 'koreksi-subkoor'))!;
    const seenA = await h.send('approvals.task.get', {
      ...caller(OFFICE, subkoor, ['sub-koordinator']),
      taskId: aTask,
    });
    expect(seenA).toMatchObject({
      status: 'closed',
      roles: ['sub-koordinator'],
      closed: { outcome: 'approve' },
    });
    const [{ jobs }] = await h.query<{ jobs: number }>(
      `SELECT count(*)::int AS jobs FROM approvals.notification_jobs WHERE task_id = $1`,
      [aTask],
    );
    expect(jobs).toBe(0);

    // (b) an older attempt's opening after the newer attempt's: superseded, then its own completion wins.
    const b = newRun();
    const b1 = b.opened('rilis', ['pengampu-konsep'], { number: 1, kind: 'work' });
    const b1Done = b.completed('rilis', 'complete', person('u-penulis'), { role: 'pengampu-konsep' });
    const b2 = b.opened('rilis', ['pengampu-konsep'], {
      number: 1,
      kind: 'work',
      cause: { kind: 'send-back', reason: 'Foto kurang' },
    });
    await h.apply(b2);
    await h.apply(b1);
    const penulis = caller(OFFICE, person('u-penulis'), ['pengampu-konsep']);
    const b1Task = await h.send('approvals.task.get', { ...penulis, taskId: (await taskOf(b, 'rilis', 1))! });
    expect(b1Task.closed?.outcome).toBe('superseded');
    const listed = (await h.send('approvals.inbox.list', penulis)).tasks.filter(
      (t) => t.workflowId === b.workflowId,
    );
    expect(listed.map((t) => t.attempt)).toEqual([2]);
    await h.apply(b1Done);
    const b1After = await h.send('approvals.task.get', { ...penulis, taskId: b1Task.taskId });
    expect(b1After.closed?.outcome).toBe('complete');

    // (c) the run ended before a step's opening arrived: the step never becomes a task to do.
    const c = newRun();
    const cOpened = c.opened('koreksi-subkoor', ['sub-koordinator'], { number: 4 });
    const cEnded = c.ended('cancelled', 'Salah unggah');
    await h.apply(cEnded);
    await h.apply(cOpened);
    const cTask = await h.send('approvals.task.get', {
      ...caller(OFFICE, subkoor, ['sub-koordinator']),
      taskId: (await taskOf(c, 'koreksi-subkoor'))!,
    });
    expect(cTask.closed?.outcome).toBe('run-cancelled');

    // (d) a postponement older than the current state does not move the task back.
    const d = newRun();
    const dOpened = d.opened('pemeriksaan', ['ketua'], { number: 3 });
    const dPost = d.event('runs.step-postponed', {
      stepId: 'pemeriksaan',
      number: 3,
      kind: 'review',
      attempt: 1,
      by: person('u-ketua'),
      role: 'ketua',
    });
    const dResumed = d.event('runs.step-resumed', {
      stepId: 'pemeriksaan',
      number: 3,
      kind: 'review',
      attempt: 1,
      by: person('u-ketua'),
      role: 'ketua',
    });
    await h.apply(dOpened, dResumed);
    await h.apply(dPost);
    const dTask = await h.send('approvals.task.get', {
      ...caller(OFFICE, person('u-ketua'), ['ketua']),
      taskId: (await taskOf(d, 'pemeriksaan'))!,
    });
    expect(dTask.status).toBe('closed');
    expect(dTask.closed?.outcome).toBe('resume');
  });

  it('closes what is still open when the run ends', async () => {
    const run = newRun();
    await h.apply(
      run.opened('cabang-a', ['sub-koordinator'], { number: 6 }),
      run.opened('cabang-b', ['kabag-hth'], { number: 7 }),
      run.completed('cabang-a', 'reject', subkoor, { role: 'sub-koordinator', reason: 'Tidak layak' }),
      run.ended('rejected', 'Tidak layak'),
    );
    const rows = await h.query<{ step_id: string; status: string; outcome: string }>(
      `SELECT step_id, status, outcome FROM approvals.tasks WHERE workflow_id = $1 ORDER BY step_id`,
      [run.workflowId],
    );
    expect(rows).toEqual([
      { step_id: 'cabang-a', status: 'closed', outcome: 'reject' },
      { step_id: 'cabang-b', status: 'closed', outcome: 'run-rejected' },
    ]);
  });

  it('sorts by due time, pages, filters and counts', async () => {
    const role = 'sekretaris';
    const sekretaris = person('u-sekretaris', 'Sekretaris');
    const who = caller(OFFICE, sekretaris, [role]);
    const made: FakeRun[] = [];
    for (const [hours, contentType] of [
      [5, 'berita'],
      [1, 'artikel'],
      [3, 'berita'],
      [undefined, 'pengumuman'],
    ] as const) {
      const run = newRun(OFFICE, { id: `item-${made.length}`, title: `Item ${made.length}`, contentType });
      made.push(run);
      await h.apply(
        run.opened('persetujuan-sekretaris', [role], {
          number: 6,
          ...(hours ? { dueAt: inFuture(hours) } : {}),
        }),
      );
    }
    const ids = made.map((r) => r.workflowId);
    const pageOne = await h.send('approvals.inbox.list', { ...who, limit: 3 });
    expect(pageOne.tasks.map((t) => t.workflowId)).toEqual([ids[1], ids[2], ids[0]]);
    expect(pageOne.nextCursor).toBeDefined();
    const pageTwo = await h.send('approvals.inbox.list', { ...who, limit: 3, cursor: pageOne.nextCursor });
    expect(pageTwo.tasks.map((t) => t.workflowId)).toEqual([ids[3]]);
    expect(pageTwo.nextCursor).toBeUndefined();

    // Breached (the run says so) and claimed-by-me filters, and the badge.
    await h.apply(
      made[2]!.event('runs.step-breached', {
        stepId: 'persetujuan-sekretaris',
        number: 6,
        kind: 'review',
        attempt: 1,
        roles: [role],
      }),
    );
    const breached = await h.send('approvals.inbox.list', { ...who, breached: true });
    expect(breached.tasks.map((t) => t.workflowId)).toEqual([ids[2]]);
    const claimedTask = pageOne.tasks[0]!;
    await h.send('approvals.task.claim', {
      ...who,
      taskId: claimedTask.taskId,
      idempotencyKey: key('claim'),
    });
    const mine = await h.send('approvals.inbox.list', { ...who, claimedByMe: true });
    expect(mine.tasks.map((t) => t.taskId)).toEqual([claimedTask.taskId]);
    const unclaimed = await h.send('approvals.inbox.list', { ...who, claimed: false });
    expect(unclaimed.tasks).toHaveLength(3);
    expect(await h.send('approvals.inbox.counts', who)).toEqual({
      total: 4,
      open: 4,
      deciding: 0,
      postponed: 0,
      claimedByMe: 1,
      unclaimed: 3,
      breached: 1,
      unreadNotifications: 0,
    });

    // Content type comes with the run details.
    await waitFor(async () => {
      const r = await h.send('approvals.inbox.list', { ...who, contentType: 'berita' });
      return r.tasks.length === 2 ? r : undefined;
    }, 'content type filter');
    const berita = await h.send('approvals.inbox.list', { ...who, contentType: 'berita' });
    expect(berita.tasks.map((t) => t.workflowId).sort()).toEqual([ids[0], ids[2]].sort());
  });

  it("never shows another office's tasks and refuses its ids", async () => {
    const ours = newRun();
    const theirs = newRun(OTHER);
    await h.apply(
      ours.opened('koreksi-subkoor', ['sub-koordinator'], { number: 4 }),
      theirs.opened('koreksi-subkoor', ['sub-koordinator'], { number: 4 }),
    );
    const ourTask = (await taskOf(ours, 'koreksi-subkoor'))!;
    const theirTask = (await taskOf(theirs, 'koreksi-subkoor'))!;
    const here = await inbox();
    expect(here.tasks.map((t: TaskView) => t.office)).not.toContain(OTHER);
    expect(here.tasks.map((t) => t.taskId)).toContain(ourTask);
    expect(here.tasks.map((t) => t.taskId)).not.toContain(theirTask);

    const asOther = caller(OTHER, subkoor, ['sub-koordinator']);
    const there = await h.send('approvals.inbox.list', asOther);
    expect(there.tasks.map((t) => t.taskId)).toEqual([theirTask]);
    const refused = await h.refusal('approvals.task.get', { ...asOther, taskId: ourTask });
    expect(refused).toMatchObject({ status: 404, code: 'task-not-found' });
    expect(refused.messages.id).toBe('Tugas tidak ditemukan.');
  });
});
