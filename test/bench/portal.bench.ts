// npm run bench -- portal [--seconds S] [--warmup S] [--connections C] [--rounds R] [--node-http]
//
// Requests per second and latency of one article page of an office website under
// concurrent keep-alive load, served by the publishing service (in this process, the
// same module and HTTP mounting as production), next to nginx serving the very same
// HTML as a static file, on the same machine, in the same run, with the same load
// generator. The last line is `portal ratio=<ours/nginx req/s> p99_ms=<ours>`.
//
// Fairness: both servers get one process/thread (nginx `worker_processes 1`; Node is one
// event loop); the load generator runs in a worker thread of this process (raw sockets,
// HTTP/1.1 keep-alive, one request in flight per connection, no compression asked, so
// both send the identical bytes).
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { jetstreamManager } from '@nats-io/jetstream';
import { Objm } from '@nats-io/obj';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = arg('seconds', 5);
const WARMUP_SECONDS = arg('warmup', 2);
const CONNECTIONS = arg('connections', 50);
// Short alternating rounds, summarised by their medians: on a shared machine, load from
// other processes comes and goes, and alternating exposes both servers to it alike.
const ROUNDS = arg('rounds', 7);
// `--node-http`: without the fast lane (every request through Node's HTTP parser), to measure it.
const FAST_LANE = !process.argv.includes('--node-http');

// Subjects, buckets and the database of this benchmark are its own.
const tag = randomBytes(3).toString('hex');
process.env.NATS_PREFIX = `bench${tag}`;
process.env.LOG_LEVEL = 'warn';

/** The load generator, plain JavaScript for a worker thread (eval'd: this file stays one file). */
const GENERATOR = String.raw`
const { workerData, parentPort } = require('node:worker_threads');
const net = require('node:net');
const { host, port, path, connections, warmupMs, durationMs } = workerData;
const request = Buffer.from('GET ' + path + ' HTTP/1.1\r\nHost: ' + host + ':' + port + '\r\nUser-Agent: tl-bench\r\nAccept: text/html\r\n\r\n');
const BUCKET_US = 10, BUCKETS = 200000; // 10 µs resolution up to 2 s
const hist = new Uint32Array(BUCKETS + 1);
let measuring = false, done = false, count = 0, errors = 0, bytes = 0, non200 = 0;
const start = process.hrtime.bigint();
setTimeout(() => { measuring = true; t0 = process.hrtime.bigint(); }, warmupMs);
let t0 = 0n, t1 = 0n;
setTimeout(() => { done = true; t1 = process.hrtime.bigint(); finish(); }, warmupMs + durationMs);
function record(us) { if (!measuring || done) return; count++; hist[Math.min(BUCKETS, Math.floor(us / BUCKET_US))]++; }
function open() {
  const s = net.connect(port, host);
  s.setNoDelay(true);
  let buf = null, need = -1, sent = 0n;
  const send = () => { if (done) { s.destroy(); return; } sent = process.hrtime.bigint(); s.write(request); };
  s.on('connect', send);
  s.on('data', (chunk) => {
    buf = buf ? Buffer.concat([buf, chunk]) : chunk;
    for (;;) {
      if (need < 0) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.toString('latin1', 0, end);
        const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
        if (!m) { errors++; s.destroy(); return; }
        if (!head.startsWith('HTTP/1.1 200')) non200++;
        need = end + 4 + Number(m[1]);
      }
      if (buf.length < need) return;
      if (measuring && !done) bytes += need;
      buf = buf.length > need ? buf.subarray(need) : null;
      need = -1;
      record(Number(process.hrtime.bigint() - sent) / 1000);
      if (!buf) { send(); return; }
    }
  });
  s.on('error', () => { errors++; });
  s.on('close', () => { if (!done) setTimeout(open, 10); });
}
for (let i = 0; i < connections; i++) open();
function pct(p) {
  const target = Math.ceil((p / 100) * count);
  let seen = 0;
  for (let i = 0; i <= BUCKETS; i++) { seen += hist[i]; if (seen >= target) return (i * BUCKET_US + BUCKET_US / 2) / 1000; }
  return NaN;
}
function finish() {
  const seconds = Number(t1 - t0) / 1e9;
  parentPort.postMessage({ requests: count, seconds, rps: count / seconds, p50: pct(50), p99: pct(99), errors, non200, mbps: bytes / seconds / 1e6 });
}
`;

interface Result {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non200: number;
  mbps: number;
}

function load(port: number, path: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(GENERATOR, {
      eval: true,
      workerData: {
        host: '127.0.0.1',
        port,
        path,
        connections: CONNECTIONS,
        warmupMs: WARMUP_SECONDS * 1000,
        durationMs: SECONDS * 1000,
      },
    });
    worker.once('message', (r: Result) => {
      void worker.terminate();
      resolve(r);
    });
    worker.once('error', reject);
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function findNginx(): string | null {
  for (const p of ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx']) if (existsSync(p)) return p;
  try {
    return execFileSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** nginx from Debian's packages, installed when missing (the machine's package manager). */
function ensureNginx(): string {
  const found = findNginx();
  if (found) return found;
  console.log('nginx not found: installing it with apt-get (Debian package) ...');
  const apt = (args: string[]) =>
    execFileSync('apt-get', args, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  try {
    apt(['install', '-y', '--no-install-recommends', 'nginx']);
  } catch {
    apt(['update']);
    apt(['install', '-y', '--no-install-recommends', 'nginx']);
  }
  const installed = findNginx();
  if (!installed) throw new Error('nginx is still missing after apt-get install');
  return installed;
}

function nginxVersion(): string {
  // `nginx -v` writes to stderr.
  const r = spawnSync(findNginx()!, ['-v'], { encoding: 'utf8' });
  return (r.stderr || r.stdout || 'nginx').trim().replace(/^nginx version: /, '');
}

async function startNginx(dir: string, port: number): Promise<ChildProcess> {
  const bin = ensureNginx();
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `daemon off;
master_process on;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 65;
  keepalive_requests 1000000;
  open_file_cache max=100 inactive=60s;
  types { text/html html; }
  default_type text/html;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};
    root ${dir}/www;
    add_header Cache-Control "public, max-age=60";
  }
}
`,
  );
  const child = spawn(bin, ['-c', conf, '-p', dir], { stdio: ['ignore', 'inherit', 'inherit'] });
  // Ready when it answers.
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/article.html`);
      if (res.ok) return child;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGTERM');
  throw new Error(`nginx did not answer on port ${port} (see ${join(dir, 'error.log')})`);
}

const ARTICLE_BODY = [
  '<p>Komisi Pemilihan Umum (KPU) Kota Palu menggelar rapat pleno terbuka rekapitulasi daftar pemilih tetap (DPT) untuk pemilihan kepala daerah tahun 2026 di aula kantor KPU Kota Palu, Jalan Moh. Hatta. Rapat dihadiri oleh Badan Pengawas Pemilu, perwakilan partai politik, tim pasangan calon, dan pemerintah daerah.</p>',
  '<h2>Hasil rekapitulasi per kecamatan</h2>',
  ...Array.from(
    { length: 8 },
    (_, i) =>
      `<p>Di kecamatan ke-${i + 1}, panitia pemilihan kecamatan melaporkan pencocokan dan penelitian yang telah selesai di seluruh kelurahan. Petugas pemutakhiran data pemilih mendatangi rumah warga satu per satu, mencatat pemilih baru yang genap berusia tujuh belas tahun, serta menandai pemilih yang telah pindah domisili atau meninggal dunia. Data ini kemudian dicocokkan dengan data kependudukan dari dinas kependudukan dan pencatatan sipil.</p>`,
  ),
  '<table><caption>Rekapitulasi DPT</caption><thead><tr><th scope="col">Kecamatan</th><th scope="col">Laki-laki</th><th scope="col">Perempuan</th><th scope="col">Jumlah</th></tr></thead><tbody>',
  ...Array.from(
    { length: 8 },
    (_, i) =>
      `<tr><td>Kecamatan ${i + 1}</td><td>${12000 + i * 731}</td><td>${12500 + i * 689}</td><td>${24500 + i * 1420}</td></tr>`,
  ),
  '</tbody></table>',
  '<h2>Tanggapan dan masukan</h2>',
  '<blockquote><p>Kami mengajak seluruh warga untuk memeriksa namanya di daftar pemilih melalui laman cek DPT online maupun di kantor kelurahan.</p></blockquote>',
  '<ul><li>Pemilih yang belum terdaftar dapat melapor ke PPS setempat.</li><li>Pemilih pindahan wajib mengurus formulir pindah memilih.</li><li>Informasi lebih lanjut tersedia di kantor KPU Kota Palu.</li></ul>',
].join('');

async function main() {
  const { createService } = await import('@tatalaman/service-host');
  const { connectNats, natsMicroserviceOptions, CommandClient, closeNats } =
    await import('@tatalaman/messaging');
  const { serveCommand, stackEnv, createIsolatedDatabase } = await import('@tatalaman/testing');
  const { commandErrorReply, natsPrefix, streamNamesForPrefix } = await import('@tatalaman/contracts');
  const { PublishingModule, mountPublicSite } =
    await import('../../services/publishing/src/publishing.module');
  const { PublicMediaStore } = await import('../../services/publishing/src/content/public-media');
  const { StorageType } = await import('@nats-io/jetstream');

  const env = stackEnv();
  const db = await createIsolatedDatabase('benchportal');
  process.env.DATABASE_URL = db.url;
  const nc = await connectNats({ url: env.natsUrl, name: 'portal-bench' });
  const office = 'kpu-kota-palu';
  const itemId = randomUUID();
  const imageId = randomUUID();
  const revisionId = randomUUID();
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
    'base64',
  );
  const bucket = `${natsPrefix()}-media`;
  const contentStore = await new Objm(nc).create(bucket, { storage: StorageType.File });
  await contentStore.put(
    { name: `${office}/${imageId}` },
    new ReadableStream({
      start(c) {
        c.enqueue(png);
        c.close();
      },
    }),
  );
  const author = { kind: 'user' as const, id: 'penulis', name: 'Rina' };
  const now = new Date().toISOString();
  const attachment = {
    attachmentId: imageId,
    itemId,
    status: 'ready' as const,
    fileName: 'pleno-dpt.png',
    mediaType: 'image/png',
    kind: 'image' as const,
    size: png.length,
    sha256: (await import('node:crypto')).createHash('sha256').update(png).digest('hex'),
    alt: 'Suasana rapat pleno rekapitulasi DPT',
    caption: 'Rapat pleno terbuka',
    uploadedBy: author,
    createdAt: now,
    reference: `attachment:${imageId}`,
  };
  const revision = {
    revisionId,
    itemId,
    number: 1,
    title: 'Rapat Pleno Terbuka Rekapitulasi Daftar Pemilih Tetap Pilkada 2026',
    author,
    createdAt: now,
    note: null,
    basedOn: null,
    summary: 'KPU Kota Palu menetapkan daftar pemilih tetap Pilkada 2026 dalam rapat pleno terbuka.',
    body: `${ARTICLE_BODY}<figure><img src="attachment:${imageId}"><figcaption>Rapat pleno</figcaption></figure>`,
    tags: ['dpt', 'pilkada-2026'],
    fields: { eventDate: '2026-02-10', location: 'Aula KPU Kota Palu', reporter: 'Humas KPU Kota Palu' },
  };
  const served = [
    serveCommand(nc, 'gateway.office.get', (req) => {
      if (req.office !== office) throw commandErrorReply(404, 'office-not-found', { id: 'x', en: 'x' });
      return {
        code: office,
        name: 'KPU Kota Palu',
        timeZone: 'Asia/Makassar',
        kind: 'kpu-kota',
        calendar: { timeZone: 'Asia/Makassar', workingHours: {} as never, holidays: [] },
      };
    }),
    serveCommand(nc, 'content.item.get', () => ({
      office,
      itemId,
      type: 'berita',
      language: 'id' as const,
      title: revision.title,
      status: 'in-review' as const,
      tags: revision.tags,
      author,
      createdAt: now,
      updatedAt: now,
      currentRevision: { revisionId, number: 1 },
      workflowId: 'bench-run',
      summary: revision.summary,
      body: revision.body,
      fields: revision.fields,
      review: null,
      lastOutcome: null,
      published: null,
      attachments: [attachment],
    })),
    serveCommand(nc, 'content.revision.get', () => revision),
    // Berita declares no fields of its own: its built-in ones (eventDate, location…) are public.
    serveCommand(nc, 'sop-registry.content-type.list', () => ({
      contentTypes: [{ code: 'berita', name: { id: 'Berita', en: 'News' }, custom: false, fields: [] }],
    })),
    serveCommand(nc, 'content.attachment.download', () => ({
      attachment,
      store: { bucket, name: `${office}/${imageId}` },
    })),
  ];

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const app = await createService({
    name: 'publishing',
    module: PublishingModule.forRoot({ publicBaseUrl: base }),
    configure: (a) => {
      a.connectMicroservice(natsMicroserviceOptions('publishing', { gracePeriod: 100 }), {
        inheritAppConfig: true,
      });
      mountPublicSite(a, { fastLane: FAST_LANE });
    },
  });
  await app.startAllMicroservices();
  await app.listen(port, '127.0.0.1');

  const dir = mkdtempSync(join(tmpdir(), 'tl-portal-bench-'));
  // nginx's worker runs as its own user (www-data when started by root): it must read the file.
  chmodSync(dir, 0o755);
  let nginx: ChildProcess | undefined;
  try {
    const client = new CommandClient(nc, { timeoutMs: 30_000 });
    const { receipts } = await client.send('publishing.step.publish', {
      office,
      idempotencyKey: `bench-${tag}`,
      itemId,
      channels: ['website'],
      run: { workflowId: 'bench-run', stepId: 'unggah', definitionKey: `${office}.penataan-website` },
    });
    const path = new URL(receipts[0]!.url).pathname;
    const html = await (await fetch(base + path)).text();
    if (!html.includes('<h1 id="judul">')) throw new Error('the article page did not render');
    mkdirSync(join(dir, 'www'));
    writeFileSync(join(dir, 'www', 'article.html'), html);
    const nginxPort = await freePort();
    nginx = await startNginx(dir, nginxPort);
    const same = await (await fetch(`http://127.0.0.1:${nginxPort}/article.html`)).text();
    if (same !== html) throw new Error('nginx does not serve the same bytes');

    console.log(
      `Article ${path}: ${Buffer.byteLength(html)} bytes of HTML. ${CONNECTIONS} keep-alive connections, ` +
        `${WARMUP_SECONDS} s warm-up + ${SECONDS} s measured per server and round, ${ROUNDS} alternating rounds, ` +
        `fast lane ${FAST_LANE ? 'on' : 'off (--node-http)'}. ` +
        `${cpus().length} CPU(s) (${cpus()[0]?.model ?? '?'}), load average ${loadavg()[0]!.toFixed(2)}, Node ${process.version}, ` +
        `${nginxVersion()}`,
    );
    const ours: Result[] = [];
    const theirs: Result[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const a = await load(port, path);
      const b = await load(nginxPort, '/article.html');
      for (const [name, r] of [
        ['tata-laman', a],
        ['nginx     ', b],
      ] as const)
        console.log(
          `round ${round} ${name} ${r.rps.toFixed(0).padStart(7)} req/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  ` +
            `${r.mbps.toFixed(0)} MB/s  errors ${r.errors}  non-200 ${r.non200}`,
        );
      if (a.errors || a.non200 || b.errors || b.non200) throw new Error('errors during the run');
      ours.push(a);
      theirs.push(b);
    }
    const median = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      const mid = Math.floor(sorted.length / 2);
      return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    };
    const m = (rs: Result[], k: keyof Result) => median(rs.map((r) => r[k]));
    const ratio = median(ours.map((r, i) => r.rps / theirs[i]!.rps));
    const p99 = m(ours, 'p99');
    console.log(
      `medians of ${ROUNDS} rounds: tata-laman ${m(ours, 'rps').toFixed(0)} req/s p50 ${m(ours, 'p50').toFixed(2)} ms ` +
        `p99 ${p99.toFixed(2)} ms | nginx ${m(theirs, 'rps').toFixed(0)} req/s p50 ${m(theirs, 'p50').toFixed(2)} ms ` +
        `p99 ${m(theirs, 'p99').toFixed(2)} ms | load average now ${loadavg()[0]!.toFixed(2)}`,
    );
    console.log(`portal ratio=${ratio.toFixed(2)} p99_ms=${p99.toFixed(2)}`);
  } finally {
    nginx?.kill('SIGQUIT');
    await app.close();
    for (const s of served) s.stop();
    await app
      .get(PublicMediaStore)
      .destroy()
      .catch(() => undefined);
    await contentStore.destroy().catch(() => undefined);
    const jsm = await jetstreamManager(nc);
    for (const name of streamNamesForPrefix(natsPrefix())) await jsm.streams.delete(name).catch(() => false);
    await closeNats(nc);
    await db.drop();
    const log = join(dir, 'error.log');
    if (existsSync(log) && readFileSync(log, 'utf8').trim()) process.stderr.write(readFileSync(log, 'utf8'));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
