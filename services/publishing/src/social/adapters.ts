import { type SocialAdapter } from '@tatalaman/contracts';
import { outcomeText, type OutboundHttp, type OutboundResult } from '../outbound/outbound-http';
import { signatureHeader, SIGNATURE_HEADER } from '../webhooks/signature';

export interface SocialChannelRow {
  id: string;
  office: string;
  adapter: SocialAdapter;
  name: string;
  endpoint: string;
  page_id: string | null;
  token: string | null;
  enabled: boolean;
  created_by: unknown;
  created_at: Date;
  updated_at: Date;
}

/** What a post says. */
export interface SocialPost {
  office: string;
  siteName: string;
  itemId: string;
  revision: number;
  type: string;
  title: string;
  summary: string | null;
  /** The page on the office website, when the website is among the channels. */
  url: string | null;
  imageUrl: string | null;
  publishedAt: string;
}

/**
 * `posted`: the platform returned the post's link. `failed`: it did not, and `transient`
 * says whether trying again later may help (network, 5xx, 429) or a person must fix
 * something first (token, page, a refusal). There is no third outcome: a reply without a
 * link is a failure, never a success.
 */
export type SocialResult =
  { status: 'posted'; link: string } | { status: 'failed'; transient: boolean; error: string };

export interface SocialAdapterPort {
  post(channel: SocialChannelRow, post: SocialPost, timeoutMs: number): Promise<SocialResult>;
}

const isHttpUrl = (v: unknown): v is string => typeof v === 'string' && /^https?:\/\/\S+$/i.test(v);

function parseJson<T extends object>(text: string): Partial<T> {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' ? (v as Partial<T>) : {};
  } catch {
    return {};
  }
}

const transientStatus = (s: number) => s >= 500 || s === 408 || s === 429;

/**
 * A call that did not come back with a 2xx, as a failure. Only the status (or "no answer",
 * or "not allowed") is kept: a reply body from whatever the endpoint points at is never
 * stored or shown (receipts, social posts, the run's failure message).
 */
function failed(who: string, result: OutboundResult, timeoutMs: number): SocialResult {
  return {
    status: 'failed',
    transient:
      result.outcome === 'unreachable' || (result.outcome === 'answered' && transientStatus(result.status)),
    error: `${who} ${outcomeText(result, timeoutMs)}`,
  };
}

/**
 * A bridge to social media (an agency's own relay, or a scheduler such as a social-media
 * management tool): one signed JSON POST per post. The bridge answers 2xx with the post's
 * link in `url`, `link`, `postUrl` or `permalink`.
 */
export class BridgeWebhookAdapter implements SocialAdapterPort {
  constructor(private readonly http: OutboundHttp) {}

  async post(channel: SocialChannelRow, post: SocialPost, timeoutMs: number): Promise<SocialResult> {
    const body = JSON.stringify({ event: 'publication', ...post });
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'TataLaman-Publishing/1',
    };
    if (channel.token) {
      headers.authorization = `Bearer ${channel.token}`;
      headers[SIGNATURE_HEADER] = signatureHeader(channel.token, body);
    }
    const res = await this.http.call(channel.endpoint, { method: 'POST', headers, body, timeoutMs });
    if (res.outcome !== 'answered' || res.status < 200 || res.status >= 300)
      return failed('bridge', res, timeoutMs);
    const reply = parseJson<Record<string, unknown>>(res.body);
    const link = [reply.url, reply.link, reply.postUrl, reply.permalink].find(isHttpUrl);
    if (!link)
      return {
        status: 'failed',
        transient: false,
        error: `bridge answered ${res.status} without the post's link (expected "url", "link", "postUrl" or "permalink")`,
      };
    return { status: 'posted', link };
  }
}

/** Graph API error codes that pass with time (rate limits, temporary errors). */
const GRAPH_TRANSIENT = [1, 2, 4, 17, 32, 341, 613];

/** Our own words for the Graph error codes a person can act on (never the reply's text). */
function graphHint(code: number | undefined): string {
  if (code === 190) return ' (access token invalid or expired)';
  if (code === 10 || code === 200 || (code !== undefined && code >= 200 && code < 300))
    return ' (permission missing)';
  if (code === 100 || code === 803) return ' (unknown page or object)';
  if (code !== undefined && GRAPH_TRANSIENT.includes(code)) return ' (rate limited or temporary error)';
  return '';
}

/**
 * A Facebook Page through the Graph API (or anything that speaks its shape):
 * `POST {endpoint}/{page-id}/feed` with `message`, `link` and the page access token, then
 * `GET {endpoint}/{post-id}?fields=permalink_url` for the post's link. The endpoint is
 * configurable (https://graph.facebook.com/v19.0 in production).
 */
export class FacebookPageAdapter implements SocialAdapterPort {
  constructor(private readonly http: OutboundHttp) {}

  async post(channel: SocialChannelRow, post: SocialPost, timeoutMs: number): Promise<SocialResult> {
    if (!channel.page_id || !channel.token)
      return { status: 'failed', transient: false, error: 'page id or page access token missing' };
    const base = channel.endpoint.replace(/\/+$/, '');
    const message = [post.title, post.summary].filter(Boolean).join('\n\n');
    const form = new URLSearchParams({ message, access_token: channel.token });
    if (post.url) form.set('link', post.url);
    const res = await this.http.call(`${base}/${encodeURIComponent(channel.page_id)}/feed`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      timeoutMs,
    });
    if (res.outcome !== 'answered') return failed('Graph API', res, timeoutMs);
    const reply = parseJson<{ id: unknown; error: { code?: unknown } }>(res.body);
    const code = typeof reply.error?.code === 'number' ? reply.error.code : undefined;
    if (res.status < 200 || res.status >= 300 || reply.error) {
      // The Graph error's own message is the endpoint's text: only the status and our words for its code.
      const transient = transientStatus(res.status) || GRAPH_TRANSIENT.includes(code ?? -1);
      return {
        status: 'failed',
        transient,
        error: `Graph API ${outcomeText(res, timeoutMs)}${graphHint(code)}`,
      };
    }
    if (typeof reply.id !== 'string' || !reply.id)
      return {
        status: 'failed',
        transient: false,
        error: `Graph API answered ${res.status} without a post id`,
      };
    const postId = reply.id;
    const perma = await this.http.call(
      `${base}/${encodeURIComponent(postId)}?fields=permalink_url&access_token=${encodeURIComponent(channel.token)}`,
      { method: 'GET', timeoutMs },
    );
    if (perma.outcome === 'answered' && perma.status >= 200 && perma.status < 300) {
      const info = parseJson<{ permalink_url: unknown }>(perma.body);
      if (isHttpUrl(info.permalink_url)) return { status: 'posted', link: info.permalink_url };
    }
    // The post exists; its canonical address follows from its id.
    return { status: 'posted', link: `https://www.facebook.com/${encodeURIComponent(postId)}` };
  }
}

/** The adapter of each kind, calling out through the target guard. */
export function socialAdapters(http: OutboundHttp): Record<SocialAdapter, SocialAdapterPort> {
  return {
    'bridge-webhook': new BridgeWebhookAdapter(http),
    'facebook-page': new FacebookPageAdapter(http),
  };
}
