import { Module } from '@nestjs/common';
import { ChannelsController } from './channels.controller';
import { PublicationsController } from './publications.controller';

/** The publishing service's API: publications, schedules, readers, webhooks, social channels. */
@Module({ controllers: [PublicationsController, ChannelsController] })
export class PublishingApiModule {}
