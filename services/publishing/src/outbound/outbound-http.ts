import { type Agent, type IncomingMessage, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';
import { TargetPolicy } from './target-policy';

/**
 * What a call to an office's target came to. The reply body is given to the caller only
 * to read what the protocol needs (a bridge's post link, a Graph post id); nothing of it
 * may be stored or shown: the stored errors are `outcomeText(...)`, status only.
 *
 * - `answered`: an HTTP status came back (any status; redirects are not followed);
 * - `refused`: the target is not a public address (checked before connecting, for every
 *   address its name resolves to at that moment, so DNS rebinding gains nothing);
 * - `unreachable`: no answer, whatever the reason (refused connection, reset, unknown
 *   name, timeout). One outcome for all of them, so the errors cannot map open ports.
 */
export type OutboundResult =
  { outcome: 'answered'; status: number; body: string } | { outcome: 'refused' } | { outcome: 'unreachable' };

export interface OutboundRequest {
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Bytes of the reply body read at most (the rest is dropped); 0 reads none. */
  maxBodyBytes?: number;
}

/** The words stored and shown for an outcome that is not a 2xx. */
export function outcomeText(result: OutboundResult, timeoutMs: number): string {
  switch (result.outcome) {
    case 'answered':
      return `answered ${result.status}`;
    case 'refused':
      return 'not allowed: the address is not a public internet address';
    case 'unreachable':
      return `gave no answer (no connection, or none within ${Math.round(timeoutMs / 1000)} s)`;
  }
}

const REFUSED = /is not allowed/;

/**
 * HTTP calls to addresses an office gave (webhooks, social channels). Every connection goes
 * through `request-filtering-agent`, which checks the literal address, or every address
 * the name resolves to, and connects only to checked ones. Node's `http` client is used
 * because that agent is an `http.Agent` (global `fetch` takes none).
 */
export class OutboundHttp {
  readonly policy: TargetPolicy;
  private readonly http: Agent;
  private readonly https: Agent;

  /** `lookup`: tests give a resolver of their own; the agent checks what it answers all the same. */
  constructor(
    allowPrivateNetworks: readonly string[] = [],
    private readonly lookup?: LookupFunction,
  ) {
    this.policy = new TargetPolicy(allowPrivateNetworks, lookup);
    const options = { allowIPAddressList: [...allowPrivateNetworks] };
    this.http = new RequestFilteringHttpAgent(options);
    this.https = new RequestFilteringHttpsAgent(options);
  }

  async call(url: string, req: OutboundRequest): Promise<OutboundResult> {
    const host = TargetPolicy.host(url);
    if (host === null) return { outcome: 'refused' };
    // Literals and reserved names are refused here too (targets stored before this check).
    if (isIP(host) ? this.policy.refusedAddress(host) : TargetPolicy.refusedName(host))
      return { outcome: 'refused' };
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const maxBody = req.maxBodyBytes ?? 64 * 1024;
    return new Promise<OutboundResult>((resolve) => {
      let settled = false;
      const done = (r: OutboundResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(r);
      };
      const headers: Record<string, string | number> = { ...req.headers };
      if (req.body !== undefined) headers['content-length'] = Buffer.byteLength(req.body);
      const call = send(target, {
        method: req.method,
        headers,
        agent: target.protocol === 'https:' ? this.https : this.http,
        ...(this.lookup ? { lookup: this.lookup } : {}),
      });
      const timer = setTimeout(() => {
        call.destroy();
        done({ outcome: 'unreachable' });
      }, req.timeoutMs);
      call.on('error', (e: Error) => done({ outcome: REFUSED.test(e.message) ? 'refused' : 'unreachable' }));
      call.on('response', (res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        if (maxBody === 0) {
          res.destroy();
          done({ outcome: 'answered', status, body: '' });
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () => {
          done({ outcome: 'answered', status, body: Buffer.concat(chunks).toString('utf8') });
        };
        res.on('data', (chunk: Buffer) => {
          const room = maxBody - size;
          if (room > 0) chunks.push(chunk.subarray(0, room));
          size += chunk.length;
          if (size >= maxBody) {
            res.destroy();
            finish();
          }
        });
        res.on('end', finish);
        // A reply cut short still has its status.
        res.on('error', finish);
        res.on('aborted', finish);
      });
      call.end(req.body);
    });
  }
}
