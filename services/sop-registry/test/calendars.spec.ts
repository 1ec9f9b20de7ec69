import { makeEvent, subjectOf } from '@tatalaman/contracts';
import { ensureStreams } from '@tatalaman/messaging';
import { serveCommand, type ServedCommand } from '@tatalaman/testing';
import { commandErrorReply } from '@tatalaman/contracts';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import { CalendarSyncer } from '../src/calendars/calendar-syncer';
import { RegistryHarness } from './harness';

// An office's calendar changes (a cuti bersama decreed): the registry hears it from the
// gateway's identity.office-updated and has the runtime give the new calendar to the
// office's running runs and schedules, retrying until it succeeds.

const h = new RegistryHarness();
let worker: ServedCommand<'worker.calendar.sync'>;
let down = false;
let applied = 1;

beforeAll(async () => {
  await h.start();
  const jsm = await jetstreamManager(h.nc);
  await ensureStreams(jsm, ['identity']);
  worker = serveCommand(h.nc, 'worker.calendar.sync', () => {
    if (down) throw commandErrorReply(503, 'calendar-sync-incomplete', { id: 'Belum', en: 'Not yet' });
    return { calendarVersion: applied, runs: { updated: 2, current: 0, failed: 0 }, schedules: 1 };
  });
  h.app.get(CalendarSyncer).intervalMs = 500;
}, 60_000);
afterAll(async () => {
  worker?.stop();
  await h.stop();
});

async function officeUpdated(
  office: string,
  data: { changedFields: string[]; calendarVersion?: number; name?: string },
) {
  const event = makeEvent('identity.office-updated', {
    office,
    actor: { kind: 'user', id: 'admin' },
    data: data as never,
  });
  const hd = headers();
  hd.set('Nats-Msg-Id', event.id);
  await jetstream(h.nc).publish(subjectOf(event), JSON.stringify(event), { msgID: event.id, headers: hd });
}

async function until(check: () => boolean | Promise<boolean>, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const row = async (office: string) =>
  (
    (await h.ds.query(`SELECT version, status, attempts FROM registry.calendar_syncs WHERE office = $1`, [
      office,
    ])) as {
      version: number;
      status: string;
      attempts: number;
    }[]
  )[0];

it('passes a calendar change on to the runtime, once it is confirmed', async () => {
  applied = 2;
  await officeUpdated('kpu-kota-palu', { changedFields: ['holidayOverrides'], calendarVersion: 2 });
  await until(() => worker.calls.some((c) => c.request.office === 'kpu-kota-palu'));
  await until(async () => (await row('kpu-kota-palu'))?.status === 'done');
  expect(await row('kpu-kota-palu')).toMatchObject({ version: 2, status: 'done' });
});

it('ignores office changes that do not touch the calendar', async () => {
  await officeUpdated('kpu-prov-jateng', { changedFields: ['name'], name: 'KPU Provinsi Jawa Tengah' });
  await officeUpdated('kpu-prov-jateng', { changedFields: ['kind'] });
  await new Promise((r) => setTimeout(r, 1500));
  expect(worker.calls.filter((c) => c.request.office === 'kpu-prov-jateng')).toEqual([]);
  expect(await row('kpu-prov-jateng')).toBeUndefined();
});

it('keeps asking while the runtime cannot give it to every run, then stops', async () => {
  down = true;
  applied = 3;
  await officeUpdated('kpu-kab-bangka-barat', { changedFields: ['workingHours'], calendarVersion: 3 });
  await until(() => worker.calls.filter((c) => c.request.office === 'kpu-kab-bangka-barat').length >= 2);
  expect(await row('kpu-kab-bangka-barat')).toMatchObject({ status: 'pending' });
  down = false;
  await until(async () => (await row('kpu-kab-bangka-barat'))?.status === 'done');
  const calls = worker.calls.filter((c) => c.request.office === 'kpu-kab-bangka-barat').length;
  await new Promise((r) => setTimeout(r, 1500));
  expect(worker.calls.filter((c) => c.request.office === 'kpu-kab-bangka-barat')).toHaveLength(calls);
});
