import { createHash } from 'node:crypto';
import { type INestMicroservice, Logger, Module, NotFoundException } from '@nestjs/common';
import { type NatsContext } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import {
  type CommandRequest,
  type CommandResponse,
  commandSubjectFor,
  natsPrefix,
} from '@tatalaman/contracts';
import { ServiceLogger } from '@tatalaman/service-host';
import { stackEnv } from '@tatalaman/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  closeNats,
  CommandClient,
  CommandController,
  CommandFailure,
  commandMeta,
  connectNats,
  HandleCommand,
  natsMicroserviceOptions,
  RemoteError,
} from '../src';
import { quiet } from './helpers';

/** Item ids are UUIDs in the content contract (which the handler parses with): one per name. */
function item(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

// Decorated at import time: the subject uses this test file's NATS_PREFIX, which
// Jest's setup file put into the environment before this file was loaded.
@CommandController()
class ItemCommands {
  calls = 0;
  lastMeta?: ReturnType<typeof commandMeta>;

  @HandleCommand('content.item.get')
  async get(
    req: CommandRequest<'content.item.get'>,
    ctx: NatsContext,
  ): Promise<CommandResponse<'content.item.get'>> {
    this.calls++;
    this.lastMeta = commandMeta(ctx);
    if (req.itemId === item('missing')) {
      throw new CommandFailure(
        404,
        'not-found',
        { id: 'Konten tidak ditemukan', en: 'Content not found' },
        {
          itemId: req.itemId,
        },
      );
    }
    if (req.itemId === item('boom')) throw new Error('secret internals: password=hunter2');
    if (req.itemId === item('http')) throw new NotFoundException('gone');
    if (req.itemId === item('slow')) await new Promise((r) => setTimeout(r, 1500));
    if (req.itemId === item('logs')) new Logger('ItemCommands').warn('looked the item up');
    const author = { kind: 'user' as const, id: 'u-1' };
    return {
      office: req.office,
      itemId: req.itemId,
      type: 'berita',
      title: 'Rapat Pleno',
      language: 'id',
      status: 'draft',
      tags: [],
      author,
      createdAt: '2026-11-22T03:00:00.000Z',
      updatedAt: '2026-11-22T03:00:00.000Z',
      currentRevision: { revisionId: 'r1', number: 1 },
      workflowId: null,
      summary: null,
      body: '',
      fields: {},
      review: null,
      lastOutcome: null,
      published: null,
      attachments: [],
    };
  }
}

@Module({ controllers: [ItemCommands] })
class ContentCommandsModule {}

describe('request/reply', () => {
  let replicas: INestMicroservice[];
  let nc: NatsConnection;
  let client: CommandClient;

  beforeAll(async () => {
    replicas = [];
    for (let i = 0; i < 2; i++) {
      const moduleRef = await Test.createTestingModule({ imports: [ContentCommandsModule] }).compile();
      const app = moduleRef.createNestMicroservice({
        ...natsMicroserviceOptions('content', { gracePeriod: 100 }),
        logger: false,
      });
      await app.listen();
      replicas.push(app);
    }
    nc = await connectNats({ url: stackEnv().natsUrl, name: 'test-rpc', logger: quiet });
    client = new CommandClient(nc);
  });
  afterAll(async () => {
    await closeNats(nc);
    for (const app of replicas ?? []) await app.close();
  });

  const calls = () => replicas.map((r) => r.get(ItemCommands).calls);

  it('answers with the typed response', async () => {
    const answer = await client.send('content.item.get', { office: 'kpu-jabar', itemId: item('i-1') });
    expect(answer).toMatchObject({ office: 'kpu-jabar', itemId: item('i-1'), status: 'draft' });
  });

  it('serves on the prefixed subject only', async () => {
    expect(commandSubjectFor('content.item.get')).toBe(`${natsPrefix()}.cmd.content.item.get`);
    await expect(nc.request('tl.cmd.content.item.get', '{}', { timeout: 500 })).rejects.toThrow(
      /503|no responders/i,
    );
  });

  it('shares requests between replicas, each request handled once', async () => {
    const before = calls();
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        client.send('content.item.get', { office: 'kpu-dki', itemId: item(`i-${i}`) }),
      ),
    );
    const after = calls();
    const delta = after.map((n, i) => n - before[i]!);
    expect(delta[0]! + delta[1]!).toBe(40);
    expect(delta.every((d) => d > 0)).toBe(true);
  });

  it('passes the idempotency key and correlation id to the handler', async () => {
    await client.send(
      'content.item.get',
      { office: 'kpu-jabar', itemId: item('i-2') },
      { idempotencyKey: 'k-123', correlationId: 'c-9' },
    );
    const metas = replicas.map((r) => r.get(ItemCommands).lastMeta);
    expect(metas).toContainEqual({ idempotencyKey: 'k-123', correlationId: 'c-9' });
  });

  it('turns an error reply into a typed RemoteError', async () => {
    const error = await client
      .send('content.item.get', { office: 'kpu-jabar', itemId: item('missing') })
      .catch((e) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect(error).toMatchObject({
      command: 'content.item.get',
      status: 404,
      code: 'not-found',
      messages: { id: 'Konten tidak ditemukan', en: 'Content not found' },
      detail: { itemId: item('missing') },
    });
    expect(error.toReply()).toEqual({
      error: {
        status: 404,
        code: 'not-found',
        message: { id: 'Konten tidak ditemukan', en: 'Content not found' },
        detail: { itemId: item('missing') },
      },
    });
  });

  it('maps unexpected errors to 500 without leaking them, and HTTP exceptions to their status', async () => {
    const boom = await client
      .send('content.item.get', { office: 'kpu-jabar', itemId: item('boom') })
      .catch((e) => e);
    expect(boom).toMatchObject({ status: 500, code: 'internal' });
    expect(JSON.stringify(boom.toReply())).not.toContain('hunter2');
    const http = await client
      .send('content.item.get', { office: 'kpu-jabar', itemId: item('http') })
      .catch((e) => e);
    expect(http).toMatchObject({ status: 404, code: 'not-found' });
  });

  it('reports a timeout as 504 and a command nobody serves as 503', async () => {
    const slow = await client
      .send('content.item.get', { office: 'kpu-jabar', itemId: item('slow') }, { timeoutMs: 300 })
      .catch((e) => e);
    expect(slow).toMatchObject({ status: 504, code: 'timeout' });
    const started = Date.now();
    const none = await client
      .send('approvals.inbox.list', { office: 'kpu-jabar', actor: { kind: 'user', id: 'u' }, roles: [] })
      .catch((e) => e);
    expect(none).toMatchObject({ status: 503, code: 'unavailable' });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('hostile payloads and request ids', () => {
  let app: INestMicroservice;
  let nc: NatsConnection;
  let client: CommandClient;
  const lines: string[] = [];
  let write: jest.SpyInstance;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ContentCommandsModule] }).compile();
    app = moduleRef.createNestMicroservice({
      ...natsMicroserviceOptions('content', { gracePeriod: 100 }),
      logger: new ServiceLogger('content', 'info', 'json'),
    });
    await app.listen();
    nc = await connectNats({ url: stackEnv().natsUrl, name: 'test-rpc-hostile', logger: quiet });
    client = new CommandClient(nc);
    write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
  });
  afterAll(async () => {
    write?.mockRestore();
    await closeNats(nc);
    await app?.close();
  });

  it('refuses NUL, lone surrogates and deep nesting in any field before the handler runs', async () => {
    const before = app.get(ItemCommands).calls;
    const nul = await client
      .send('content.item.get', { office: 'kpu-jabar', itemId: 'a\u0000' })
      .catch((e) => e);
    expect(nul).toMatchObject({ status: 400, code: 'invalid-request' });
    expect(nul.detail).toEqual([
      {
        path: ['itemId'],
        message: {
          id: 'Teks tidak boleh memuat karakter NUL (\\u0000).',
          en: 'Text must not contain a NUL character (\\u0000).',
        },
      },
    ]);
    const surrogate = await client
      .send('content.item.get', { office: 'kpu-jabar', itemId: 'x\udc00' })
      .catch((e) => e);
    expect(surrogate).toMatchObject({ status: 400, detail: [{ path: ['itemId'] }] });
    let deep: unknown = [];
    for (let i = 0; i < 1000; i++) deep = [deep];
    const nested = await client
      .send('content.item.get', { office: 'kpu-jabar', itemId: item('i-1'), extra: deep } as never)
      .catch((e) => e);
    expect(nested).toMatchObject({ status: 400, code: 'invalid-request' });
    expect(app.get(ItemCommands).calls).toBe(before);
  });

  it("logs a handler's lines and its failure with the caller's request id", async () => {
    await client.send(
      'content.item.get',
      { office: 'kpu-jabar', itemId: item('logs') },
      { correlationId: 'req-logs-0001' },
    );
    await client
      .send(
        'content.item.get',
        { office: 'kpu-jabar', itemId: item('boom') },
        { correlationId: 'req-boom-0002' },
      )
      .catch(() => undefined);
    const logged = lines
      .flatMap((l) => l.split('\n'))
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        msg: 'looked the item up',
        requestId: 'req-logs-0001',
        office: 'kpu-jabar',
      }),
    );
    expect(logged).toContainEqual(
      expect.objectContaining({ level: 'error', requestId: 'req-boom-0002', office: 'kpu-jabar' }),
    );
  });
});
