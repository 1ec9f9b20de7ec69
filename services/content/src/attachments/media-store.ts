import { createHash } from 'node:crypto';
import { natsPrefix, type ObjectLocation } from '@tatalaman/contracts';
import { jetstream, type JetStreamClient, StorageType } from '@nats-io/jetstream';
import { type ObjectStore, Objm } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';

export interface StoredObject {
  size: number;
  /** Hex SHA-256 of the bytes, when the store knows it without reading them. */
  sha256?: string;
}

/**
 * The one port attachment bytes go through. Object names are `<office>/<attachment id>`.
 * The default adapter is the NATS JetStream object store (no extra server); an
 * S3-compatible adapter would implement the same four operations.
 */
export abstract class MediaStore {
  abstract readonly bucket: string;
  /** Creates the bucket if needed, so others (the gateway) can write into it. */
  abstract ready(): Promise<void>;
  abstract put(name: string, data: Uint8Array | AsyncIterable<Uint8Array>): Promise<StoredObject>;
  /** The bytes as a stream, or null when there is no such object. */
  abstract get(name: string): Promise<AsyncIterable<Uint8Array> | null>;
  abstract stat(name: string): Promise<StoredObject | null>;
  /** The first `bytes` bytes (fewer if the object is shorter), without reading the rest. */
  abstract head(name: string, bytes: number): Promise<Uint8Array | null>;
  /** True when something was deleted. */
  abstract delete(name: string): Promise<boolean>;

  location(name: string): ObjectLocation {
    return { bucket: this.bucket, name };
  }

  /** Reads a whole object into memory (for small files only). */
  async getBytes(name: string): Promise<Uint8Array | null> {
    const stream = await this.get(name);
    if (!stream) return null;
    const chunks: Uint8Array[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    return Buffer.concat(chunks);
  }

  /**
   * What register needs of a stored object without reading all of it: its leading
   * `headBytes` for the sniffer, and size and SHA-256 from the store (read through only
   * when the store does not know the digest).
   */
  async inspect(
    name: string,
    headBytes: number,
  ): Promise<{ head: Uint8Array; size: number; sha256: string } | null> {
    const stat = await this.stat(name);
    if (!stat) return null;
    const head = await this.head(name, headBytes);
    if (!head) return null;
    if (stat.sha256) return { head, size: stat.size, sha256: stat.sha256 };
    const stream = await this.get(name);
    if (!stream) return null;
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of stream) {
      hash.update(chunk);
      size += chunk.length;
    }
    return { head, size, sha256: hash.digest('hex') };
  }

  /** An object whole, up to the `size` it was inspected at (documents only: at most 25 MB). */
  async readAll(name: string, size: number): Promise<Buffer> {
    const stream = await this.get(name);
    if (!stream) throw new Error(`object ${name} vanished while it was checked`);
    const chunks: Uint8Array[] = [];
    let read = 0;
    for await (const chunk of stream) {
      read += chunk.length;
      if (read > size) break;
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }
}

/** Bucket of one installation: its NATS prefix, so test files and installations never share one. */
export function mediaBucketName(prefix = natsPrefix()): string {
  return `${prefix}-media`;
}

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

function toStream(data: Uint8Array | AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  if (data instanceof Uint8Array) {
    return new ReadableStream({
      start(controller) {
        controller.enqueue(data);
        controller.close();
      },
    });
  }
  const it = data[Symbol.asyncIterator]();
  return new ReadableStream({
    async pull(controller) {
      const { done, value } = await it.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
  });
}

/** `SHA-256=<base64>` (as the object store writes digests) to hex. */
function digestHex(digest: string | undefined): string | undefined {
  const m = /^SHA-256=(.+)$/.exec(digest ?? '');
  if (!m) return undefined;
  return Buffer.from(m[1]!.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('hex');
}

/**
 * JetStream object store: objects are chunked (128 KiB) into the bucket's stream, so
 * files far larger than a NATS message (video up to 200 MB) go through. The digest the
 * writer's client computed is kept with the object and checked by every reader.
 */
export class NatsMediaStore extends MediaStore {
  private store?: Promise<ObjectStore>;
  private readonly js: JetStreamClient;

  constructor(
    nc: NatsConnection,
    readonly bucket = mediaBucketName(),
    private readonly replicas = 1,
  ) {
    super();
    // The final acknowledgement of a large object comes after the server stored every
    // chunk: far beyond the default 5 s for a video (about 30 s for 200 MB here).
    this.js = jetstream(nc, { timeout: 120_000 });
  }

  private open(): Promise<ObjectStore> {
    this.store ??= new Objm(this.js)
      .create(this.bucket, {
        storage: StorageType.File,
        replicas: this.replicas,
        description: 'Tata Laman attachments: <office>/<attachment id>',
      })
      .catch((e: unknown) => {
        this.store = undefined;
        throw e;
      });
    return this.store;
  }

  async ready(): Promise<void> {
    await this.open();
  }

  async put(name: string, data: Uint8Array | AsyncIterable<Uint8Array>): Promise<StoredObject> {
    const os = await this.open();
    const hash = createHash('sha256');
    let size = 0;
    const counted = (async function* () {
      for await (const chunk of data instanceof Uint8Array ? [data] : data) {
        hash.update(chunk);
        size += chunk.length;
        yield chunk;
      }
    })();
    await os.put({ name }, toStream(counted));
    return { size, sha256: hash.digest('hex') };
  }

  async get(name: string): Promise<AsyncIterable<Uint8Array> | null> {
    const os = await this.open();
    const result = await os.get(name);
    if (!result) return null;
    return iterate(result.data);
  }

  async head(name: string, bytes: number): Promise<Uint8Array | null> {
    const os = await this.open();
    const result = await os.get(name);
    if (!result) return null;
    const reader = result.data.getReader();
    const parts: Uint8Array[] = [];
    let have = 0;
    try {
      while (have < bytes) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        have += value.length;
      }
    } finally {
      // Stop the transfer: the rest of the object is not needed.
      await reader.cancel().catch(() => undefined);
      result.error.catch(() => undefined);
    }
    return Buffer.concat(parts).subarray(0, bytes);
  }

  async stat(name: string): Promise<StoredObject | null> {
    const os = await this.open();
    const info = await os.info(name);
    if (!info || info.deleted) return null;
    return { size: info.size, sha256: digestHex(info.digest) };
  }

  async delete(name: string): Promise<boolean> {
    const os = await this.open();
    const info = await os.info(name);
    if (!info || info.deleted) return false;
    await os.delete(name);
    return true;
  }

  /** Removes the bucket and everything in it (tests). */
  async destroy(): Promise<void> {
    const os = await this.open();
    await os.destroy();
    this.store = undefined;
  }
}
