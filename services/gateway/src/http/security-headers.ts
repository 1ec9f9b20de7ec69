import type { NextFunction, Request, Response } from 'express';

/**
 * The policy of the pages the gateway serves (the staff console at `/`, Swagger UI at
 * `/api/docs`): scripts only from the gateway itself, never inline, never eval'd;
 * requests only to the gateway; no plugin, no `<base>`, and no framing by anyone.
 *
 * Styles may be inline: Swagger UI's page carries `<style>` blocks and `style=""`
 * attributes, and the console's sandboxed previews (`<iframe srcdoc>`, which inherit this
 * policy) style the page they show inline. Images may be `data:` and `blob:` URLs: the
 * previews inline attachments that way, and Swagger UI draws its icons so.
 *
 * Static headers written here rather than with helmet: five constant lines, and the
 * public site (services/publishing) writes its own the same way.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * On every answer: never sniffed, never framed, no referrer to other sites. API answers
 * (`/api/v…`) may carry tokens and personal data: never cached either; the pages get the
 * policy above. (Downloads set their own sandboxing policy over it.)
 */
export function securityHeaders(req: Request, res: Response, next: NextFunction) {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'same-origin');
  if (req.path.startsWith('/api/v')) {
    res.setHeader('Cache-Control', 'no-store');
  } else {
    res.setHeader('Content-Security-Policy', PAGE_CSP);
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  }
  next();
}
