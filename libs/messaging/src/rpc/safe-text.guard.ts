import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { COMMON_ERRORS, findUnsafeText, UNSAFE_TEXT_MESSAGES } from '@tatalaman/contracts';
import { titledFailure } from './errors';

/**
 * Refuses a command whose payload holds text Postgres cannot store (a NUL, a lone
 * surrogate) or nesting deeper than MAX_JSON_DEPTH — the rule of libs/contracts
 * text-safety, which the gateway applies at the edge too. Here it guards every service
 * against callers other than the edge and fields the edge did not see.
 */
@Injectable()
export class SafeTextGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    if (ctx.getType() !== 'rpc') return true;
    const found = findUnsafeText(ctx.switchToRpc().getData());
    if (!found) return true;
    throw titledFailure(COMMON_ERRORS['invalid-request'], [
      { path: found.path, message: UNSAFE_TEXT_MESSAGES[found.reason] },
    ]);
  }
}
