import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { findUnsafeText, UNSAFE_TEXT_MESSAGES } from '@tatalaman/contracts';
import { CommandFailure } from './errors';

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
    throw new CommandFailure(
      400,
      'invalid-request',
      { id: 'Permintaan tidak valid.', en: 'The request is not valid.' },
      [{ path: found.path, message: UNSAFE_TEXT_MESSAGES[found.reason] }],
    );
  }
}
