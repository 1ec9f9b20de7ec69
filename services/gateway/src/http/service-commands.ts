import { Injectable } from '@nestjs/common';
import type {
  Actor,
  CommandName,
  CommandRequest,
  CommandResponse,
  EffectiveRole,
} from '@tatalaman/contracts';
import { CommandClient } from '@tatalaman/messaging';
import { actorOf, currentEdge, type EdgeContext } from './context';
import { Problem } from './problems';

/** Request fields the edge fills in from the request in hand (all contracts agree on their shape). */
type Filled = 'office' | 'actor' | 'idempotencyKey' | 'officeAdmin';

/**
 * `roles` is filled as `{ role, onBehalfOf? }[]` (EffectiveRole) when the contract takes
 * that shape; a contract that wants something else (e.g. plain role codes) must be given
 * `roles` by the caller, and the type says so.
 */
type RolesField<R> = 'roles' extends keyof R
  ? EffectiveRole[] extends R['roles']
    ? { roles?: R['roles'] }
    : { roles: Exclude<R['roles'], undefined> }
  : unknown;

/** A command request without the fields the edge fills in (the caller may still set them). */
export type EdgeRequest<K extends CommandName> = Omit<CommandRequest<K>, Filled | 'roles'> &
  Partial<Pick<CommandRequest<K>, Filled & keyof CommandRequest<K>>> &
  RolesField<CommandRequest<K>>;

export interface EdgeSendOptions {
  timeoutMs?: number;
  /**
   * When one HTTP request sends several mutating commands to the same service, give each
   * its own suffix: the key sent is `<Idempotency-Key>:<suffix>`.
   */
  idempotencySuffix?: string;
}

/**
 * `CommandClient` for controllers: sends a command with what the edge knows about the
 * request filled in (unless the caller set it):
 *
 * - `office`: the route's office;
 * - `actor`: the person or API key (`{ kind, id, name }`);
 * - `roles`: the SOP roles the person holds now, `{ role, onBehalfOf? }[]` (none for keys),
 *   unless the caller sets it (contracts that take plain codes: `roles: commands.roleCodes()`);
 * - `officeAdmin`: whether the principal administers the office;
 * - `idempotencyKey`: the request's Idempotency-Key (mutating requests), also sent as the
 *   `Idempotency-Key` header;
 * - the request id as `Correlation-Id`, so the events the command causes carry it.
 *
 * A service's error reply comes back as `RemoteError`; the edge turns it into the same
 * problem+json (status, code, bilingual message), so controllers normally let it through.
 */
@Injectable()
export class ServiceCommands {
  constructor(private readonly client: CommandClient) {}

  async send<K extends CommandName>(
    name: K,
    request: EdgeRequest<K>,
    options: EdgeSendOptions = {},
  ): Promise<CommandResponse<K>> {
    const edge = this.edge();
    const key =
      edge.idempotencyKey && options.idempotencySuffix
        ? `${edge.idempotencyKey}:${options.idempotencySuffix}`
        : edge.idempotencyKey;
    const filled: Record<string, unknown> = { ...request };
    if (filled.office === undefined && edge.access) filled.office = edge.access.office;
    if (filled.actor === undefined && edge.principal) filled.actor = actorOf(edge.principal);
    if (filled.roles === undefined && edge.access) filled.roles = this.roles(edge);
    if (filled.officeAdmin === undefined && edge.access) filled.officeAdmin = edge.access.officeAdmin;
    if (filled.idempotencyKey === undefined && key) filled.idempotencyKey = key;
    return this.client.send(name, filled as CommandRequest<K>, {
      timeoutMs: options.timeoutMs,
      idempotencyKey: key,
      correlationId: edge.requestId || undefined,
    });
  }

  /**
   * Who decides an SOP step as `role`: the person, and when they hold the role only as a
   * delegate, the absent role holder (`onBehalfOf`, as `worker.run.decide` takes it).
   * Their own binding wins over a delegation. 403 `role-not-held` otherwise.
   */
  actingAs(role: string): { actor: Actor; role: string; onBehalfOf?: Actor } {
    const edge = this.edge();
    if (!edge.principal) throw new Error('actingAs() needs a signed-in principal.');
    const held = edge.access?.roles.filter((r) => r.role === role) ?? [];
    const own = held.find((r) => !r.onBehalfOf);
    const chosen = own ?? held[0];
    if (!chosen) {
      throw new Problem('role-not-held', {
        detail: {
          id: `Anda tidak memegang peran ${role} di kantor ini saat ini.`,
          en: `You do not hold the role ${role} in this office now.`,
        },
      });
    }
    return {
      actor: actorOf(edge.principal),
      role,
      ...(chosen.onBehalfOf ? { onBehalfOf: chosen.onBehalfOf } : {}),
    };
  }

  /** The codes of the SOP roles held now (own and delegated), for contracts that take plain codes. */
  roleCodes(): string[] {
    return [...new Set((this.edge().access?.roles ?? []).map((r) => r.role))];
  }

  private roles(edge: EdgeContext): EffectiveRole[] {
    return (edge.access?.roles ?? []).map((r) => ({
      role: r.role,
      ...(r.onBehalfOf ? { onBehalfOf: r.onBehalfOf } : {}),
    }));
  }

  private edge(): EdgeContext {
    const edge = currentEdge();
    if (!edge) {
      throw new Error(
        'ServiceCommands is for HTTP handlers; elsewhere use CommandClient from @tatalaman/messaging.',
      );
    }
    return edge;
  }
}
