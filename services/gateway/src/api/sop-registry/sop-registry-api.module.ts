import { Module } from '@nestjs/common';
import { ActivationsController, ContentTypesController } from './activations.controller';
import { DefinitionsController } from './definitions.controller';

/** The SOP registry's API: definitions, activations, content types (`sop-registry.*` commands). */
@Module({ controllers: [DefinitionsController, ActivationsController, ContentTypesController] })
export class SopRegistryApiModule {}
