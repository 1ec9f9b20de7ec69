import { PUBLISHING_ERRORS } from '@tatalaman/contracts';
import { commandFailure } from '@tatalaman/messaging';
import { type TargetPolicy } from './target-policy';

const WHAT = {
  webhook: { code: 'invalid-webhook-url', id: 'Alamat webhook', en: 'The webhook URL' },
  channel: { code: 'invalid-endpoint', id: 'Alamat kanal', en: "The channel's endpoint" },
} as const;

/**
 * Refuses, when an office registers it, a target the platform may not call: 422
 * `invalid-webhook-url` / `invalid-endpoint` for a URL that is not http(s) without user
 * info, 422 `target-not-allowed` for one on a non-public network.
 */
export async function checkTarget(policy: TargetPolicy, url: string, kind: keyof typeof WHAT): Promise<void> {
  const what = WHAT[kind];
  const verdict = await policy.check(url);
  if (verdict.ok) return;
  if (verdict.kind === 'invalid') throw commandFailure(PUBLISHING_ERRORS[what.code]);
  throw commandFailure(PUBLISHING_ERRORS['target-not-allowed'], {
    message: {
      id:
        `${what.id} tidak diizinkan: ${verdict.host} bukan alamat internet publik (alamat loopback, jaringan ` +
        'privat atau internal, link-local, CGNAT, multicast atau metadata cloud tidak dapat dituju). ' +
        'Gunakan alamat publik sistem penerima.',
      en:
        `${what.en} is not allowed: ${verdict.host} is not a public internet address (loopback, private or ` +
        'internal networks, link-local, CGNAT, multicast and cloud metadata cannot be targets). ' +
        "Use the receiving system's public address.",
    },
    detail: { host: verdict.host },
  });
}
