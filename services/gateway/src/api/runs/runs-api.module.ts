import { Module } from '@nestjs/common';
import { RunsController } from './runs.controller';

/** The runtime's API: SOP runs (`worker.run.*` commands). */
@Module({ controllers: [RunsController] })
export class RunsApiModule {}
