import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { isOfficeSlug } from '@tatalaman/contracts';
import { currentContext } from '@tatalaman/service-host';
import type { Request } from 'express';
import { ACCESS_PORT, type AccessPort } from '../identity/access.port';
import { edgeOf, principalKey } from './context';
import { apiControllerOf, endpointOf } from './endpoint';
import { negotiateLanguage } from './language';
import { isPermission, PERMISSIONS } from './permissions';
import { notFound, Problem } from './problems';
import { EdgeThrottlerGuard } from './rate-limit';

const unauthenticated = () =>
  new Problem('unauthenticated', {
    detail: {
      id: 'Kirim token akses atau kunci API yang berlaku: Authorization: Bearer ….',
      en: 'Send a valid access token or API key: Authorization: Bearer ….',
    },
  });

const forbidden = (id: string, en: string) => new Problem('forbidden', { detail: { id, en } });

/**
 * The one guard of the API, in a fixed order:
 * 1. authenticate (Bearer access token or API key) unless the endpoint is public: 401;
 * 2. rate limits (per person, per API key, per IP when anonymous, login per IP): 429;
 * 3. office-scoped routes: the principal's access to `:office`; none (not a member, not a
 *    platform admin, another office's key, no such office) is a 404, so an office's
 *    existence and data never show to outsiders; a member without the endpoint's
 *    permission gets 403;
 * 4. platform routes: `user` refuses API keys, `platform-admin` everyone else: 403.
 * Routes outside `@ApiController`/`@OfficeController` (health, docs) are not its business.
 */
@Injectable()
export class ApiGuard implements CanActivate {
  constructor(
    @Inject(ACCESS_PORT) private readonly access: AccessPort,
    private readonly throttler: EdgeThrottlerGuard,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const controller = apiControllerOf(ctx.getClass());
    if (!controller) return true;
    const spec = endpointOf(ctx.getHandler());
    // Fail closed: an API route nobody described is a bug, not an open door.
    if (!spec) throw new Error(`${ctx.getClass().name}.${ctx.getHandler().name} has no @Endpoint().`);
    const req = ctx.switchToHttp().getRequest<Request>();
    const edge = edgeOf(req);
    edge.language = negotiateLanguage(req.headers['accept-language']);

    if (spec.requires !== 'public') {
      const principal = await this.access.authenticate(req.headers.authorization);
      if (!principal) {
        // Failed attempts count against the caller's IP like any anonymous request.
        await this.throttler.canActivate(ctx);
        throw unauthenticated();
      }
      edge.principal = principal;
      const log = currentContext();
      if (log) log.actor = principalKey(principal);
    }
    await this.throttler.canActivate(ctx);

    const principal = edge.principal;
    if (controller.scope === 'office') {
      const office = req.params.office;
      if (!principal || !isPermission(spec.requires)) {
        throw new Error(`${ctx.getHandler().name}: an office-scoped endpoint must require a permission.`);
      }
      if (!isOfficeSlug(office)) throw notFound();
      const access = await this.access.resolve(principal, office);
      if (!access) throw notFound();
      const log = currentContext();
      if (log) log.office = office;
      if (!access.permissions.has(spec.requires)) {
        const what = PERMISSIONS[spec.requires].description;
        throw forbidden(`Memerlukan izin: ${what.id}.`, `Requires permission: ${what.en}.`);
      }
      edge.access = access;
      return true;
    }

    if (spec.requires === 'user' && principal?.kind !== 'user') {
      throw forbidden('Hanya untuk pengguna yang masuk.', 'Only for signed-in people.');
    }
    if (spec.requires === 'platform-admin' && !(principal?.kind === 'user' && principal.platformAdmin)) {
      throw forbidden('Hanya untuk admin platform.', 'Only for platform admins.');
    }
    if (isPermission(spec.requires)) {
      throw new Error(`${ctx.getHandler().name}: permissions apply to office-scoped endpoints only.`);
    }
    return true;
  }
}
