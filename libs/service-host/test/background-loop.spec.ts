import { setTimeout as sleep } from 'node:timers/promises';
import { BackgroundLoop } from '../src';

/** Collects what the loop logs, so tests can count warnings. */
function recorder() {
  const warnings: string[] = [];
  const logs: string[] = [];
  return {
    warnings,
    logs,
    logger: { warn: (m: string) => warnings.push(m), log: (m: string) => logs.push(m) },
  };
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(5);
  }
}

describe('BackgroundLoop', () => {
  it('ticks only after start, then every interval, and not after stop', async () => {
    const { logger } = recorder();
    let ticks = 0;
    const loop = new BackgroundLoop({ name: 'test', intervalMs: 20, logger }, async () => {
      ticks++;
    });
    await sleep(60);
    expect(ticks).toBe(0);
    loop.start();
    await until(() => ticks >= 3);
    await loop.stop();
    const stoppedAt = ticks;
    await sleep(80);
    expect(ticks).toBe(stoppedAt);
  });

  it('waits for the initial delay before the first tick', async () => {
    let firstAt = 0;
    const startedAt = Date.now();
    const loop = new BackgroundLoop(
      { name: 'test', intervalMs: 10, initialDelayMs: 120, logger: recorder().logger },
      async () => {
        firstAt ||= Date.now();
      },
    );
    loop.start();
    await until(() => firstAt > 0);
    await loop.stop();
    expect(firstAt - startedAt).toBeGreaterThanOrEqual(110);
  });

  it('stop() while a tick runs waits for that tick to finish', async () => {
    let release!: () => void;
    let finished = false;
    let started = false;
    const loop = new BackgroundLoop({ name: 'test', intervalMs: 10, initialDelayMs: 0 }, async () => {
      started = true;
      await new Promise<void>((r) => (release = r));
      finished = true;
    });
    loop.start();
    await until(() => started);
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    expect(loop.stopping).toBe(true);
    await sleep(50);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(finished).toBe(true);
  });

  it('backs off on failure up to its cap, logs a streak once, and resets on success', async () => {
    const { warnings, logs, logger } = recorder();
    const at: number[] = [];
    let failUntil = 5;
    const loop = new BackgroundLoop(
      { name: 'flaky', intervalMs: 10, initialDelayMs: 0, maxBackoffMs: 80, logger },
      async () => {
        at.push(Date.now());
        if (at.length <= failUntil) throw new Error(`down #${at.length}`);
      },
    );
    loop.start();
    await until(() => at.length >= 9);
    await loop.stop();
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    // After failures 1..5 the loop waits 20, 40, 80 (the cap), 80, 80 ms; the sixth tick
    // succeeds and the loop is back to its 10 ms interval.
    expect(gaps[0]).toBeGreaterThanOrEqual(18);
    expect(gaps[1]).toBeGreaterThanOrEqual(38);
    expect(gaps[2]).toBeGreaterThanOrEqual(75);
    expect(gaps[3]).toBeGreaterThanOrEqual(75);
    expect(gaps[4]).toBeLessThan(160);
    expect(gaps[5]).toBeLessThan(40);
    expect(gaps[6]).toBeLessThan(40);
    expect(gaps[7]).toBeLessThan(40);
    expect(loop.failures).toBe(0);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('down #1');
    expect(logs).toEqual(['flaky: recovered after 5 failed tick(s)']);

    // A new streak is logged again.
    failUntil = Infinity;
    const again = new BackgroundLoop(
      { name: 'flaky', intervalMs: 10, initialDelayMs: 0, logger },
      async () => {
        throw new Error('down again');
      },
    );
    again.start();
    await until(() => again.failures >= 2);
    await again.stop();
    expect(warnings).toHaveLength(2);
  });

  it('ticks again at once while a tick reports work, and when kicked', async () => {
    let ticks = 0;
    let backlog = 3;
    const loop = new BackgroundLoop({ name: 'test', intervalMs: 10_000, initialDelayMs: 0 }, async () => {
      ticks++;
      return backlog > 0 ? backlog-- : 0;
    });
    loop.start();
    await until(() => ticks === 4);
    await sleep(50);
    expect(ticks).toBe(4); // the backlog is done: it now waits its 10 s interval
    loop.kick();
    await until(() => ticks === 5);
    loop.kick(40);
    await sleep(10);
    expect(ticks).toBe(5);
    await until(() => ticks === 6);
    await loop.stop();
  });

  it('runNow joins a running tick instead of overlapping it', async () => {
    let running = 0;
    let most = 0;
    const loop = new BackgroundLoop({ name: 'test', intervalMs: 10_000 }, async () => {
      running++;
      most = Math.max(most, running);
      await sleep(30);
      running--;
      return 1;
    });
    const results = await Promise.all([loop.runNow(), loop.runNow(), loop.runNow()]);
    expect(results).toEqual([1, 1, 1]);
    expect(most).toBe(1);
  });
});
