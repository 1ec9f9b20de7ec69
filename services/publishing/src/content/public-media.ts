import { Inject, Injectable } from '@nestjs/common';
import { natsPrefix, type ObjectLocation } from '@tatalaman/contracts';
import { NATS_CONNECTION, streamSettingsFromEnv } from '@tatalaman/messaging';
import { jetstream, type JetStreamClient, StorageType } from '@nats-io/jetstream';
import { type ObjectStore, Objm } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';

async function* iterate(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (value) yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** The publishing service's own bucket: one installation each (its NATS prefix). */
export function publicMediaBucketName(prefix = natsPrefix()): string {
  return `${prefix}-public-media`;
}

/**
 * Published files, copied out of content's media bucket when a page goes live, so a
 * publication keeps its files (evidence) whatever happens to the drafts. Objects are
 * `<office>/<sha256>`: the same file published twice is stored once.
 */
@Injectable()
export class PublicMediaStore {
  readonly bucket = publicMediaBucketName();
  private readonly js: JetStreamClient;
  private readonly stores = new Map<string, Promise<ObjectStore>>();

  constructor(@Inject(NATS_CONNECTION) nc: NatsConnection) {
    // A large video's final acknowledgement comes after every chunk is stored.
    this.js = jetstream(nc, { timeout: 120_000 });
  }

  private open(bucket: string): Promise<ObjectStore> {
    let store = this.stores.get(bucket);
    if (!store) {
      store = new Objm(this.js)
        .create(bucket, { storage: StorageType.File, replicas: streamSettingsFromEnv().replicas })
        .catch((e: unknown) => {
          this.stores.delete(bucket);
          throw e;
        });
      this.stores.set(bucket, store);
    }
    return store;
  }

  static objectName(office: string, sha256: string): string {
    return `${office}/${sha256}`;
  }

  /** Copies `from` (content's object) unless an object with these bytes is already here. */
  async copy(from: ObjectLocation, office: string, sha256: string): Promise<string> {
    const name = PublicMediaStore.objectName(office, sha256);
    const ours = await this.open(this.bucket);
    const info = await ours.info(name);
    if (info && !info.deleted) return name;
    const source = await this.open(from.bucket);
    const got = await source.get(from.name);
    if (!got) throw new Error(`object ${from.bucket}/${from.name} is missing`);
    await ours.put({ name }, got.data);
    await got.error;
    return name;
  }

  async get(name: string): Promise<{ size: number; data: AsyncIterable<Uint8Array> } | null> {
    const os = await this.open(this.bucket);
    const result = await os.get(name);
    if (!result) return null;
    return { size: result.info.size, data: iterate(result.data) };
  }

  async getBytes(name: string): Promise<Buffer | null> {
    const got = await this.get(name);
    if (!got) return null;
    const chunks: Uint8Array[] = [];
    for await (const c of got.data) chunks.push(c);
    return Buffer.concat(chunks);
  }

  async put(name: string, bytes: Uint8Array): Promise<void> {
    const os = await this.open(this.bucket);
    await os.put(
      { name },
      new ReadableStream({
        start(c) {
          c.enqueue(bytes);
          c.close();
        },
      }),
    );
  }

  /** Removes the bucket (tests). */
  async destroy(): Promise<void> {
    const os = await this.open(this.bucket);
    await os.destroy();
    this.stores.delete(this.bucket);
  }
}
