import type { Actor, EffectiveRole } from '@tatalaman/contracts';
import { currentContext, type RequestContext } from '@tatalaman/service-host';
import type { Request } from 'express';
import type { EntityManager, QueryRunner } from 'typeorm';
import { DEFAULT_LANGUAGE, type Language } from './language';
import type { Permission } from './permissions';

/** A signed-in person (access token of a session). */
export interface UserPrincipal {
  kind: 'user';
  id: string;
  name: string;
  email: string;
  platformAdmin: boolean;
  sessionId: string;
}

/** An agency system calling with an API key; bound to one office. */
export interface ApiKeyPrincipal {
  kind: 'api-key';
  id: string;
  name: string;
  office: string;
  scopes: readonly Permission[];
}

export type Principal = UserPrincipal | ApiKeyPrincipal;

/** A role held now, with where it comes from (for /me and for auditing decisions). */
export interface HeldRole extends EffectiveRole {
  source: 'binding' | 'delegation';
  /** The role binding, or the delegation it comes through. */
  sourceId: string;
  validFrom: string;
  validTo?: string;
}

/** What the principal may do in the office of an office-scoped route (resolved by the ApiGuard). */
export interface OfficeAccess {
  office: string;
  officeName: string;
  timeZone: string;
  principal: Principal;
  actor: Actor;
  /** A membership (platform admins may act in offices they are not members of). */
  member: boolean;
  /** Office admin by membership, or platform admin. */
  officeAdmin: boolean;
  permissions: ReadonlySet<Permission>;
  /** SOP roles held now: valid role bindings and active delegations (none for API keys). */
  roles: readonly HeldRole[];
}

/** The office a service call acts in, and who acts (an OfficeAccess is one; the seed makes its own). */
export type OfficeScope = Pick<OfficeAccess, 'office' | 'timeZone' | 'actor'>;

/** The request's own transaction, opened on first use and committed by the edge (see UnitOfWork). */
export interface RequestTransaction {
  runner: QueryRunner;
  manager: EntityManager;
}

/** Everything the edge knows about the request in hand. */
export interface EdgeContext {
  requestId: string;
  language: Language;
  principal?: Principal;
  access?: OfficeAccess;
  /** The Idempotency-Key of a mutating request. */
  idempotencyKey?: string;
  transaction?: RequestTransaction;
}

const EDGE = Symbol('tatalaman.edge');
// The service-host request context (AsyncLocalStorage) → this request's edge context, so
// code without the request object (ServiceCommands, UnitOfWork) finds it.
const byContext = new WeakMap<RequestContext, EdgeContext>();

type WithEdge = Request & { [EDGE]?: EdgeContext };

/** The edge context of a request, created on first use. */
export function edgeOf(req: Request): EdgeContext {
  const r = req as WithEdge;
  let edge = r[EDGE];
  if (!edge) {
    const ctx = currentContext();
    edge = {
      requestId: ctx?.requestId ?? String(req.headers['x-request-id'] ?? ''),
      language: DEFAULT_LANGUAGE,
    };
    r[EDGE] = edge;
    if (ctx) byContext.set(ctx, edge);
  }
  return edge;
}

/** The edge context of the request being handled, if the caller runs inside one. */
export function currentEdge(): EdgeContext | undefined {
  const ctx = currentContext();
  return ctx ? byContext.get(ctx) : undefined;
}

export function actorOf(principal: Principal): Actor {
  return { kind: principal.kind, id: principal.id, name: principal.name };
}

/** The principal key idempotency records and rate limits are kept under. */
export function principalKey(principal: Principal): string {
  return `${principal.kind}:${principal.id}`;
}
