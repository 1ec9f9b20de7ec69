import { randomBytes, randomUUID } from 'node:crypto';
import { platformAdminEmail } from '../support/api';
import {
  type FuzzRequest,
  type IdPools,
  operationsOf,
  type Principal,
  prng,
  requestsFor,
  Sampler,
} from '../support/api-fuzz';
import { platformInfo } from '../support/platform-info';

// Every operation of the OpenAPI document, called with what the document says and with
// what an attacker or a careless client sends instead (test/support/api-fuzz.ts), as a
// member of an office, as an office admin of another office, anonymously, and (for the
// platform routes) as a platform admin. Two offices of its own keep the demo offices of
// the other end-to-end tests out of it. It fails on any 5xx or no answer, any error that
// is not application/problem+json, any 2xx to the other office's admin or to an anonymous
// caller of a non-public route, any 2xx to a request naming the other office's records,
// and any change of the other office's data. API_FUZZ_SEED replays a run.

const SEED = Number(process.env.API_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const CONCURRENCY = 4;
const PASSWORD = 'Fuzz-Uji-Password-2026';

interface Answer {
  status: number;
  contentType: string;
  body: string;
}

async function send(
  base: string,
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: string | Buffer,
): Promise<Answer> {
  const res = await fetch(base + url, {
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() };
}

/** A JSON call of the suite's own set-up; fails the test when it does not succeed. */
async function setUp<T = Record<string, unknown>>(
  base: string,
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (method !== 'GET') headers['idempotency-key'] = randomUUID();
  const answer = await send(
    base,
    method,
    path,
    headers,
    body === undefined ? undefined : JSON.stringify(body),
  );
  if (answer.status >= 300)
    throw new Error(`set-up ${method} ${path}: ${answer.status} ${answer.body.slice(0, 500)}`);
  return (answer.body ? JSON.parse(answer.body) : {}) as T;
}

/** What another office's admin would see of their office: compared before and after the fuzz. */
async function snapshot(base: string, token: string, office: string): Promise<Record<string, unknown>> {
  const paths = [
    'items?limit=200',
    'users',
    'role-bindings',
    'delegations',
    'api-keys',
    'webhooks',
    'social-channels',
    'sop-activations',
    'sop-definitions?scope=office',
    'reports/problems',
    'calendar',
    'audit?limit=200',
    '',
  ];
  const out: Record<string, unknown> = {};
  for (const p of paths) {
    const answer = await send(base, 'GET', `/api/v1/offices/${office}${p ? `/${p}` : ''}`, {
      authorization: `Bearer ${token}`,
    });
    out[p || 'office'] = answer.status === 200 ? JSON.parse(answer.body) : answer.status;
  }
  return out;
}

it('answers every operation, fed valid and hostile requests by four kinds of caller, without a server error or a cross-office change', async () => {
  const started = Date.now();
  const info = platformInfo();
  const base = info.gatewayUrl;
  const doc = JSON.parse((await send(base, 'GET', '/api/openapi.json', {})).body);
  const operations = operationsOf(doc);

  // Two offices of the fuzz's own, an admin and a staff member in each, a few records.
  const login = async (email: string, password: string) =>
    (await setUp<{ accessToken: string }>(base, undefined, 'POST', '/api/v1/auth/login', { email, password }))
      .accessToken;
  const root = await login(platformAdminEmail, info.demoPassword);
  const tag = randomBytes(3).toString('hex');
  const offices = { own: `fuzz-a-${tag}`, other: `fuzz-b-${tag}` };
  const ids: Record<'own' | 'other', Record<string, string[]>> = { own: {}, other: {} };
  const tokens: Record<'own' | 'other', string> = { own: '', other: '' };
  for (const side of ['own', 'other'] as const) {
    const office = offices[side];
    await setUp(base, root, 'POST', '/api/v1/offices', {
      code: office,
      name: `Kantor Uji ${office}`,
      kind: 'other',
      timeZone: 'Asia/Jakarta',
    });
    const adminEmail = `admin@${office}.fuzz.tatalaman.id`;
    await setUp(base, root, 'POST', `/api/v1/offices/${office}/users`, {
      email: adminEmail,
      name: 'Admin Uji',
      password: PASSWORD,
      officeAdmin: true,
    });
    const staff = await setUp<{ id: string }>(base, root, 'POST', `/api/v1/offices/${office}/users`, {
      email: `staf@${office}.fuzz.tatalaman.id`,
      name: 'Staf Uji',
      password: PASSWORD,
    });
    tokens[side] = await login(adminEmail, PASSWORD);
    const t = tokens[side];
    const item = await setUp<{ itemId: string }>(base, t, 'POST', `/api/v1/offices/${office}/items`, {
      type: 'berita',
      title: 'Berita Uji',
      body: '<p>Isi berita uji.</p>',
    });
    const key = await setUp<{ apiKey: { id: string } }>(
      base,
      t,
      'POST',
      `/api/v1/offices/${office}/api-keys`,
      {
        name: 'Sistem Uji',
        scopes: ['content:read'],
      },
    );
    const problem = await setUp<{ id: string }>(
      base,
      t,
      'POST',
      `/api/v1/offices/${office}/reports/problems`,
      {
        title: 'Tautan rusak',
        description: 'Tautan rusak di halaman uji.',
        category: 'content',
        severity: 'low',
      },
    );
    ids[side] = {
      itemId: [item.itemId],
      userId: [staff.id],
      apiKeyId: [key.apiKey.id],
      problemId: [problem.id],
    };
  }
  const before = await snapshot(base, tokens.other, offices.other);

  // The requests.
  const random = prng(SEED);
  const memberSampler = new Sampler(doc, random, { own: ids.own, foreign: ids.other } satisfies IdPools);
  const plainSampler = new Sampler(doc, random, { own: {}, foreign: {} });
  const principals: Record<Principal['name'], Principal> = {
    member: { name: 'member', token: tokens.own, office: offices.own },
    'non-member': { name: 'non-member', token: tokens.other, office: offices.own },
    anonymous: { name: 'anonymous', office: offices.own },
    'platform-admin': { name: 'platform-admin', token: root },
  };
  // The platform admin is the demo one the other tests use: nothing that changes who is one.
  const notAsPlatformAdmin = new Set([
    'grantPlatformAdmin',
    'revokePlatformAdmin',
    'rebuildReportProjections',
    'changeMyPassword',
  ]);
  const planned: { request: FuzzRequest; principal: Principal['name'] }[] = [];
  for (const op of operations) {
    const officeRoute = op.path.includes('{office}');
    const plan: [Principal['name'], number, Sampler][] = [
      ['member', 30, memberSampler],
      ['non-member', officeRoute ? 4 : 1, plainSampler],
      ['anonymous', op.public ? 30 : 1, plainSampler],
    ];
    if (!officeRoute && !notAsPlatformAdmin.has(op.operationId))
      plan.push(['platform-admin', 8, plainSampler]);
    for (const [who, variants, sampler] of plan) {
      for (const request of requestsFor(op, principals[who], sampler, variants))
        planned.push({ request, principal: who });
    }
  }
  for (let i = planned.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [planned[i], planned[j]] = [planned[j]!, planned[i]!];
  }

  // Sent four at a time, each checked.
  const failures: string[] = [];
  const byStatus = new Map<number, number>();
  const byPrincipal = new Map<string, Map<string, number>>();
  const count = (who: string, status: number) => {
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    const row = byPrincipal.get(who) ?? new Map<string, number>();
    const klass = status === 0 ? 'no answer' : `${Math.floor(status / 100)}xx`;
    row.set(klass, (row.get(klass) ?? 0) + 1);
    byPrincipal.set(who, row);
  };
  let next = 0;
  const worker = async () => {
    while (next < planned.length) {
      const { request: r, principal } = planned[next++]!;
      const what = `${principal} ${r.method} ${r.url.slice(0, 160)} (${r.operation.operationId}, ${r.variant})`;
      let answer: Answer;
      try {
        answer = await send(base, r.method, r.url, r.headers, r.body);
      } catch (e) {
        count(principal, 0);
        failures.push(`${what}: no answer (${(e as Error).message})`);
        continue;
      }
      count(principal, answer.status);
      const ok = answer.status >= 200 && answer.status < 300;
      if (answer.status >= 500) failures.push(`${what}: ${answer.status} ${answer.body.slice(0, 300)}`);
      else if (answer.status >= 400 && !answer.contentType.startsWith('application/problem+json'))
        failures.push(
          `${what}: ${answer.status} answered as ${answer.contentType || 'nothing'}, not problem+json`,
        );
      else if (ok && principal === 'non-member' && r.operation.path.includes('{office}'))
        failures.push(`${what}: ${answer.status} to the admin of another office`);
      else if (ok && principal === 'anonymous' && !r.operation.public)
        failures.push(`${what}: ${answer.status} without authentication`);
      else if (ok && r.foreignInPath.length)
        failures.push(`${what}: ${answer.status} for another office's ${r.foreignInPath.join(', ')}`);
      else if (ok && r.foreignElsewhere.some((id) => answer.body.includes(id)))
        failures.push(`${what}: ${answer.status} showing another office's ${r.foreignElsewhere.join(', ')}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));

  // The other office: as it was (its audit log included, once the events are in).
  await new Promise((r) => setTimeout(r, 3_000));
  const after = await snapshot(base, tokens.other, offices.other);
  for (const key of Object.keys(before)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      failures.push(
        `the other office's ${key} changed: ${JSON.stringify(before[key]).slice(0, 300)} → ${JSON.stringify(after[key]).slice(0, 300)}`,
      );
  }

  const seconds = Math.round((Date.now() - started) / 1000);
  const statuses = [...byStatus]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${s}: ${n}`)
    .join(', ');
  const principalsLine = [...byPrincipal]
    .map(
      ([who, row]) =>
        `${who} ${[...row]
          .sort()
          .map(([k, n]) => `${k} ${n}`)
          .join(' ')}`,
    )
    .join('; ');
  console.log(
    `API fuzz (seed ${SEED}): ${planned.length} requests over ${operations.length} operations in ${seconds} s\n` +
      `by status: ${statuses}\nby caller: ${principalsLine}\n` +
      `failures: ${failures.length}${failures.length ? `\n${failures.slice(0, 40).join('\n')}` : ''}`,
  );
  expect(planned.length).toBeGreaterThanOrEqual(2_000);
  expect(failures).toEqual([]);
}, 600_000);
