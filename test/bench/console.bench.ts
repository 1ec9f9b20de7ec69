// npm run bench -- console [--rounds 10] [--tasks 20]
//
// First load of My tasks in the staff console, in the machine's Chromium, against the
// whole platform started as `npm start` starts it (the e2e global setup: its own
// database, NATS prefix, task queue and ports). Each round is a fresh browser profile
// (cold HTTP cache, no service worker), signed in (refresh token in session storage, as
// after a reload), navigating to /<office>/tugas; the figure is navigation start to the
// inbox list on screen (the console's `tl:inbox-rendered` performance mark, set when the
// first page of tasks is rendered). The inbox holds `--tasks` open tasks.
// The last line is `console inbox_first_load_ms=<median> p95_ms=<p95>`.
import { performance } from 'node:perf_hooks';
import { createApiClient } from '@tatalaman/api-client';
import { demoEmail } from '../support/api';
import { launchChromium } from '../support/browser';
import { createAndSubmit, taskFor } from '../support/flow';
import globalSetup from '../support/global-setup';
import globalTeardown from '../support/global-teardown';
import { platformInfo } from '../support/platform-info';
import { as } from '../support/api';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROUNDS = arg('rounds', 10);
const TASKS = arg('tasks', 20);
const office = 'kpu-prov-jateng';
const role = 'pengampu-konsep';

/** The page's globals used below, typed without the DOM library (these callbacks run in the page). */
interface PageGlobals {
  performance: { getEntriesByName(name: string): { startTime: number }[] };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main() {
  const started = performance.now();
  await globalSetup();
  console.log(`platform up in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const browser = await launchChromium();
  try {
    const info = platformInfo();
    // Open tasks in the author's inbox: items the web admin submitted, each waiting at the
    // author's first step (an author's own submission completes it at once).
    const submitted = [];
    for (let i = 0; i < TASKS; i++)
      submitted.push(
        await createAndSubmit(office, 'web-admin', 'berita', `Berita bangku uji ${i + 1} ${Date.now()}`),
      );
    const author = await as(demoEmail(office, role));
    await taskFor(author, office, submitted[submitted.length - 1]!.workflowId, 'konsep');

    const anonymous = createApiClient(info.gatewayUrl);
    const times: number[] = [];
    // One warm-up round (the gateway's first static file reads), then the measured ones.
    for (let round = 0; round <= ROUNDS; round++) {
      // A browser session, as the console's sign-in makes one: its cookies go into the context.
      const { data, response } = await anonymous.POST('/api/v1/auth/login', {
        body: { email: demoEmail(office, role), password: info.demoPassword, session: 'cookie' },
      });
      if (!data) throw new Error('sign-in failed');
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
      await context.addCookies(
        response.headers.getSetCookie().map((line) => {
          const [pair, ...attributes] = line.split(';').map((p) => p.trim());
          const eq = pair!.indexOf('=');
          const path = attributes.find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
          const domain = new URL(info.gatewayUrl).hostname;
          return {
            name: pair!.slice(0, eq),
            value: pair!.slice(eq + 1),
            domain,
            path,
            sameSite: 'Strict' as const,
          };
        }),
      );
      const page = await context.newPage();
      await page.goto(`${info.gatewayUrl}/${office}/tugas`);
      await page.waitForFunction(
        () =>
          (globalThis as unknown as PageGlobals).performance.getEntriesByName('tl:inbox-rendered').length > 0,
        null,
        {
          timeout: 30_000,
        },
      );
      const ms = await page.evaluate(
        () =>
          (globalThis as unknown as PageGlobals).performance.getEntriesByName('tl:inbox-rendered')[0]!
            .startTime,
      );
      const rows = await page.locator('[data-testid=inbox] tbody tr').count();
      await context.close();
      if (round === 0) {
        console.log(`warm-up: ${ms.toFixed(0)} ms (${rows} tasks)`);
        continue;
      }
      times.push(ms);
      console.log(`round ${round}: ${ms.toFixed(0)} ms (${rows} tasks)`);
    }
    console.log(
      `inbox first load over ${ROUNDS} rounds: median ${percentile(times, 50).toFixed(0)} ms, ` +
        `p95 ${percentile(times, 95).toFixed(0)} ms, min ${Math.min(...times).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms`,
    );
    console.log(
      `console inbox_first_load_ms=${percentile(times, 50).toFixed(0)} p95_ms=${percentile(times, 95).toFixed(0)}`,
    );
  } finally {
    await browser.close();
    await globalTeardown();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
