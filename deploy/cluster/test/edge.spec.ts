import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { progressLog } from './progress-log';
import type { ServerProcess } from '../../local/src/processes';
import {
  EDGE_CACHE_SECONDS,
  ensureNginx,
  nginxConfig,
  startNginx,
  waitNginxReady,
} from '../src/components/nginx';
import type { Topology } from '../src/topology';
import { freeTopology } from '../src/free-topology';

// The edge as `npm run cluster` runs it: Debian's nginx with the generated configuration,
// in front of two stand-ins for each kind of replica that answer as the site does
// (ETag, Cache-Control, 304 on If-None-Match) and record what reached them.

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

function replica(port: number, role: string, page: { body: string }, seen: Seen[]): Promise<Server> {
  const server = createServer((req, res) => {
    seen.push({ method: req.method!, url: req.url!, headers: req.headers });
    if (req.url === '/health') return res.end('ok');
    const etag = `"${Buffer.from(page.body).toString('base64url').slice(-16)}"`;
    const headers = {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'public, max-age=60',
      etag,
      vary: 'Accept-Encoding',
      'x-replica': role,
      'x-encoding-seen': String(req.headers['accept-encoding'] ?? ''),
    };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers);
      return res.end();
    }
    res.writeHead(200, headers);
    res.end(req.method === 'POST' ? `posted to ${role}` : `${page.body} (${req.url})`);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

let dir: string;
let t: Topology;
let nginx: ServerProcess;
const page = { body: 'Berita v1' };
const siteSeen: Seen[] = [];
const gatewaySeen: Seen[] = [];
const servers: Server[] = [];

beforeAll(async () => {
  const binary = ensureNginx(progressLog);
  dir = mkdtempSync(join(tmpdir(), 'tl-edge-'));
  // nginx's workers (www-data when we are root) must reach the cache folder inside it.
  chmodSync(dir, 0o755);
  t = await freeTopology(dir);
  for (const r of t.replicas) {
    servers.push(await replica(r.sitePort, `site-${r.index}`, page, siteSeen));
    servers.push(await replica(r.gatewayPort, `gateway-${r.index}`, page, gatewaySeen));
  }
  nginx = startNginx(binary, t);
  await waitNginxReady(nginx, t, 30_000);
}, 600_000);

afterAll(async () => {
  await nginx?.stop();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  rmSync(dir, { recursive: true, force: true });
});

const site = (path: string, headers: Record<string, string> = {}) =>
  fetch(`http://${t.host}:${t.edge.sitePort}${path}`, { headers });

it('is a configuration nginx accepts (nginx -t)', () => {
  const result = spawnSync(
    ensureNginx(progressLog),
    ['-t', '-p', dir, '-e', '/dev/stderr', '-c', t.edge.configFile],
    {
      encoding: 'utf8',
    },
  );
  expect(result.stderr).toContain('test is successful');
});

it('answers a public page from its cache after the first request, without asking a replica again', async () => {
  const path = `/kpu-prov-jateng/berita/a-${Date.now()}`;
  const first = await site(path);
  expect(first.headers.get('x-cache-status')).toBe('MISS');
  expect(await first.text()).toBe(`Berita v1 (${path})`);
  const before = siteSeen.filter((s) => s.url === path).length;
  const second = await site(path);
  expect(second.headers.get('x-cache-status')).toBe('HIT');
  expect(siteSeen.filter((s) => s.url === path).length).toBe(before);
  // The site's headers reach browsers and CDNs unchanged.
  expect(second.headers.get('cache-control')).toBe('public, max-age=60');
});

// nginx counts cache lifetimes in whole seconds: a page stored at 12:00:00.9 with 1 s of
// validity is fresh until 12:00:02.0, so a change shows within EDGE_CACHE_SECONDS + 1 s.
const STALE_AT_MOST_MS = (EDGE_CACHE_SECONDS + 1) * 1000;

it('shows a change within two seconds at most, revalidating with the ETag rather than fetching again', async () => {
  const path = `/kpu-kota-palu/berita/b-${Date.now()}`;
  expect(await (await site(path)).text()).toBe(`Berita v1 (${path})`);
  // Unchanged: once the copy is stale, the replica is asked with If-None-Match (in the
  // background, while the stale copy answers) and answers 304.
  const asked = () => siteSeen.some((s) => s.url === path && s.headers['if-none-match']);
  for (const until = Date.now() + STALE_AT_MOST_MS + 1_000; !asked() && Date.now() < until;) {
    await site(path);
    await sleep(100);
  }
  expect(asked()).toBe(true);

  page.body = 'Berita v2';
  try {
    const changedAt = Date.now();
    let body = '';
    while (Date.now() - changedAt < STALE_AT_MOST_MS + 3_000) {
      body = await (await site(path)).text();
      if (body.startsWith('Berita v2')) break;
      await sleep(50);
    }
    expect(body).toBe(`Berita v2 (${path})`);
    expect(Date.now() - changedAt).toBeLessThan(STALE_AT_MOST_MS + 300);
  } finally {
    page.body = 'Berita v1';
  }
});

it('keeps one copy per encoding a browser accepts (br, gzip or none), whatever the header says exactly', async () => {
  const path = `/kpu-prov-jateng/c-${Date.now()}`;
  const br = await site(path, { 'accept-encoding': 'gzip, deflate, br, zstd' });
  expect(br.headers.get('x-encoding-seen')).toBe('br');
  const gz = await site(path, { 'accept-encoding': 'gzip;q=1.0, identity' });
  expect(gz.headers.get('x-encoding-seen')).toBe('gzip');
  expect(gz.headers.get('x-cache-status')).toBe('MISS');
  const br2 = await site(path, { 'accept-encoding': 'br' });
  expect(br2.headers.get('x-cache-status')).toBe('HIT');
});

it('goes on serving when one site replica is down', async () => {
  const down = servers[0]!; // site-1
  await new Promise((r) => down.close(r));
  try {
    for (let i = 0; i < 6; i++) {
      const res = await site(`/kpu-prov-jateng/d-${Date.now()}-${i}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-replica')).toBe('site-2');
    }
  } finally {
    servers[0] = await replica(t.replicas[0]!.sitePort, 'site-1', page, siteSeen);
  }
});

it('never caches the API, spreads it over the gateways, and sets X-Forwarded-For itself', async () => {
  const api = `http://${t.host}:${t.edge.apiPort}`;
  const replicas = new Set<string>();
  for (let i = 0; i < 4; i++) {
    const res = await fetch(`${api}/api/v1/offices`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(res.headers.get('x-cache-status')).toBeNull();
    replicas.add(res.headers.get('x-replica')!);
  }
  expect([...replicas].sort()).toEqual(['gateway-1', 'gateway-2']);
  const calls = gatewaySeen.filter((s) => s.url === '/api/v1/offices');
  expect(calls.length).toBe(4);
  // A client's own claim is replaced: the gateway trusts what its loopback proxy says.
  for (const c of calls) expect(c.headers['x-forwarded-for']).toBe('127.0.0.1');
});

it('renders the same edge for containers, with the service names as upstreams', () => {
  const conf = nginxConfig({
    apiListen: '8080',
    siteListen: '8081',
    gateways: ['gateway:3000'],
    sites: ['publishing:3100'],
    cacheDir: '/var/cache/nginx/sites',
  });
  expect(conf).toContain('server gateway:3000 ');
  expect(conf).toContain('listen 8080;');
  expect(conf).toContain('server publishing:3100 ');
  expect(conf).toContain('error_log /dev/stderr');
  expect(conf).not.toMatch(/^\s*\w+_temp_path/m);
});
