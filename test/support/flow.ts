import { createServer, type Server } from 'node:http';
import type { ApiClient, Schemas } from '@tatalaman/api-client';
import { as, demoEmail, idempotencyKey, ok, officeAdminEmail, retrying } from './api';
import { platformInfo } from './platform-info';

// Steps of the end-to-end SOP runs, as people do them through the HTTP API.
// Every mutating call keeps one Idempotency-Key across its retries, so a call
// repeated while a service restarts does its work once.

const header = () => ({ 'Idempotency-Key': idempotencyKey() });

export async function createAndSubmit(
  office: string,
  authorRole: string,
  type: string,
  title: string,
  fields: Record<string, unknown> = {},
): Promise<{ itemId: string; workflowId: string }> {
  const author = await as(demoEmail(office, authorRole));
  const createKey = header();
  const item = await retrying(async () =>
    ok(
      await author.POST('/api/v1/offices/{office}/items', {
        params: { path: { office }, header: createKey },
        body: {
          type,
          title,
          summary: `Ringkasan: ${title}`,
          body: `<p>${title}. Konten uji ujung-ke-ujung untuk ${office}.</p>`,
          fields,
        },
      }),
    ),
  );
  const submitKey = header();
  const submission = await retrying(async () =>
    ok(
      await author.POST('/api/v1/offices/{office}/items/{itemId}/submit', {
        params: { path: { office, itemId: item.itemId }, header: submitKey },
        body: {},
      }),
    ),
  );
  return { itemId: item.itemId, workflowId: submission.workflowId };
}

/** Waits until the step's task is in this person's inbox (tasks come from run events). */
export async function taskFor(
  user: ApiClient,
  office: string,
  workflowId: string,
  stepId: string,
  status: 'open' | 'postponed' = 'open',
): Promise<Schemas['Task']> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const page = await retrying(async () =>
      ok(
        await user.GET('/api/v1/offices/{office}/inbox', {
          params: { path: { office }, query: { limit: 200 } },
        }),
      ),
    );
    const task = page.tasks.find(
      (t) => t.workflowId === workflowId && t.stepId === stepId && t.status === status,
    );
    if (task) return task;
    if (Date.now() > deadline) {
      throw new Error(
        `no ${status} task for ${stepId} of ${workflowId} in the inbox; it has ${page.tasks.map((t) => `${t.stepId}/${t.status}`).join(', ')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The holder of `role` finds the task in their inbox and decides it. */
export async function decide(
  office: string,
  workflowId: string,
  stepId: string,
  role: string,
  decision: Schemas['DecideTaskBody']['decision'],
  reason?: string,
): Promise<Schemas['RunSummary']> {
  const user = await as(demoEmail(office, role));
  // A postponed step waits in its task until someone resumes it.
  const task = await taskFor(user, office, workflowId, stepId, decision === 'resume' ? 'postponed' : 'open');
  const key = header();
  const answer = await retrying(async () =>
    ok(
      await user.POST('/api/v1/offices/{office}/tasks/{taskId}/decision', {
        params: { path: { office, taskId: task.taskId }, header: key },
        body: { decision, ...(reason ? { reason } : {}) },
      }),
    ),
  );
  return answer.run;
}

export async function runOf(office: string, workflowId: string): Promise<Schemas['RunSummary']> {
  const admin = await as(officeAdminEmail(office));
  return retrying(async () =>
    ok(
      await admin.GET('/api/v1/offices/{office}/runs/{workflowId}', {
        params: { path: { office, workflowId } },
      }),
    ),
  );
}

export async function waitForRun(
  office: string,
  workflowId: string,
  check: (run: Schemas['RunSummary']) => boolean,
  timeoutMs = 60_000,
): Promise<Schemas['RunSummary']> {
  const deadline = Date.now() + timeoutMs;
  let run = await runOf(office, workflowId);
  while (!check(run)) {
    if (Date.now() > deadline)
      throw new Error(`run ${workflowId} is ${run.status}, open: ${JSON.stringify(run.open)}`);
    await new Promise((r) => setTimeout(r, 250));
    run = await runOf(office, workflowId);
  }
  return run;
}

/** One person's action on a step: `[stepId, role, decision, reason?]`. */
export type Move = [
  stepId: string,
  role: string,
  decision: 'complete' | 'approve' | 'send-back' | 'postpone' | 'resume',
  reason?: string,
];

export async function play(office: string, workflowId: string, moves: Move[]): Promise<void> {
  for (const [stepId, role, decision, reason] of moves)
    await decide(office, workflowId, stepId, role, decision, reason);
}

/** Waits for the run to complete, then checks the item on the office website. */
export async function publishedOnTheSite(
  office: string,
  itemId: string,
  workflowId: string,
  title: string,
): Promise<Schemas['RunSummary']> {
  const run = await waitForRun(office, workflowId, (r) => r.status === 'completed', 90_000);
  expect(run.history.find((h) => h.kind === 'published')).toBeDefined();
  const page = await publicItem(office, itemId);
  expect(page.status).toBe(200);
  expect(JSON.stringify(page.body)).toContain(title);
  return run;
}

/** The item as the public reads it from the office website's JSON API. */
export async function publicItem(
  office: string,
  itemId: string,
): Promise<{ status: number; body: Record<string, unknown> | undefined }> {
  const res = await retrying(() => fetch(`${platformInfo().publicSiteUrl}/${office}/api/items/${itemId}`));
  return { status: res.status, body: res.ok ? ((await res.json()) as Record<string, unknown>) : undefined };
}

/**
 * A social-media bridge (the agency's relay the platform posts to): the external
 * system at the edge of the test, answering each post with its link.
 */
export async function startSocialBridge(): Promise<{
  url: string;
  posts: unknown[];
  close(): Promise<void>;
}> {
  const posts: unknown[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      posts.push(JSON.parse(body || '{}'));
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ url: `https://sosmed.example/post/${posts.length}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/posts`,
    posts,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

const BRIDGE_CHANNEL = 'Relai media sosial';

export async function connectSocialChannel(office: string, endpoint: string): Promise<void> {
  const admin = await as(officeAdminEmail(office));
  // A platform that outlives test runs (E2E_TARGET=cluster) still has the bridge channels
  // of earlier runs, whose bridges are gone: posting to them would fail every publish.
  const { channels } = ok(
    await admin.GET('/api/v1/offices/{office}/social-channels', { params: { path: { office } } }),
  );
  for (const c of channels.filter((c) => c.name === BRIDGE_CHANNEL && c.enabled)) {
    ok(
      await admin.POST('/api/v1/offices/{office}/social-channels/disable', {
        params: { path: { office }, header: header() },
        body: { channelId: c.channelId },
      }),
    );
  }
  ok(
    await admin.POST('/api/v1/offices/{office}/social-channels', {
      params: { path: { office }, header: header() },
      body: {
        adapter: 'bridge-webhook',
        name: BRIDGE_CHANNEL,
        endpoint,
        token: 'token-rahasia-uji-e2e',
        enabled: true,
      },
    }),
  );
}
