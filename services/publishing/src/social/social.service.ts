import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { auditEvent } from '@tatalaman/audit';
import {
  type Actor,
  type CommandParsed,
  type CommandResponse,
  type SocialChannelView,
  PUBLISHING_ERRORS,
  type SocialPostView,
} from '@tatalaman/contracts';
import { type CommandFailure, commandFailure, IdempotencyStore, OutboxWriter } from '@tatalaman/messaging';
import { DataSource } from 'typeorm';
import { PUBLISHING_OPTIONS, type PublishingOptions } from '../options';
import { type ReceiptRow } from '../publications/pages';
import { Publisher, type RunRef } from '../publications/publisher';
import { checkTarget } from '../outbound/check-target';
import { OutboundHttp } from '../outbound/outbound-http';
import { type SocialAdapterPort, socialAdapters, type SocialChannelRow, type SocialPost } from './adapters';
import * as q from './social.queries';

function channelView(r: SocialChannelRow): SocialChannelView {
  return {
    channelId: r.id,
    adapter: r.adapter,
    name: r.name,
    endpoint: r.endpoint,
    pageId: r.page_id,
    hasToken: !!r.token,
    enabled: r.enabled,
    createdBy: (r.created_by as Actor | null) ?? null,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

/** The parts of a channel an audit trail shows (never the token). */
function auditable(r: SocialChannelRow) {
  return {
    adapter: r.adapter,
    name: r.name,
    endpoint: r.endpoint,
    pageId: r.page_id,
    hasToken: !!r.token,
    enabled: r.enabled,
  };
}

export interface SocialOutcome {
  receipts: ReceiptRow[];
  /** Failures of this call (already recorded as receipts). */
  failures: { channel: string; transient: boolean; error: string }[];
}

/** Social-media channels of an office and the posts made through them. */
@Injectable()
export class SocialChannels {
  private readonly adapters: Record<SocialChannelRow['adapter'], SocialAdapterPort>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly idempotency: IdempotencyStore,
    private readonly outbox: OutboxWriter,
    private readonly publisher: Publisher,
    private readonly http: OutboundHttp,
    @Inject(PUBLISHING_OPTIONS) private readonly options: PublishingOptions,
  ) {
    this.adapters = socialAdapters(http);
  }

  async enabled(office: string): Promise<SocialChannelRow[]> {
    return q.enabledChannels(this.dataSource, office);
  }

  static notConfigured(): CommandFailure {
    return commandFailure(PUBLISHING_ERRORS['channel-not-configured'], {
      message: {
        id:
          'Kanal media sosial belum dikonfigurasi untuk kantor ini. Minta admin web menambahkan kanal ' +
          '(Publikasi → Media sosial), lalu ulangi langkah terbit.',
        en:
          'No social-media channel is configured for this office. Ask a web admin to add one ' +
          '(Publishing → Social media), then retry the publish step.',
      },
    });
  }

  /**
   * Posts to every enabled channel that has no post of this revision yet (a retry never
   * posts twice), recording each outcome as a receipt.
   */
  async postAll(
    channels: SocialChannelRow[],
    post: SocialPost,
    ctx: { pageId: string | null; requestKey: string | null; run: RunRef | null; actor: Actor | null },
  ): Promise<SocialOutcome> {
    const out: SocialOutcome = { receipts: [], failures: [] };
    for (const channel of channels) {
      const done = await q.postedReceipt(
        this.dataSource,
        post.office,
        channel.id,
        post.itemId,
        post.revision,
      );
      if (done) {
        out.receipts.push(done);
        continue;
      }
      const adapter = this.adapters[channel.adapter];
      const result = await adapter.post(channel, post, this.options.social.timeoutMs);
      const receipt = await this.dataSource.transaction(async (manager) => {
        const receipt = await this.publisher.receipt(manager, {
          office: post.office,
          pageId: ctx.pageId,
          itemId: post.itemId,
          kind: 'publish',
          channel: 'social-media',
          target: channel.name,
          url: result.status === 'posted' ? result.link : (post.url ?? ''),
          status: result.status === 'posted' ? 'published' : 'failed',
          error: result.status === 'failed' ? result.error : null,
          revision: post.revision,
          publishedAt: new Date(),
          requestKey: ctx.requestKey,
          run: ctx.run,
          actor: ctx.actor,
        });
        await q.insertPost(manager, {
          id: randomUUID(),
          office: post.office,
          channelId: channel.id,
          pageId: ctx.pageId,
          itemId: post.itemId,
          revision: post.revision,
          status: result.status,
          receiptId: receipt.id,
          link: result.status === 'posted' ? result.link : null,
          error: result.status === 'failed' ? result.error : null,
        });
        return receipt;
      });
      out.receipts.push(receipt);
      if (result.status === 'failed')
        out.failures.push({ channel: channel.name, transient: result.transient, error: result.error });
    }
    return out;
  }

  async save(
    req: CommandParsed<'publishing.social-channel.save'>,
  ): Promise<CommandResponse<'publishing.social-channel.save'>> {
    await checkTarget(this.http.policy, req.endpoint, 'channel');
    if (req.adapter === 'facebook-page' && !req.channelId && (!req.pageId || !req.token))
      throw commandFailure(PUBLISHING_ERRORS['invalid-channel']);
    return this.idempotency.once(req.office, req, 'publishing.social-channel.save', async (manager) => {
      let before: SocialChannelRow | undefined;
      let row: SocialChannelRow;
      if (req.channelId) {
        before = await q.lockChannel(manager, req.office, req.channelId);
        if (!before) throw commandFailure(PUBLISHING_ERRORS['channel-not-found']);
        row = await q.updateChannel(manager, req.office, req.channelId, {
          adapter: req.adapter,
          name: req.name.trim(),
          endpoint: req.endpoint,
          pageId: req.pageId ?? null,
          token: req.token,
          enabled: req.enabled ?? before.enabled,
        });
      } else {
        row = await q.insertChannel(manager, {
          id: randomUUID(),
          office: req.office,
          adapter: req.adapter,
          name: req.name.trim(),
          endpoint: req.endpoint,
          pageId: req.pageId ?? null,
          token: req.token ?? null,
          enabled: req.enabled ?? true,
          createdBy: req.actor,
        });
      }
      await this.outbox.add(
        manager,
        auditEvent({
          office: req.office,
          actor: req.actor,
          service: 'publishing',
          entity: 'social-channel',
          entityId: row.id,
          action: before ? 'update' : 'create',
          before: before ? auditable(before) : null,
          after: auditable(row),
        }),
      );
      return channelView(row);
    });
  }

  async disable(
    req: CommandParsed<'publishing.social-channel.disable'>,
  ): Promise<CommandResponse<'publishing.social-channel.disable'>> {
    return this.idempotency.once(req.office, req, 'publishing.social-channel.disable', async (manager) => {
      const before = await q.lockChannel(manager, req.office, req.channelId);
      if (!before) throw commandFailure(PUBLISHING_ERRORS['channel-not-found']);
      const row = await q.disableChannel(manager, req.office, req.channelId);
      await this.outbox.add(
        manager,
        auditEvent({
          office: req.office,
          actor: req.actor,
          service: 'publishing',
          entity: 'social-channel',
          entityId: row.id,
          action: 'disable',
          before: auditable(before),
          after: auditable(row),
        }),
      );
      return channelView(row);
    });
  }

  async list(office: string): Promise<CommandResponse<'publishing.social-channel.list'>> {
    const channels = await q.channelsOf(this.dataSource, office);
    const posts = await q.recentPosts(this.dataSource, office);
    const names = new Map(channels.map((c) => [c.id, c.name]));
    return {
      channels: channels.map(channelView),
      posts: posts.map((p): SocialPostView => ({
        postId: p.id,
        channelId: p.channel_id,
        channelName: names.get(p.channel_id) ?? '',
        itemId: p.item_id,
        revision: p.content_revision,
        status: p.status,
        link: p.link,
        error: p.error,
        at: new Date(p.at).toISOString(),
      })),
    };
  }
}
