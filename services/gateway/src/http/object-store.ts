import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import type { ObjectLocation } from '@tatalaman/contracts';
import { NATS_CONNECTION } from '@tatalaman/messaging';
import { jetstream, type JetStreamClient, jetstreamManager } from '@nats-io/jetstream';
import { type ObjectStore, Objm } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';
import { Problem } from './problems';

/** Bytes written to NATS between two flushes: what one upload may have in flight at most. */
export const UPLOAD_FLUSH_BYTES = 2 * 1024 * 1024;

export interface StreamedObject {
  size: number;
  /** Hex SHA-256 of the bytes written. */
  sha256: string;
}

export interface OpenedObject {
  size: number;
  stream: Readable;
}

/**
 * The gateway's side of the NATS object store the content service keeps attachments in
 * (docs/content.md): it streams an upload's bytes into the object the service named
 * (`content.attachment.begin-upload`), and streams stored bytes out to a download. It
 * only binds buckets that exist: the service creates and owns them.
 */
@Injectable()
export class ObjectStoreStreams {
  private readonly js: JetStreamClient;
  private readonly buckets = new Map<string, Promise<ObjectStore>>();

  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection) {
    // The object store's final acknowledgement of a large object comes after the server
    // stored every chunk: far beyond the default 5 s for a 200 MB video.
    this.js = jetstream(nc, { timeout: 120_000 });
  }

  private bucket(name: string): Promise<ObjectStore> {
    let bucket = this.buckets.get(name);
    if (!bucket) {
      bucket = (async () => {
        const jsm = await jetstreamManager(this.nc);
        // The gateway only reads and writes the bucket content owns; a missing one is an outage.
        const exists = await jsm.streams.info(`OBJ_${name}`).then(
          () => true,
          () => false,
        );
        if (!exists) {
          throw new Problem('unavailable', {
            detail: {
              id: 'Penyimpanan lampiran belum tersedia.',
              en: 'The attachment store is not available.',
            },
          });
        }
        return new Objm(this.js).open(name, false);
      })();
      bucket.catch(() => this.buckets.delete(name));
      this.buckets.set(name, bucket);
    }
    return bucket;
  }

  /**
   * Writes `source` into the object, never holding more than about `UPLOAD_FLUSH_BYTES`
   * of it: the object store client publishes chunks without waiting for the server, so
   * the reading pauses for a flush (the server has taken everything sent) every
   * `UPLOAD_FLUSH_BYTES`. More than `maxBytes` is a 413 and nothing is stored; so is a
   * source that fails or ends early (the object store removes the partial chunks).
   */
  async put(
    location: ObjectLocation,
    source: AsyncIterable<Uint8Array>,
    limits: { maxBytes: number },
  ): Promise<StreamedObject> {
    const os = await this.bucket(location.bucket);
    const hash = createHash('sha256');
    const iterator = source[Symbol.asyncIterator]();
    const nc = this.nc;
    let size = 0;
    let unflushed = 0;
    let overflow = false;
    const body = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          if (unflushed >= UPLOAD_FLUSH_BYTES) {
            await nc.flush();
            unflushed = 0;
          }
          const { done, value } = await iterator.next();
          if (done) return controller.close();
          size += value.length;
          if (size > limits.maxBytes) {
            overflow = true;
            await iterator.return?.();
            return controller.error(new Error('too large'));
          }
          hash.update(value);
          unflushed += value.length;
          controller.enqueue(value);
        },
        async cancel() {
          await iterator.return?.();
        },
      },
      // Pull one piece at a time: nothing is read ahead of what the store asked for.
      { highWaterMark: 0 },
    );
    try {
      await os.put({ name: location.name }, body);
    } catch (error) {
      if (overflow) {
        throw new Problem('too-large', {
          detail: {
            id: `Berkas melebihi batas ${limits.maxBytes} byte.`,
            en: `The file exceeds the limit of ${limits.maxBytes} bytes.`,
          },
        });
      }
      throw error;
    }
    return { size, sha256: hash.digest('hex') };
  }

  /** The stored bytes as a stream (checked against the object's digest as they are read), or null. */
  async open(location: ObjectLocation): Promise<OpenedObject | null> {
    const os = await this.bucket(location.bucket);
    const result = await os.get(location.name);
    if (!result) return null;
    // A failed transfer errors the stream; the promise would otherwise reject unobserved.
    result.error.catch(() => undefined);
    return {
      size: result.info.size,
      stream: Readable.fromWeb(result.data as import('node:stream/web').ReadableStream<Uint8Array>),
    };
  }
}
