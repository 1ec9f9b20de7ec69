import { type Entry, fromBuffer, type ZipFile } from 'yauzl';

/**
 * Bounds for the zip-based documents (DOCX, XLSX, PPTX) an office may attach: a real one
 * has tens to a few thousand parts, each inflating to a few (at most some tens of) times
 * its compressed size; a zip bomb is built to break one of these. The ratio rule is Apache
 * POI's (`ZipSecureFile`, the library that reads OOXML for a living): a part that inflates
 * past a grace size must not inflate more than 100 times.
 */
export const ZIP_LIMITS = {
  /** Parts in one archive. */
  entries: 5_000,
  /** Bytes all parts inflate to together. */
  totalBytes: 256 * 1024 * 1024,
  /** Inflated bytes per compressed byte of one part, once it is past `graceBytes`. */
  ratio: 100,
  graceBytes: 100 * 1024,
} as const;

export type ZipLimits = { entries: number; totalBytes: number; ratio: number; graceBytes: number };

/**
 * Why an archive may not be accepted, or null. Uses `yauzl` (central directory, sizes
 * validated against what each part really inflates to): too many parts, a part that
 * inflates too many times, parts that overlap (the non-recursive bomb) or more declared
 * bytes than the total are refused before anything is inflated; then every part is read to
 * its end, and one that inflates past what it declared stops the reading at once. Inflating runs in zlib's thread pool, never blocking the event loop,
 * and never more than `totalBytes` of it.
 */
export async function zipRefusal(bytes: Buffer, limits: ZipLimits = ZIP_LIMITS): Promise<string | null> {
  let zip: ZipFile;
  try {
    zip = await new Promise<ZipFile>((resolve, reject) =>
      fromBuffer(
        bytes,
        {
          lazyEntries: true,
          autoClose: false,
          validateEntrySizes: true,
          strictFileNames: false,
          decodeStrings: true,
        },
        (err, z) => (err || !z ? reject(err ?? new Error('no zip')) : resolve(z)),
      ),
    );
  } catch (e) {
    return `not a readable zip archive (${(e as Error).message})`;
  }
  if (zip.entryCount > limits.entries) {
    zip.close();
    return `${zip.entryCount} parts (at most ${limits.entries})`;
  }
  const budget = limits.totalBytes;
  try {
    // The central directory first (no inflating): counts, declared sizes, overlaps.
    const entries: Entry[] = [];
    for (let e = await nextEntry(zip); e; e = await nextEntry(zip))
      if (!e.fileName.endsWith('/')) entries.push(e);
    let declared = 0;
    for (const e of entries) {
      if (e.isEncrypted() || !e.canDecodeFileData()) return `part ${e.fileName} cannot be read`;
      // Sizes are what each part is held to when it is read below (validateEntrySizes).
      if (e.uncompressedSize > limits.graceBytes && e.uncompressedSize > e.compressedSize * limits.ratio)
        return `part ${e.fileName} inflates ${Math.round(e.uncompressedSize / Math.max(1, e.compressedSize))} times (at most ${limits.ratio})`;
      declared += e.uncompressedSize;
    }
    if (declared > budget) return `parts declare ${declared} bytes inflated (at most ${budget})`;
    const spans = entries
      .map((e) => [e.relativeOffsetOfLocalHeader, e.relativeOffsetOfLocalHeader + 30 + e.compressedSize])
      .sort((a, b) => a[0]! - b[0]!);
    for (let i = 1; i < spans.length; i++)
      if (spans[i]![0]! < spans[i - 1]![1]!) return 'parts overlap (their data is shared)';
    // Then what each part really inflates to: a part longer than it declares stops at once.
    let inflated = 0;
    for (const e of entries) inflated += await drain(zip, e, budget - inflated);
    return null;
  } catch (e) {
    return (e as Error).message;
  } finally {
    zip.close();
  }
}

function nextEntry(zip: ZipFile): Promise<Entry | null> {
  return new Promise((resolve, reject) => {
    const onEntry = (e: Entry) => done(null, e);
    const onEnd = () => done(null, null);
    const onError = (err: Error) => done(err, null);
    const done = (err: Error | null, e: Entry | null) => {
      zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
      if (err) reject(err);
      else resolve(e);
    };
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });
}

/** Reads one part to its end; its bytes, or an error past `room` bytes. */
function drain(zip: ZipFile, entry: Entry, room: number): Promise<number> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(err ?? new Error(`part ${entry.fileName} cannot be read`));
      let n = 0;
      stream.on('data', (chunk: Buffer) => {
        n += chunk.length;
        if (n > room) stream.destroy(new Error(`inflates to more than the limit (part ${entry.fileName})`));
      });
      stream.on('error', reject);
      stream.on('end', () => resolve(n));
    });
  });
}
