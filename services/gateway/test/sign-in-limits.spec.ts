import { randomUUID } from 'node:crypto';
import { hashPassword } from '../src/identity/auth/passwords';
import { table } from '../src/db';
import {
  call,
  type CallOptions,
  expectStatus,
  insertPlatformAdmin,
  PASSWORD,
  startGateway,
  type TestGateway,
} from './support/harness';

/** A sign-in from a client address (behind the gateway's trusted proxy) and maybe a browser's cookies. */
function signIn(gw: TestGateway, email: string, password: string, from: string, cookies?: string) {
  const headers: CallOptions['headers'] = { 'x-forwarded-for': from };
  if (cookies) headers.cookie = cookies;
  return call(gw, 'POST', '/api/v1/auth/login', { body: { email, password }, headers });
}

/** The cookies a browser keeps from an answer (name=value pairs). */
const jar = (res: { headers: Headers }) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');

const retryAfter = (res: { headers: Headers }) => Number(res.headers.get('retry-after'));

describe('sign-in limits: growing delays per account and client, never a lockout', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway('signinlimits', {
      signInLimits: {
        pair: { free: 3, capSeconds: 900 },
        account: { free: 8, capSeconds: 300 },
        client: { free: 12, capSeconds: 900 },
        device: { free: 3, capSeconds: 300 },
      },
    });
    for (const who of ['budi', 'sari', 'tono', 'wati'])
      await insertPlatformAdmin(gw.dataSource, `${who}@kpu.test`);
  });
  afterAll(() => gw?.close());

  it('slows one account from one address with growing waits (1 s, 2 s …), counting only failures', async () => {
    const from = '198.51.100.7';
    for (let i = 0; i < 3; i++)
      expectStatus(await signIn(gw, 'sari@kpu.test', `salah-${i}-xxxxx`, from), 401);
    const first = await signIn(gw, 'sari@kpu.test', PASSWORD, from);
    expectStatus(first, 429);
    expect(first.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(first.body).toMatchObject({ code: 'rate-limited' });
    expect(retryAfter(first)).toBe(1);
    await new Promise((r) => setTimeout(r, 1_100));
    expectStatus(await signIn(gw, 'sari@kpu.test', 'salah-lagi-xxxxx', from), 401);
    expect(retryAfter(await signIn(gw, 'sari@kpu.test', PASSWORD, from))).toBe(2);
    // A wait, not a lockout: once it has passed, the right password signs in and the count starts over.
    await new Promise((r) => setTimeout(r, 2_100));
    expectStatus(await signIn(gw, 'sari@kpu.test', PASSWORD, from), 200);
    expectStatus(await signIn(gw, 'sari@kpu.test', 'salah-xxxxxxxx', from), 401);
    expectStatus(await signIn(gw, 'sari@kpu.test', PASSWORD, from), 200);
  });

  it("cannot be used to lock the account's holder out: their browser counts on its own", async () => {
    // Budi signs in from his office once: his browser is now one the account knows.
    const office = '203.0.113.10';
    const first = await signIn(gw, 'budi@kpu.test', PASSWORD, office);
    expectStatus(first, 200);
    const browser = jar(first);
    expect(browser).toMatch(/tl_device=/);
    // An attacker who knows Budi's email guesses from many addresses, until every untrusted attempt waits.
    for (let i = 0; i < 8; i++)
      expectStatus(await signIn(gw, 'budi@kpu.test', `tebakan-${i}-xxxxx`, `192.0.2.${i + 1}`), 401);
    const attacker = await signIn(gw, 'budi@kpu.test', 'tebakan-lagi-xxx', '192.0.2.99');
    expectStatus(attacker, 429);
    // Even with the right password, an untrusted client waits (the account is under attack)…
    expectStatus(await signIn(gw, 'budi@kpu.test', PASSWORD, '192.0.2.100'), 429);
    // A forged device cookie is no browser of his.
    const forged = browser.replace(/tl_device=[^;]+/, 'tl_device=abc.def');
    expectStatus(await signIn(gw, 'budi@kpu.test', PASSWORD, office, forged), 429);
    // …but Budi, from his own browser, signs in at once, again and again.
    for (let i = 0; i < 3; i++)
      expectStatus(await signIn(gw, 'budi@kpu.test', PASSWORD, office, browser), 200);
  });

  it('lets a whole office behind one NAT sign in at 07:30, typos included', async () => {
    const nat = '203.0.113.77';
    const staff: string[] = [];
    const hash = await hashPassword(PASSWORD);
    for (let i = 0; i < 30; i++) {
      const email = `staf${i}@kpu-nat.test`;
      await gw.dataSource.query(
        `INSERT INTO ${table('users')} (id, email, name, password_hash) VALUES ($1, $2, $3, $4)`,
        [randomUUID(), email, `Staf ${i}`, hash],
      );
      staff.push(email);
    }
    // 30 people, 8 of them mistype first (fewer than the address's free failures): nobody waits.
    const answers = await Promise.all(
      staff.map(async (email, i) => {
        if (i % 4 === 0) expectStatus(await signIn(gw, email, 'Rahasia-Uji-2025', nat), 401);
        return (await signIn(gw, email, PASSWORD, nat)).status;
      }),
    );
    expect(answers.filter((s) => s === 200)).toHaveLength(30);
  });

  it('slows one address spraying many accounts, but not browsers their accounts signed in from', async () => {
    const spray = '198.51.100.200';
    const tono = await signIn(gw, 'tono@kpu.test', PASSWORD, spray);
    expectStatus(tono, 200);
    for (let i = 0; i < 12; i++)
      expectStatus(await signIn(gw, `tidak-ada-${i}@kpu.test`, 'Kata-Sandi-1234', spray), 401);
    const sprayed = await signIn(gw, 'wati@kpu.test', PASSWORD, spray);
    expectStatus(sprayed, 429);
    expectStatus(await signIn(gw, 'tono@kpu.test', PASSWORD, spray, jar(tono)), 200);
  });

  it('counts attempts that arrive at once: a burst gets no more tries than the free ones', async () => {
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => signIn(gw, 'wati@kpu.test', `serbu-${i}-xxxxx`, '198.51.100.99')),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(9);
  });

  it('keeps the counts in Postgres: another replica sees them, and no email or address is stored', async () => {
    const replica = await startGateway(
      'signinreplica',
      {
        signInLimits: { pair: { free: 3, capSeconds: 900 } },
      },
      { replicaOf: gw },
    );
    try {
      for (let i = 0; i < 3; i++)
        expectStatus(await signIn(gw, 'wati@kpu.test', `salah-${i}-xxxxx`, '198.51.100.55'), 401);
      const there = await signIn(replica, 'wati@kpu.test', PASSWORD, '198.51.100.55');
      expectStatus(there, 429);
      const stored = JSON.stringify(await gw.dataSource.query(`SELECT * FROM ${table('sign_in_failures')}`));
      expect(stored).not.toMatch(/wati|kpu\.test|198\.51\.100/);
    } finally {
      await replica.close();
    }
  });
});
