import type { Server, IncomingMessage, ServerResponse } from 'node:http';
import { type DynamicModule, type INestApplication, Module } from '@nestjs/common';
import { IdempotencyStore, MessagingModule } from '@tatalaman/messaging';
import { PersistenceModule } from '@tatalaman/persistence';
import { ContentSource } from './content/content-source';
import { PublicMediaStore } from './content/public-media';
import {
  PUBLISHING_OPTIONS,
  type PublishingOptions,
  type PublishingOptionsInput,
  resolveOptions,
} from './options';
import { OutboundHttp } from './outbound/outbound-http';
import { persistence } from './persistence';
import { PublishingCommands } from './publishing.commands';
import { PublicationAuthorities } from './publications/authority';
import { ItemLocks } from './publications/item-locks';
import { PublicationCorrections } from './publications/publication-corrections.service';
import { PublicationViews } from './publications/publication-views.service';
import { Publications } from './publications/publications.service';
import { Publisher } from './publications/publisher';
import { Schedules } from './publications/schedules.service';
import { FastLane } from './site/fast-lane';
import { PublicSite } from './site/public-site';
import { ReadModel } from './site/read-model';
import { IDENTITY_EVENTS, IdentityEventsHandler } from './sites/identity-events.handler';
import { Sites } from './sites/sites.service';
import { SocialChannels } from './social/social.service';
import { ViewCounter } from './views/view-counter';
import { PageViews } from './views/views.service';
import { WebhookDelivery } from './webhooks/webhook-delivery';
import { Webhooks } from './webhooks/webhooks.service';

/**
 * The publishing process: the public office websites (served in front of Nest, see
 * `mountPublicSite`), the publish/schedule/correct/retract commands, webhooks, social
 * channels and page views.
 */
@Module({})
export class PublishingModule {
  static forRoot(options: PublishingOptionsInput = {}): DynamicModule {
    return {
      module: PublishingModule,
      imports: [
        PersistenceModule.forService(persistence),
        MessagingModule.forService({
          service: 'publishing',
          produces: ['publishing', 'audit'],
          consumes: [{ purpose: 'offices', events: IDENTITY_EVENTS, handler: IdentityEventsHandler }],
        }),
      ],
      controllers: [PublishingCommands],
      providers: [
        { provide: PUBLISHING_OPTIONS, useValue: resolveOptions(options) },
        {
          provide: OutboundHttp,
          inject: [PUBLISHING_OPTIONS],
          useFactory: (o: PublishingOptions) =>
            new OutboundHttp(o.outbound.allowPrivateNetworks, o.outbound.lookup),
        },
        Sites,
        IdentityEventsHandler,
        IdempotencyStore,
        PublicMediaStore,
        ContentSource,
        Publisher,
        ItemLocks,
        WebhookDelivery,
        Webhooks,
        SocialChannels,
        PublicationAuthorities,
        PublicationViews,
        Publications,
        PublicationCorrections,
        Schedules,
        ViewCounter,
        PageViews,
        ReadModel,
        PublicSite,
      ],
    };
  }
}

/**
 * Puts the public sites in front of Nest on the same HTTP server. Connections first meet
 * the fast lane (cached pages answered from the socket, see site/fast-lane.ts); what it
 * hands off goes through Node's HTTP parser to `PublicSite` (renders, files, redirects),
 * and only what that leaves (`/health`) reaches Express. The read path thus skips
 * Express's router and middleware entirely (measured: docs/benchmarks.md).
 * `fastLane: false` keeps every request on Node's parser.
 */
export function mountPublicSite(app: INestApplication, { fastLane = true } = {}): void {
  const site = app.get(PublicSite);
  const server = app.getHttpServer() as Server;
  if (fastLane) {
    const lane = new FastLane(site, server);
    lane.install();
    site.useFastLane(lane);
  }
  const nest = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (site.handle(req, res)) return;
    for (const listener of nest) listener.call(server, req, res);
  });
  // Behind a load balancer or CDN, connections are kept longer than Node's default 5 s.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
}
