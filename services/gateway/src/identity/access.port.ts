import type { OfficeAccess, Principal } from '../http/context';

/**
 * What the edge (src/http) needs of identity, and all it may know of it: who is behind a
 * request's credentials, and what they may do in an office. The identity providers bind
 * `ACCESS_PORT` to their implementation (identity.providers.ts); an ESLint rule keeps
 * src/http from importing anything else of src/identity.
 */
export interface AccessPort {
  /**
   * The principal of an `Authorization: Bearer …` header: an API key (`tlk_…`) or an
   * access token of an open session. Undefined when there is no valid credential.
   */
  authenticate(authorization: string | undefined): Promise<Principal | undefined>;

  /**
   * The principal's access to an office: its permissions and SOP roles there. Undefined
   * covers "no such office" and "not yours" alike, so the edge answers both with one 404.
   */
  resolve(principal: Principal, office: string): Promise<OfficeAccess | undefined>;
}

export const ACCESS_PORT = Symbol('gateway.identity.access-port');
