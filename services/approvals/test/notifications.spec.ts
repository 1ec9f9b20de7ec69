import { type NotificationView, type OfficeView, type RoleHolderView } from '@tatalaman/contracts';
import { caller, FakeRun, Harness, key, person, serveRuns, waitFor } from './support/harness';
import { SmtpSink } from './support/smtp-sink';
import { Housekeeping } from '../src/common/housekeeping';

const OFFICE = 'kpu-kota-palu';
const OTHER = 'kpu-prov-jateng';
const sari = person('u-sari', 'Sari');
const wakil = person('u-wakil', 'Wakil');
const tono = person('u-tono', 'Tono');
const sekretaris = person('u-sekretaris', 'Sekretaris');
const kabag = person('u-kabag', 'Kabag');
const inTwoHours = () => new Date(Date.now() + 2 * 3_600_000).toISOString();

const HOLDERS: RoleHolderView[] = [
  { userId: sari.id, name: 'Sari', email: 'sari@kpu.example', role: 'kasubbag-datin' },
  {
    userId: wakil.id,
    name: 'Wakil',
    email: 'wakil@kpu.example',
    role: 'kasubbag-datin',
    onBehalfOf: { userId: sari.id, name: 'Sari' },
  },
  // No address: in-app only.
  { userId: tono.id, name: 'Tono', email: '', role: 'kasubbag-datin' },
  { userId: sekretaris.id, name: 'Sekretaris', email: 'sekretaris@kpu.example', role: 'sekretaris' },
  { userId: kabag.id, name: 'Kabag', email: 'kabag@kpu.example', role: 'kabag' },
];

describe('notifications', () => {
  const h = new Harness();
  const sink = new SmtpSink();
  const runs = new Map<string, FakeRun>();
  const holderRequests: { office: string; roles: string[] }[] = [];
  let gatewayUp = true;

  const notificationsOf = async (who: typeof sari, office = OFFICE) =>
    (await h.send('approvals.notifications.list', { ...caller(office, who, []), limit: 200 })).notifications;
  const newRun = async (title: string, roles = ['kasubbag-datin'], dueAt?: string) => {
    const run = new FakeRun(OFFICE, { item: { id: `item-${runs.size}`, title, contentType: 'berita' } });
    runs.set(run.workflowId, run);
    const opened = run.opened('penyaringan', roles, {
      number: 4,
      description: 'Saring materi sebelum unggah',
      dueAt,
    });
    await h.apply(run.started(), opened);
    const [row] = await h.query<{ id: string }>(`SELECT id FROM approvals.tasks WHERE workflow_id = $1`, [
      run.workflowId,
    ]);
    return { run, taskId: row!.id, opened };
  };
  const byTask = (list: NotificationView[], taskId: string, kind: string) =>
    list.filter((n) => n.taskId === taskId && n.kind === kind);

  beforeAll(async () => {
    const port = await sink.start();
    await h.start({ smtpUrl: `smtp://127.0.0.1:${port}/?from=Tata%20Laman%20%3Cno-reply%40kpu.example%3E` });
    serveRuns(h, runs);
    h.serve('gateway.role-holders.list', (req) => {
      holderRequests.push(req);
      if (!gatewayUp) {
        throw {
          error: { status: 503, code: 'unavailable', message: { id: 'Tidak tersedia', en: 'Unavailable' } },
        };
      }
      return { holders: HOLDERS.filter((x) => req.office === OFFICE && req.roles.includes(x.role)) };
    });
    h.serve('gateway.office.get', (req) => ({
      code: req.office,
      name: 'KPU Kota Palu',
      timeZone: 'Asia/Makassar',
      calendar: {
        timeZone: 'Asia/Makassar',
        workingHours: {},
        holidays: [],
      } as unknown as OfficeView['calendar'],
      calendarVersion: 1,
      calendarUntil: '2027-12-31',
    }));
  });
  afterAll(async () => {
    await h.stop();
    await sink.stop();
  });

  it('tells the holders of the roles (and delegates) of a new task, in-app and by e-mail, once', async () => {
    const dueAt = '2026-03-02T06:30:00.000Z'; // 14.30 WITA
    const { run, taskId, opened } = await newRun('Rilis Pilkada Palu', ['kasubbag-datin'], dueAt);
    const forSari = await waitFor(
      async () => byTask(await notificationsOf(sari), taskId, 'assigned')[0],
      'assignment',
    );
    expect(holderRequests).toContainEqual({ office: OFFICE, roles: ['kasubbag-datin'] });
    expect(forSari).toMatchObject({
      kind: 'assigned',
      workflowId: run.workflowId,
      link: `https://laman.example/inbox/${taskId}`,
      subject: { id: 'Tugas baru: Rilis Pilkada Palu', en: 'New task: Rilis Pilkada Palu' },
    });
    expect(forSari.readAt).toBeUndefined();
    expect(forSari.body.id).toContain(
      'Langkah 4 "Saring materi sebelum unggah" pada "Rilis Pilkada Palu" menunggu tindakan Anda sebagai kasubbag-datin.',
    );
    expect(forSari.body.id).toContain('Batas waktu: Senin, 2 Maret 2026 pukul 14.30 WITA.');
    expect(forSari.body.en).toContain('Due: Monday, 2 March 2026 at 14:30 WITA.');
    const forWakil = await waitFor(
      async () => byTask(await notificationsOf(wakil), taskId, 'assigned')[0],
      'delegate',
    );
    expect(forWakil.body.id).toContain('sebagai kasubbag-datin (mewakili Sari)');
    await waitFor(async () => byTask(await notificationsOf(tono), taskId, 'assigned').length === 1, 'tono');

    // E-mail for those with an address: Bahasa Indonesia first, one English line.
    const mails = await waitFor(() => {
      const m = sink.messages.filter((x) => x.text.includes(taskId));
      return m.length === 2 ? m : undefined;
    }, 'two e-mails');
    expect(mails.map((m) => m.to[0]).sort()).toEqual(['sari@kpu.example', 'wakil@kpu.example']);
    const mail = mails.find((m) => m.to[0] === 'sari@kpu.example')!;
    expect(mail.from).toBe('no-reply@kpu.example');
    expect(mail.subject).toBe('Tugas baru: Rilis Pilkada Palu');
    expect(mail.text).toContain('Yth. Sari,');
    expect(mail.text).toContain(forSari.body.id);
    expect(mail.text).toContain(`Buka: https://laman.example/inbox/${taskId}`);
    expect(mail.text).toContain(`English: New task: Rilis Pilkada Palu. ${forSari.body.en}`);

    // The sender records the e-mail as sent just after the SMTP server accepted it.
    const sent = await waitFor(async () => {
      const events = (await h.outbox('approvals.notification-sent')).filter((e) => e.data.taskId === taskId);
      return events.length === 5 ? events : undefined;
    }, 'notification-sent events');
    expect(sent.map((e) => `${e.data.userId}:${e.data.channel}`).sort()).toEqual(
      [
        `${sari.id}:email`,
        `${sari.id}:in-app`,
        `${tono.id}:in-app`,
        `${wakil.id}:email`,
        `${wakil.id}:in-app`,
      ].sort(),
    );
    expect(sent.every((e) => e.data.kind === 'assigned' && e.data.causeEventId === opened.id)).toBe(true);

    // The same event again (a redelivery past the duplicate window): nobody is told twice.
    const duplicates = h.consumerStats().find((c) => c.durable === 'approvals-inbox')!.duplicates;
    await h.publishAs(opened, crypto.randomUUID());
    await waitFor(
      () => h.consumerStats().find((c) => c.durable === 'approvals-inbox')!.duplicates > duplicates,
      'duplicate',
    );
    await new Promise((r) => setTimeout(r, 400));
    expect(byTask(await notificationsOf(sari), taskId, 'assigned')).toHaveLength(1);
    expect(sink.messages.filter((x) => x.text.includes(taskId))).toHaveLength(2);
  });

  it('reminds whoever claimed the task, else every holder', async () => {
    const claimed = await newRun('Berita Claimed');
    await h.send('approvals.task.claim', {
      ...caller(OFFICE, tono, ['kasubbag-datin']),
      taskId: claimed.taskId,
      idempotencyKey: key(),
    });
    const open = await newRun('Berita Unclaimed');
    const remind = (r: typeof claimed) =>
      r.run.event('runs.step-reminded', {
        stepId: 'penyaringan',
        number: 4,
        kind: 'review',
        attempt: 1,
        roles: ['kasubbag-datin'],
        dueAt: inTwoHours(),
      });
    await h.apply(remind(claimed), remind(open));
    await waitFor(
      async () => byTask(await notificationsOf(tono), claimed.taskId, 'reminder').length === 1,
      'claimer reminded',
    );
    await waitFor(
      async () => byTask(await notificationsOf(sari), open.taskId, 'reminder').length === 1,
      'holders reminded',
    );
    await waitFor(
      async () => byTask(await notificationsOf(tono), open.taskId, 'reminder').length === 1,
      'holders reminded',
    );
    expect(byTask(await notificationsOf(sari), claimed.taskId, 'reminder')).toHaveLength(0);
    const [reminder] = byTask(await notificationsOf(tono), claimed.taskId, 'reminder');
    expect(reminder!.subject.id).toBe('Pengingat: Berita Claimed segera jatuh tempo');
  });

  it('tells the holders of a breach and the named roles of an escalation or a missed process deadline', async () => {
    const { run, taskId } = await newRun('Berita Terlambat');
    const ref = { stepId: 'penyaringan', number: 4, kind: 'review' as const, attempt: 1 };
    await h.apply(
      run.event('runs.step-breached', {
        ...ref,
        roles: ['kasubbag-datin'],
        dueAt: inTwoHours(),
        timeStandard: '3 jam',
      }),
      run.event('runs.step-escalated', { ...ref, notify: ['sekretaris'], dueAt: inTwoHours() }),
      run.event('runs.deadline-breached', {
        deadlineId: 'total',
        from: 'disposisi',
        until: 'unggah',
        timeStandard: '2 hari',
        notify: ['kabag'],
        dueAt: inTwoHours(),
      }),
    );
    const breach = await waitFor(
      async () => byTask(await notificationsOf(sari), taskId, 'breached')[0],
      'breach',
    );
    expect(breach.subject.id).toBe('Melewati batas waktu: Berita Terlambat');
    expect(breach.body.id).toContain('telah melewati standar waktu 3 jam');
    const escalation = await waitFor(
      async () => byTask(await notificationsOf(sekretaris), taskId, 'escalated')[0],
      'escalation',
    );
    expect(escalation.body.id).toContain('(peran kasubbag-datin)');
    expect(escalation.body.id).toContain('Anda diberi tahu sebagai sekretaris');
    const deadline = await waitFor(
      async () =>
        (await notificationsOf(kabag)).find(
          (n) => n.kind === 'deadline-breached' && n.workflowId === run.workflowId,
        ),
      'deadline',
    );
    expect(deadline.link).toBe(`https://laman.example/runs/${run.workflowId}`);
    expect(deadline.body.id).toContain('Tenggat dari langkah disposisi sampai unggah (2 hari)');
    expect(
      (await notificationsOf(sekretaris)).filter((n) => n.taskId === taskId && n.kind !== 'escalated'),
    ).toEqual([]);
    const task = await h.send('approvals.task.get', { ...caller(OFFICE, sari, ['kasubbag-datin']), taskId });
    expect(task.breached).toBe(true);
    expect(task.escalatedAt).toBeDefined();
  });

  it("tells the recipients of an SOP's notify step, once per key, with the step's words", async () => {
    const run = new FakeRun(OFFICE, {
      item: { id: 'item-notice', title: 'Rekap Bulanan', contentType: 'berita' },
    });
    runs.set(run.workflowId, run);
    await h.apply(run.started());
    const request = {
      office: OFFICE,
      idempotencyKey: `${run.workflowId}/kabari/1`,
      workflowId: run.workflowId,
      stepId: 'kabari',
      roles: ['kabag'],
      step: { number: 6, description: 'Menyampaikan rekap kepada Kabag' },
      about: 'Rekap Bulanan',
    };
    const first = await h.send('approvals.notifications.send', request);
    expect(first.queued).toBe(true);
    // The runtime retries its activity: the same key queues nothing more.
    expect(await h.send('approvals.notifications.send', request)).toEqual({
      notificationJobId: first.notificationJobId,
      queued: false,
    });
    const notice = await waitFor(
      async () =>
        (await notificationsOf(kabag)).find((n) => n.kind === 'notice' && n.workflowId === run.workflowId),
      'notice',
    );
    expect(notice.subject).toEqual({ id: 'Pemberitahuan: Rekap Bulanan', en: 'Notice: Rekap Bulanan' });
    expect(notice.body.id).toBe(
      'Langkah 6 "Menyampaikan rekap kepada Kabag" pada "Rekap Bulanan" memberi tahu Anda sebagai kabag.',
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(
      (await notificationsOf(kabag)).filter((n) => n.kind === 'notice' && n.workflowId === run.workflowId),
    ).toHaveLength(1);
    expect((await notificationsOf(sari)).filter((n) => n.kind === 'notice')).toEqual([]);
    await expect(h.send('approvals.notifications.send', { ...request, roles: [] })).rejects.toMatchObject({
      status: 400,
    });
  });

  it('reminds the holders of the open steps when a deadline across steps is near', async () => {
    const { run } = await newRun('Berita Bertenggat');
    await h.apply(
      run.event('runs.deadline-reminded', {
        deadlineId: 'total',
        from: 'disposisi',
        until: 'unggah',
        timeStandard: '2 hari',
        roles: ['kasubbag-datin'],
        dueAt: inTwoHours(),
      }),
    );
    const reminder = await waitFor(
      async () =>
        (await notificationsOf(sari)).find(
          (n) => n.kind === 'deadline-reminder' && n.workflowId === run.workflowId,
        ),
      'deadline reminder',
    );
    expect(reminder.subject.id).toBe('Tenggat proses segera tiba: Berita Bertenggat');
    expect(reminder.body.id).toContain('Tenggat dari langkah disposisi sampai unggah (2 hari)');
    expect(reminder.body.id).toContain('WITA');
  });

  it('retries while the gateway cannot say who holds the roles, and skips tasks that closed meanwhile', async () => {
    gatewayUp = false;
    const late = await newRun('Berita Tertunda');
    const closedMeanwhile = await newRun('Berita Selesai Dulu');
    await waitFor(async () => {
      const rows = await h.query<{ attempts: number; last_error: string }>(
        `SELECT attempts, last_error FROM approvals.notification_jobs WHERE task_id = ANY($1::uuid[])`,
        [[late.taskId, closedMeanwhile.taskId]],
      );
      return rows.length === 2 && rows.every((r) => r.attempts >= 1 && r.last_error?.includes('unavailable'));
    }, 'failed attempts recorded');
    await h.apply(closedMeanwhile.run.completed('penyaringan', 'approve', sari, { role: 'kasubbag-datin' }));
    gatewayUp = true;
    await waitFor(
      async () => byTask(await notificationsOf(sari), late.taskId, 'assigned').length === 1,
      'delivered after retry',
      15_000,
    );
    const skipped = await waitFor(
      async () => {
        const [row] = await h.query<{ state: string; last_error: string }>(
          `SELECT state, last_error FROM approvals.notification_jobs WHERE task_id = $1`,
          [closedMeanwhile.taskId],
        );
        return row?.state === 'done' ? row : undefined;
      },
      'skipped job',
      15_000,
    );
    expect(skipped).toEqual({ state: 'done', last_error: 'skipped: task closed' });
    expect(byTask(await notificationsOf(sari), closedMeanwhile.taskId, 'assigned')).toHaveLength(0);
  });

  it('retries an e-mail the server refused', async () => {
    await waitFor(async () => {
      const [{ n }] = await h.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM approvals.email_deliveries WHERE state = 'pending'`,
      );
      return n === 0;
    }, 'no e-mail in flight');
    sink.failNext = 1;
    const { taskId } = await newRun('Berita Surel');
    await waitFor(
      () => sink.messages.filter((x) => x.text.includes(taskId)).length === 2,
      'e-mails after a refusal',
      15_000,
    );
    const [{ attempts }] = await h.query<{ attempts: number }>(
      `SELECT max(attempts)::int AS attempts FROM approvals.email_deliveries d
       JOIN approvals.notifications n ON n.id = d.notification_id WHERE n.task_id = $1`,
      [taskId],
    );
    expect(attempts).toBe(2);
  });

  it('lists a person’s notifications with the unread count and marks them read, once per key', async () => {
    const mine = caller(OFFICE, sari, ['kasubbag-datin']);
    const first = await h.send('approvals.notifications.list', { ...mine, limit: 2 });
    expect(first.notifications).toHaveLength(2);
    const all = await notificationsOf(sari);
    expect(first.unread).toBe(all.length);
    const times = all.map((n) => n.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    const second = await h.send('approvals.notifications.list', {
      ...mine,
      limit: 2,
      cursor: first.nextCursor,
    });
    expect(second.notifications.map((n) => n.notificationId)).toEqual(
      all.slice(2, 4).map((n) => n.notificationId),
    );

    const target = all[0]!.notificationId;
    const tonos = (await notificationsOf(tono))[0]!.notificationId;
    const idempotencyKey = key('read');
    const marked = await h.send('approvals.notifications.mark-read', {
      ...mine,
      notificationIds: [target, tonos],
      idempotencyKey,
    });
    expect(marked).toEqual({ marked: 1, unread: all.length - 1 });
    expect(
      await h.send('approvals.notifications.mark-read', {
        ...mine,
        notificationIds: [target, tonos],
        idempotencyKey,
      }),
    ).toEqual(marked);
    expect((await notificationsOf(tono)).find((n) => n.notificationId === tonos)?.readAt).toBeUndefined();
    const unreadOnly = await h.send('approvals.notifications.list', {
      ...mine,
      unreadOnly: true,
      limit: 200,
    });
    expect(unreadOnly.notifications.map((n) => n.notificationId)).not.toContain(target);
    expect((await h.send('approvals.inbox.counts', mine)).unreadNotifications).toBe(all.length - 1);

    expect(
      await h.send('approvals.notifications.mark-read', { ...mine, all: true, idempotencyKey: key() }),
    ).toEqual({
      marked: all.length - 1,
      unread: 0,
    });
    const audit = (await h.outbox('audit.change-recorded')).filter(
      (e) => e.data.entity === 'notifications' && e.actor?.id === sari.id,
    );
    expect(audit.map((e) => e.data.action)).toEqual(['mark-read', 'mark-read']);

    // Another office sees none of them and marks nothing.
    const elsewhere = caller(OTHER, sari, ['kasubbag-datin']);
    expect((await h.send('approvals.notifications.list', elsewhere)).notifications).toEqual([]);
    expect(
      await h.send('approvals.notifications.mark-read', {
        ...elsewhere,
        notificationIds: [tonos],
        idempotencyKey: key(),
      }),
    ).toEqual({
      marked: 0,
      unread: 0,
    });
  });

  it('prunes old idempotency keys, finished jobs and sent e-mails, and keeps the rest', async () => {
    await h.query(
      `INSERT INTO approvals.idempotency_keys (office, actor_id, key, command, request_hash, state, created_at)
       VALUES ($1, 'u-old', 'old-key', 'approvals.task.claim', 'x', 'done', now() - interval '8 days'),
              ($1, 'u-old', 'new-key', 'approvals.task.claim', 'x', 'done', now())`,
      [OFFICE],
    );
    await h.query(
      `UPDATE approvals.notification_jobs SET created_at = now() - interval '31 days'
       WHERE id = (SELECT id FROM approvals.notification_jobs WHERE state = 'done' ORDER BY created_at LIMIT 1)`,
    );
    const [before] = await h.query<{ jobs: number }>(
      `SELECT count(*)::int AS jobs FROM approvals.notification_jobs`,
    );
    await h.app.get(Housekeeping).tick();
    const keys = await h.query<{ key: string }>(
      `SELECT key FROM approvals.idempotency_keys WHERE actor_id = 'u-old'`,
    );
    expect(keys).toEqual([{ key: 'new-key' }]);
    const [after] = await h.query<{ jobs: number }>(
      `SELECT count(*)::int AS jobs FROM approvals.notification_jobs`,
    );
    expect(after!.jobs).toBe(before!.jobs - 1);
  });
});
