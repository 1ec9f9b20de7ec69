import { Injectable } from '@nestjs/common';
import { CommandClient } from '@tatalaman/messaging';
import { isStandardType } from './fields';

/** Which content type codes an office may use: the eight standard ones plus custom ones its definitions name. */
export abstract class ContentTypeCatalog {
  abstract isKnown(office: string, type: string): Promise<boolean>;
}

/** Asks the registry about custom codes (standard ones need no call). */
@Injectable()
export class RegistryContentTypes extends ContentTypeCatalog {
  constructor(private readonly commands: CommandClient) {
    super();
  }

  async isKnown(office: string, type: string): Promise<boolean> {
    if (isStandardType(type)) return true;
    const { contentTypes } = await this.commands.send('sop-registry.content-type.list', { office });
    return contentTypes.some((t) => t.code === type);
  }
}

/** For the CLI (seeding runs without NATS): the standard types and the custom ones the seed definitions name. */
export class StandardContentTypes extends ContentTypeCatalog {
  constructor(private readonly custom: Readonly<Record<string, readonly string[]>> = {}) {
    super();
  }

  async isKnown(office: string, type: string): Promise<boolean> {
    return isStandardType(type) || (this.custom[office] ?? []).includes(type);
  }
}
