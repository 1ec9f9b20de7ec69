import { Post } from '@nestjs/common';
import { type CommandName, commandSubjectFor } from '@tatalaman/contracts';
import { CommandClient } from '@tatalaman/messaging';
import type { Msg, Subscription } from '@nats-io/transport-node';
import { z } from 'zod';
import { table } from '../src/db';
import type { OfficeAccess } from '../src/http/context';
import { Endpoint, OfficeController } from '../src/http/endpoint';
import { Access } from '../src/http/params';
import { Problem } from '../src/http/problems';
import { apiSchema } from '../src/http/schemas';
import { ServiceCommands } from '../src/http/service-commands';
import { UnitOfWork } from '../src/http/unit-of-work';
import { call, expectStatus, startGateway, type TestGateway } from './support/harness';
import { buildWorld, type World } from './support/world';

const Forwarded = apiSchema('ProbeForwarded', z.looseObject({}));

/** What another engineer's controller looks like: it only names the command and its own fields. */
@OfficeController('probe', { name: 'Probe', description: 'Test only.' })
class ProbeController {
  constructor(
    private readonly commands: ServiceCommands,
    private readonly uow: UnitOfWork,
  ) {}

  @Post('submit')
  @Endpoint({ operationId: 'probeSubmit', summary: 'Submit', requires: 'content:write', response: Forwarded })
  submit() {
    // The caller names only the command's own fields; the envelope is filled in.
    return this.commands.send('content.item.submit', { itemId: 'item-1', revision: 2 });
  }

  @Post('decide')
  @Endpoint({
    operationId: 'probeDecide',
    summary: 'Decide',
    requires: 'decisions:write',
    response: Forwarded,
  })
  decide() {
    return this.commands.send('worker.run.decide', {
      workflowId: 'run-1',
      stepId: 'step-3',
      decision: 'approve',
      ...this.commands.actingAs('kabag'),
    });
  }

  @Post('fail-after-write')
  @Endpoint({
    operationId: 'probeFailAfterWrite',
    summary: 'Write, then fail',
    requires: 'office:admin',
    response: Forwarded,
  })
  async failAfterWrite(@Access() access: OfficeAccess) {
    await this.uow.run((m) =>
      m.query(
        `INSERT INTO ${table('role_bindings')} (id, office, user_id, role, valid_from, created_by)
         VALUES (gen_random_uuid(), $1, $2, 'setengah-jalan', '2026-01-01', '{}')`,
        [access.office, access.principal.id],
      ),
    );
    await this.uow.run(async (m) => m.query('SELECT 1'));
    throw new Problem('conflict', { detail: { id: 'Gagal setelah menulis.', en: 'Failed after writing.' } });
  }
}

/** Compile-time checks of EdgeRequest (typecheck runs over tests; this is never called). */
export function edgeRequestTypes(commands: ServiceCommands): void {
  // content takes the filled-in { role, onBehalfOf } (the caller envelope), never plain codes.
  void commands.send('content.item.submit', { itemId: 'x' });
  // @ts-expect-error plain role codes are not the caller envelope's roles
  void commands.send('content.item.submit', { itemId: 'x', roles: commands.roleCodes() });
}

interface Served {
  data: Record<string, unknown>;
  idempotencyKey?: string;
  correlationId?: string;
}

/** Answers one command subject in the wire format of Nest's NATS transport, recording what came. */
function serve(
  gw: TestGateway,
  name: CommandName,
  answer: (data: Record<string, unknown>) => unknown,
): { calls: Served[]; sub: Subscription } {
  const calls: Served[] = [];
  const sub = gw.nc.subscribe(commandSubjectFor(name), {
    callback: (_err, msg: Msg) => {
      const packet = JSON.parse(new TextDecoder().decode(msg.data)) as {
        id: string;
        data: Record<string, unknown>;
      };
      calls.push({
        data: packet.data,
        idempotencyKey: msg.headers?.get('Idempotency-Key') || undefined,
        correlationId: msg.headers?.get('Correlation-Id') || undefined,
      });
      let reply: unknown;
      try {
        reply = { id: packet.id, response: answer(packet.data), isDisposed: true };
      } catch (err) {
        reply = { id: packet.id, err, isDisposed: true };
      }
      msg.respond(new TextEncoder().encode(JSON.stringify(reply)));
    },
  });
  return { calls, sub };
}

describe('commands: ServiceCommands fills in the request, the gateway answers identity queries', () => {
  let gw: TestGateway;
  let w: World;

  beforeAll(async () => {
    gw = await startGateway('commands', {}, { controllers: [ProbeController] });
    w = await buildWorld(gw);
  });
  afterAll(() => gw?.close());

  it('sends office, actor, roles, Idempotency-Key and the request id, and a retry reaches the service once', async () => {
    const served = serve(gw, 'content.item.submit', (d) => ({
      itemId: d.itemId,
      revision: d.revision,
      status: 'in-review',
    }));
    try {
      const path = `/api/v1/offices/${w.a.office}/probe/submit`;
      const res = await call(gw, 'POST', path, {
        token: w.a.staff.token,
        key: 'kunci-kirim-1',
        headers: { 'x-request-id': 'req-submit-000001' },
      });
      expectStatus(res, 201);
      expect(res.body).toEqual({ itemId: 'item-1', revision: 2, status: 'in-review' });
      expect(served.calls).toHaveLength(1);
      expect(served.calls[0]).toEqual({
        data: {
          itemId: 'item-1',
          revision: 2,
          office: w.a.office,
          actor: { kind: 'user', id: w.a.staff.id, name: `staf ${w.a.office}` },
          roles: [{ role: 'kabag' }],
          officeAdmin: false,
          idempotencyKey: 'kunci-kirim-1',
        },
        idempotencyKey: 'kunci-kirim-1',
        correlationId: 'req-submit-000001',
      });
      const again = await call(gw, 'POST', path, { token: w.a.staff.token, key: 'kunci-kirim-1' });
      expect(again.body).toEqual(res.body);
      expect(served.calls).toHaveLength(1);
    } finally {
      served.sub.unsubscribe();
    }
  });

  it('decides as a delegate with onBehalfOf, and refuses a role not held', async () => {
    const served = serve(gw, 'worker.run.decide', (d) => ({ echoed: d }));
    try {
      const path = `/api/v1/offices/${w.a.office}/probe/decide`;
      expectStatus(await call(gw, 'POST', path, { token: w.a.other.token }), 403);
      expect(served.calls).toHaveLength(0);
      const today = new Date().toISOString().slice(0, 10);
      expectStatus(
        await call(gw, 'POST', `/api/v1/offices/${w.a.office}/delegations`, {
          token: w.a.admin.token,
          body: {
            fromUserId: w.a.staff.id,
            toUserId: w.a.other.id,
            validFrom: '2020-01-01',
            validTo: '2099-12-31',
            reason: `Cuti sejak ${today}`,
          },
        }),
        201,
      );
      expectStatus(await call(gw, 'POST', path, { token: w.a.other.token }), 201);
      expect(served.calls[0]!.data).toMatchObject({
        office: w.a.office,
        actor: { kind: 'user', id: w.a.other.id },
        role: 'kabag',
        onBehalfOf: { kind: 'user', id: w.a.staff.id, name: `staf ${w.a.office}` },
        roles: [
          { role: 'kabag', onBehalfOf: { kind: 'user', id: w.a.staff.id, name: `staf ${w.a.office}` } },
        ],
      });
      // The role holder themselves decides without onBehalfOf.
      expectStatus(await call(gw, 'POST', path, { token: w.a.staff.token }), 201);
      expect(served.calls[1]!.data).not.toHaveProperty('onBehalfOf');
    } finally {
      served.sub.unsubscribe();
    }
  });

  it("turns a service's refusal and an absent service into problems", async () => {
    const served = serve(gw, 'content.item.submit', () => {
      throw {
        error: {
          status: 422,
          code: 'revision-not-draft',
          message: { id: 'Revisi bukan draf.', en: 'The revision is not a draft.' },
        },
      };
    });
    try {
      const res = await call(gw, 'POST', `/api/v1/offices/${w.a.office}/probe/submit`, {
        token: w.a.staff.token,
        lang: 'en',
      });
      expectStatus(res, 422);
      expect(res.body).toMatchObject({ code: 'revision-not-draft', detail: 'The revision is not a draft.' });
    } finally {
      served.sub.unsubscribe();
    }
    const absent = await call(gw, 'POST', `/api/v1/offices/${w.a.office}/probe/submit`, {
      token: w.a.staff.token,
    });
    expectStatus(absent, 503);
    expect(absent.body).toMatchObject({
      code: 'unavailable',
      detail: 'Layanan tujuan sedang tidak tersedia.',
    });
  });

  it("rolls back the request's writes when it fails, and the key can be used again", async () => {
    const path = `/api/v1/offices/${w.a.office}/probe/fail-after-write`;
    for (let i = 0; i < 2; i++) {
      const res = await call(gw, 'POST', path, { token: w.a.admin.token, key: 'kunci-gagal' });
      expectStatus(res, 409);
      expect(res.headers.get('idempotent-replayed')).toBeNull();
    }
    const rows = await gw.dataSource.query(
      `SELECT 1 FROM ${table('role_bindings')} WHERE role = 'setengah-jalan'`,
    );
    expect(rows).toEqual([]);
    const outbox = await gw.dataSource.query(
      `SELECT 1 FROM ${table('outbox')} WHERE payload::text LIKE '%setengah-jalan%'`,
    );
    expect(outbox).toEqual([]);
  });

  it('lists role holders over NATS, delegates with onBehalfOf', async () => {
    const client = new CommandClient(gw.nc);
    const { holders } = await client.send('gateway.role-holders.list', {
      office: w.a.office,
      roles: ['kabag', 'tidak-ada'],
    });
    expect(holders).toEqual([
      { userId: w.a.staff.id, name: `staf ${w.a.office}`, email: w.a.staff.email, role: 'kabag' },
      {
        userId: w.a.other.id,
        name: `lain ${w.a.office}`,
        email: w.a.other.email,
        role: 'kabag',
        onBehalfOf: { userId: w.a.staff.id, name: `staf ${w.a.office}` },
      },
    ]);
    const inB = await client.send('gateway.role-holders.list', { office: w.b.office, roles: ['kabag'] });
    expect(inB.holders.map((h) => h.userId)).toEqual([w.b.staff.id]);
    // A deactivated person holds nothing.
    expectStatus(
      await call(gw, 'PATCH', `/api/v1/offices/${w.b.office}/users/${w.b.staff.id}`, {
        token: w.b.admin.token,
        body: { active: false },
      }),
      200,
    );
    expect(
      (await client.send('gateway.role-holders.list', { office: w.b.office, roles: ['kabag'] })).holders,
    ).toEqual([]);
    await expect(
      client.send('gateway.role-holders.list', { office: 'tidak-ada', roles: ['kabag'] }),
    ).rejects.toMatchObject({ status: 404 });
  });
});
