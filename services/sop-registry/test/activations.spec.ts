import { commandErrorReply } from '@tatalaman/contracts';
import { serveCommand, type ServedCommand } from '@tatalaman/testing';
import { ScheduleSyncer } from '../src/schedules/schedule-syncer';
import { admin, definitionYaml, failure, key, RegistryHarness } from './harness';

const h = new RegistryHarness();
const A = 'kpu-kab-a';
const B = 'kpu-kab-b';
const K = `${A}.contoh`;
const S = `${A}-rekap.contoh`; // a definition with a recurring flow

let worker: ServedCommand<'worker.schedules.sync'> | undefined;
let workerDown = false;

/** The runtime's side of the contract: checks what the registry asks and answers like the worker. */
function startWorker() {
  worker = serveCommand(h.nc, 'worker.schedules.sync', (req) => {
    if (workerDown) throw commandErrorReply(503, 'temporal-unavailable', { id: 'x', en: 'Temporal is down' });
    expect(req.definition.key).toMatch(/^[a-z0-9.-]+$/);
    return req.remove
      ? { schedules: [] }
      : {
          schedules: [
            {
              scheduleId: `sop-${req.office}-${req.definition.key}-rekap`,
              flowId: 'rekap',
              next: '2026-12-01T01:00:00.000Z',
            },
          ],
        };
  });
}

const syncCalls = () =>
  (worker?.calls ?? []).map((c) => [
    c.request.office,
    c.request.definition.version,
    c.request.remove ?? false,
  ]);

beforeAll(async () => {
  await h.start();
  startWorker();
  for (const [office, source] of [
    [A, definitionYaml(A, 1)],
    [A, definitionYaml(A, 2, { reviewTime: '1 jam' })],
    [A, definitionYaml(A, 3, { contentTypes: ['berita', 'pengumuman'] })],
    [A, definitionYaml(`${A}-rekap`, 1, { schedule: true })],
    [A, definitionYaml(`${A}-rekap`, 2, { schedule: true, reviewTime: '1 jam' })],
    [B, definitionYaml(B, 1)],
  ] as const) {
    await h.client.send('sop-registry.definition.upload', {
      ...admin(office),
      idempotencyKey: key(),
      source,
    });
  }
}, 60_000);
afterAll(async () => {
  worker?.stop();
  await h.stop();
});

const activate = (version: number, contentTypes: string[], k = K, office = A, idempotencyKey = key()) =>
  h.client.send('sop-registry.activation.activate', {
    ...admin(office),
    idempotencyKey,
    key: k,
    version,
    contentTypes,
  });

describe('activation', () => {
  let v1: string;

  it('makes a version the definition of content types; resolve returns its compiled form', async () => {
    const { activation, replaced } = await activate(1, ['berita', 'artikel']);
    v1 = activation.activationId;
    expect(replaced).toEqual([]);
    expect(activation).toMatchObject({
      key: K,
      version: 1,
      status: 'active',
      contentTypes: ['artikel', 'berita'],
      schedules: { status: 'not-needed', schedules: [] },
    });
    const resolved = await h.client.send('sop-registry.definition.resolve', {
      office: A,
      contentType: 'berita',
    });
    expect(resolved).toMatchObject({ key: K, version: 1, activationId: v1 });
    expect(resolved.compiled.flows.item!.start).toBe('tulis');
    const def = await h.client.send('sop-registry.definition.get', { office: A, key: K, version: 1 });
    expect(def.activeFor).toEqual(['artikel', 'berita']);
    // A definition without recurring flows needs no schedules: the runtime is not asked.
    expect(syncCalls()).toEqual([]);
  });

  it('a new version takes over the types it is activated for, and retires an activation left without types', async () => {
    const first = await activate(2, ['berita']);
    expect(first.replaced).toEqual([
      { activationId: v1, key: K, version: 1, contentTypes: ['berita'], retired: false },
    ]);
    expect(
      (await h.client.send('sop-registry.definition.resolve', { office: A, contentType: 'berita' })).version,
    ).toBe(2);
    expect(
      (await h.client.send('sop-registry.definition.resolve', { office: A, contentType: 'artikel' })).version,
    ).toBe(1);

    const second = await activate(2, ['artikel']);
    // The same version again extends its one activation.
    expect(second.activation.activationId).toBe(first.activation.activationId);
    expect(second.activation.contentTypes).toEqual(['artikel', 'berita']);
    expect(second.replaced).toEqual([
      { activationId: v1, key: K, version: 1, contentTypes: ['artikel'], retired: true },
    ]);
    const old = await h.client.send('sop-registry.activation.get', { office: A, activationId: v1 });
    expect(old).toMatchObject({
      status: 'retired',
      contentTypes: ['artikel'],
      replacedBy: second.activation.activationId,
    });
    const retired = (await h.outbox('registry.definition-retired')).filter((e) => e.data.activationId === v1);
    expect(retired).toEqual([
      expect.objectContaining({
        office: A,
        data: expect.objectContaining({ version: 1, replacedBy: second.activation.activationId }),
      }),
    ]);
    const activated = (await h.outbox('registry.definition-activated')).filter((e) => e.data.version === 2);
    expect(activated.map((e) => e.data.previousVersion)).toEqual([1, undefined]);
    const audits = (await h.outbox('audit.change-recorded')).filter((e) => e.data.entityId === v1);
    expect(audits.map((e) => e.data.action)).toEqual(['activate', 'replace-types', 'retire']);
    expect(audits[1]!.data.changes).toContainEqual({
      field: 'contentTypes',
      old: ['artikel', 'berita'],
      new: ['artikel'],
    });
    const list = await h.client.send('sop-registry.activation.list', { office: A });
    expect(list.activations.map((a) => [a.version, a.contentTypes])).toEqual([[2, ['artikel', 'berita']]]);
  });

  it('refuses types the definition does not handle, and unknown types', async () => {
    expect(await failure(activate(3, ['regulasi']))).toMatchObject({
      status: 422,
      code: 'content-type-not-handled',
      detail: { refused: ['regulasi'], handled: ['berita', 'pengumuman'] },
    });
    expect(await failure(activate(1, ['informasi-hukum']))).toMatchObject({
      status: 422,
      code: 'unknown-content-type',
    });
    expect(await failure(activate(9, ['berita']))).toMatchObject({
      status: 404,
      code: 'definition-not-found',
    });
  });

  it('retiring ends the activation: the types have no definition until another is activated', async () => {
    const { activation } = await activate(3, ['pengumuman']);
    const retireKey = key();
    const { activation: retired } = await h.client.send('sop-registry.activation.retire', {
      ...admin(A),
      idempotencyKey: retireKey,
      activationId: activation.activationId,
      reason: 'Diganti prosedur baru',
    });
    expect(retired).toMatchObject({
      status: 'retired',
      reason: 'Diganti prosedur baru',
      contentTypes: ['pengumuman'],
    });
    const none = await failure(
      h.client.send('sop-registry.definition.resolve', { office: A, contentType: 'pengumuman' }),
    );
    expect(none).toMatchObject({ status: 404, code: 'no-active-definition' });
    expect(none.messages.id).toMatch(/Belum ada SOP aktif/);
    // The same request retried: the first answer, and no second event.
    const replay = await h.client.send('sop-registry.activation.retire', {
      ...admin(A),
      idempotencyKey: retireKey,
      activationId: activation.activationId,
      reason: 'Diganti prosedur baru',
    });
    expect(replay.activation).toMatchObject({ activationId: activation.activationId, status: 'retired' });
    expect(
      (await h.outbox('registry.definition-retired')).filter(
        (e) => e.data.activationId === activation.activationId,
      ),
    ).toHaveLength(1);
    const again = await failure(
      h.client.send('sop-registry.activation.retire', {
        ...admin(A),
        idempotencyKey: key(),
        activationId: activation.activationId,
      }),
    );
    expect(again).toMatchObject({ status: 409, code: 'already-retired' });
  });

  it('a retried activation (same key, also concurrently) changes nothing twice', async () => {
    const k = key('concurrent');
    const answers = await Promise.all([
      activate(3, ['berita'], K, A, k),
      activate(3, ['berita'], K, A, k),
      activate(3, ['berita'], K, A, k),
    ]);
    expect(new Set(answers.map((a) => a.activation.activationId)).size).toBe(1);
    expect(answers[1]!.replaced).toEqual(answers[0]!.replaced);
    const events = (await h.outbox('registry.definition-activated')).filter(
      (e) => e.data.activationId === answers[0]!.activation.activationId,
    );
    expect(events).toHaveLength(1);
  });
});

describe('schedules', () => {
  let activationId: string;

  it('activating a definition with recurring flows syncs its schedules with the runtime', async () => {
    const before = worker!.calls.length;
    const { activation } = await activate(1, ['berita'], S, A);
    activationId = activation.activationId;
    expect(worker!.calls.slice(before).map((c) => c.request)).toEqual([
      { office: A, definition: { key: S, version: 1 } },
    ]);
    expect(worker!.calls[before]!.idempotencyKey).toMatch(/^registry-schedules-/);
    expect(activation.schedules).toEqual({
      status: 'synced',
      schedules: [{ scheduleId: `sop-${A}-${S}-rekap`, flowId: 'rekap', next: '2026-12-01T01:00:00.000Z' }],
    });
  });

  it('keeps the sync pending while the runtime is down and makes it when it is back, old version removed first', async () => {
    workerDown = true;
    const before = worker!.calls.length;
    const { activation, replaced } = await activate(2, ['berita'], S, A);
    expect(replaced).toEqual([expect.objectContaining({ activationId, retired: true })]);
    expect(activation.schedules.status).toBe('pending');
    expect(activation.schedules.lastError).toMatch(/503 temporal-unavailable/);
    // Nothing after a failed call of the same key is attempted out of order.
    // The sync of v2 waits behind the failed removal of v1 (same key, in order).
    const whileDown = worker!.calls
      .slice(before)
      .map((c) => [c.request.definition.version, c.request.remove ?? false]);
    expect(whileDown.length).toBeGreaterThanOrEqual(1);
    expect(whileDown.every(([v, remove]) => v === 1 && remove)).toBe(true);

    workerDown = false;
    await h.app.get(ScheduleSyncer).flush(A);
    const calls = worker!.calls
      .slice(before)
      .map((c) => [c.request.definition.version, c.request.remove ?? false]);
    expect(calls[calls.length - 1]).toEqual([2, false]);
    expect(calls.slice(0, -1).every(([v, remove]) => v === 1 && remove)).toBe(true);
    const view = await h.client.send('sop-registry.activation.get', {
      office: A,
      activationId: activation.activationId,
    });
    expect(view.schedules.status).toBe('synced');
  });

  it('retiring removes the schedules', async () => {
    const { activations } = await h.client.send('sop-registry.activation.list', { office: A, key: S });
    const before = worker!.calls.length;
    const { activation } = await h.client.send('sop-registry.activation.retire', {
      ...admin(A),
      idempotencyKey: key(),
      activationId: activations[0]!.activationId,
    });
    expect(worker!.calls.slice(before).map((c) => c.request)).toEqual([
      { office: A, definition: { key: S, version: 2 }, remove: true },
    ]);
    expect(activation.schedules).toEqual({ status: 'synced', schedules: [] });
  });
});

describe('tenancy and access', () => {
  it("another office cannot see, resolve or retire this office's activations", async () => {
    const { activations } = await h.client.send('sop-registry.activation.list', { office: A, status: 'all' });
    const id = activations[0]!.activationId;
    expect(
      await failure(h.client.send('sop-registry.activation.get', { office: B, activationId: id })),
    ).toMatchObject({
      status: 404,
      code: 'activation-not-found',
    });
    expect(
      await failure(
        h.client.send('sop-registry.activation.retire', {
          ...admin(B),
          idempotencyKey: key(),
          activationId: id,
        }),
      ),
    ).toMatchObject({ status: 404, code: 'activation-not-found' });
    expect(
      (await h.client.send('sop-registry.activation.list', { office: B, status: 'all' })).activations,
    ).toEqual([]);
    expect(
      await failure(h.client.send('sop-registry.definition.resolve', { office: B, contentType: 'berita' })),
    ).toMatchObject({ status: 404 });
  });

  it('staff without the admin role may not activate', async () => {
    const err = await failure(
      h.client.send('sop-registry.activation.activate', {
        ...admin(B),
        officeAdmin: false,
        roles: [{ role: 'redaktur' }],
        idempotencyKey: key(),
        key: `${B}.contoh`,
        version: 1,
        contentTypes: ['berita'],
      }),
    );
    expect(err).toMatchObject({ status: 403, code: 'not-allowed' });
  });
});
