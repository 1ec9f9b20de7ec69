import { type SocialAdapter } from '@tatalaman/contracts';
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

async function readText(res: Response): Promise<string> {
  try {
    return (await res.text()).slice(0, 2000);
  } catch {
    return '';
  }
}

function networkFailure(error: unknown, timeoutMs: number): SocialResult {
  const name = (error as { name?: string })?.name;
  const message =
    name === 'TimeoutError' || name === 'AbortError'
      ? `no answer within ${timeoutMs} ms`
      : error instanceof Error
        ? `${error.message}${(error as { cause?: { code?: string } }).cause?.code ? ` (${(error as { cause: { code: string } }).cause.code})` : ''}`
        : String(error);
  return { status: 'failed', transient: true, error: message };
}

const transientStatus = (s: number) => s >= 500 || s === 408 || s === 429;

/**
 * A bridge to social media (an agency's own relay, or a scheduler such as a social-media
 * management tool): one signed JSON POST per post. The bridge answers 2xx with the post's
 * link in `url`, `link`, `postUrl` or `permalink`.
 */
export class BridgeWebhookAdapter implements SocialAdapterPort {
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
    let res: Response;
    try {
      res = await fetch(channel.endpoint, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'manual',
      });
    } catch (error) {
      return networkFailure(error, timeoutMs);
    }
    const text = await readText(res);
    if (!res.ok) {
      return {
        status: 'failed',
        transient: transientStatus(res.status),
        error: `bridge answered ${res.status}${text ? `: ${text}` : ''}`,
      };
    }
    let reply: Record<string, unknown> = {};
    try {
      reply = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // handled below: no link
    }
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

/**
 * A Facebook Page through the Graph API (or anything that speaks its shape):
 * `POST {endpoint}/{page-id}/feed` with `message`, `link` and the page access token, then
 * `GET {endpoint}/{post-id}?fields=permalink_url` for the post's link. The endpoint is
 * configurable (https://graph.facebook.com/v19.0 in production).
 */
export class FacebookPageAdapter implements SocialAdapterPort {
  async post(channel: SocialChannelRow, post: SocialPost, timeoutMs: number): Promise<SocialResult> {
    if (!channel.page_id || !channel.token)
      return { status: 'failed', transient: false, error: 'page id or page access token missing' };
    const base = channel.endpoint.replace(/\/+$/, '');
    const message = [post.title, post.summary].filter(Boolean).join('\n\n');
    const form = new URLSearchParams({ message, access_token: channel.token });
    if (post.url) form.set('link', post.url);
    let res: Response;
    try {
      res = await fetch(`${base}/${encodeURIComponent(channel.page_id)}/feed`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'manual',
      });
    } catch (error) {
      return networkFailure(error, timeoutMs);
    }
    const text = await readText(res);
    let reply: { id?: unknown; error?: { message?: string; code?: number; type?: string } } = {};
    try {
      reply = JSON.parse(text) as typeof reply;
    } catch {
      // handled below
    }
    if (!res.ok || reply.error) {
      const code = reply.error?.code;
      // Graph API rate limits (4, 17, 32, 613) pass with time.
      const transient = transientStatus(res.status) || [1, 2, 4, 17, 32, 341, 613].includes(code ?? -1);
      return {
        status: 'failed',
        transient,
        error: `Graph API answered ${res.status}: ${reply.error?.message ?? text}${code !== undefined ? ` (code ${code})` : ''}`,
      };
    }
    if (typeof reply.id !== 'string' || !reply.id)
      return {
        status: 'failed',
        transient: false,
        error: `Graph API answered ${res.status} without a post id`,
      };
    const postId = reply.id;
    try {
      const perma = await fetch(
        `${base}/${encodeURIComponent(postId)}?fields=permalink_url&access_token=${encodeURIComponent(channel.token)}`,
        { signal: AbortSignal.timeout(timeoutMs) },
      );
      const info = (await perma.json()) as { permalink_url?: unknown };
      if (perma.ok && isHttpUrl(info.permalink_url)) return { status: 'posted', link: info.permalink_url };
    } catch {
      // The post exists; its canonical address follows from its id.
    }
    return { status: 'posted', link: `https://www.facebook.com/${encodeURIComponent(postId)}` };
  }
}

export const SOCIAL_ADAPTERS_BY_KIND: Record<SocialAdapter, SocialAdapterPort> = {
  'bridge-webhook': new BridgeWebhookAdapter(),
  'facebook-page': new FacebookPageAdapter(),
};
