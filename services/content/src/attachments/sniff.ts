import { constants, inflateRawSync } from 'node:zlib';
import type { AttachmentKind } from '@tatalaman/contracts';

/**
 * What a file is, from its first bytes (never from its name): the types an item may
 * carry and nothing else. Office documents are zip files whose `[Content_Types].xml`
 * names the main part; macro-enabled variants and other zips are not recognised.
 */
export interface Sniffed {
  mediaType: string;
  kind: AttachmentKind;
  /** File name extensions that fit the type. */
  extensions: readonly string[];
}

/** How many leading bytes the sniffer wants (office documents list their parts early). */
export const SNIFF_BYTES = 64 * 1024;

const T = {
  jpeg: { mediaType: 'image/jpeg', kind: 'image', extensions: ['jpg', 'jpeg', 'jpe', 'jfif'] },
  png: { mediaType: 'image/png', kind: 'image', extensions: ['png'] },
  gif: { mediaType: 'image/gif', kind: 'image', extensions: ['gif'] },
  webp: { mediaType: 'image/webp', kind: 'image', extensions: ['webp'] },
  pdf: { mediaType: 'application/pdf', kind: 'document', extensions: ['pdf'] },
  docx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    kind: 'document',
    extensions: ['docx'],
  },
  xlsx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    kind: 'document',
    extensions: ['xlsx'],
  },
  pptx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    kind: 'document',
    extensions: ['pptx'],
  },
  mp4: { mediaType: 'video/mp4', kind: 'video', extensions: ['mp4', 'm4v'] },
  mov: { mediaType: 'video/quicktime', kind: 'video', extensions: ['mov', 'qt'] },
  webm: { mediaType: 'video/webm', kind: 'video', extensions: ['webm'] },
} as const satisfies Record<string, Sniffed>;

/** Other names browsers and tools use for the same types. */
const ALIASES: Record<string, string> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/x-png': 'image/png',
  'application/x-pdf': 'application/pdf',
  'video/x-m4v': 'video/mp4',
};

export function canonicalMediaType(type: string): string {
  const base = type.split(';')[0]!.trim().toLowerCase();
  return ALIASES[base] ?? base;
}

/** The kind a media type belongs to, if it is one the platform accepts. */
export function kindOf(mediaType: string): AttachmentKind | undefined {
  const canonical = canonicalMediaType(mediaType);
  return Object.values(T).find((t) => t.mediaType === canonical)?.kind;
}

const ascii = (b: Uint8Array, from: number, length: number) =>
  String.fromCharCode(...b.subarray(from, Math.min(b.length, from + length)));

function startsWith(b: Uint8Array, bytes: readonly number[], at = 0): boolean {
  if (b.length < at + bytes.length) return false;
  return bytes.every((x, i) => b[at + i] === x);
}

/** ISO base media (MP4, QuickTime): a leading `ftyp` box with its brands. */
function isoBmff(b: Uint8Array): Sniffed | null {
  if (b.length < 12 || ascii(b, 4, 4) !== 'ftyp') return null;
  const size = Math.min(((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0, b.length, 256);
  const brands = [ascii(b, 8, 4)];
  for (let at = 16; at + 4 <= size; at += 4) brands.push(ascii(b, at, 4));
  if (brands[0] === 'qt  ') return T.mov;
  const mp4 = [
    'isom',
    'iso2',
    'iso3',
    'iso4',
    'iso5',
    'iso6',
    'mp41',
    'mp42',
    'avc1',
    'M4V ',
    'dash',
    'mmp4',
    'MSNV',
  ];
  // The major brand decides: HEIF images (heic, mif1) and 3GP also list isom among their brands.
  if (mp4.includes(brands[0]!)) return T.mp4;
  return null;
}

/** Matroska/WebM: the EBML header's DocType must be `webm`. */
function webm(b: Uint8Array): Sniffed | null {
  if (!startsWith(b, [0x1a, 0x45, 0xdf, 0xa3])) return null;
  const head = b.subarray(0, Math.min(b.length, 64));
  for (let i = 4; i + 2 < head.length; i++) {
    if (head[i] === 0x42 && head[i + 1] === 0x82) {
      const len = head[i + 2]! & 0x7f; // one-byte size (0x80 | n), as every muxer writes it
      return ascii(head, i + 3, len) === 'webm' ? T.webm : null;
    }
  }
  return null;
}

/**
 * `[Content_Types].xml` of a real document is a few KiB; inflating more would let a small
 * upload cost the event loop a long synchronous inflate. Past this the part is treated as
 * unreadable (names decide) and the whole-archive check refuses the file (zip-check.ts).
 */
const CONTENT_TYPES_MAX = 64 * 1024;

interface ZipEntry {
  name: string;
  data?: Uint8Array;
}

/** Local file headers found in the leading bytes, and the data of `[Content_Types].xml`. */
function zipEntries(b: Uint8Array): ZipEntry[] {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const entries: ZipEntry[] = [];
  let at = 0;
  while (at + 30 <= b.length && view.getUint32(at, true) === 0x04034b50 && entries.length < 200) {
    const flags = view.getUint16(at + 6, true);
    const method = view.getUint16(at + 8, true);
    const compressed = view.getUint32(at + 18, true);
    const nameLength = view.getUint16(at + 26, true);
    const extraLength = view.getUint16(at + 28, true);
    const name = new TextDecoder().decode(b.subarray(at + 30, at + 30 + nameLength));
    const start = at + 30 + nameLength + extraLength;
    const sized = (flags & 0x08) === 0; // sizes known in the local header
    const entry: ZipEntry = { name };
    if (name === '[Content_Types].xml') {
      const raw = b.subarray(start, sized ? start + compressed : b.length);
      try {
        entry.data =
          method === 0
            ? raw
            : method === 8
              ? inflateRawSync(raw, {
                  finishFlush: constants.Z_SYNC_FLUSH,
                  maxOutputLength: CONTENT_TYPES_MAX,
                })
              : undefined;
      } catch {
        entry.data = undefined;
      }
    }
    entries.push(entry);
    if (!sized) break; // the next header's position is unknown without the central directory
    at = start + compressed;
  }
  return entries;
}

function officeDocument(b: Uint8Array): Sniffed | null {
  if (!startsWith(b, [0x50, 0x4b, 0x03, 0x04])) return null;
  const entries = zipEntries(b);
  const types = entries.find((e) => e.name === '[Content_Types].xml');
  if (!types) return null;
  if (types.data) {
    const xml = new TextDecoder().decode(types.data);
    // Macro-enabled documents declare `…macroEnabled.main+xml` instead: not accepted.
    if (xml.includes('wordprocessingml.document.main+xml')) return T.docx;
    if (xml.includes('spreadsheetml.sheet.main+xml')) return T.xlsx;
    if (xml.includes('presentationml.presentation.main+xml')) return T.pptx;
    return null;
  }
  const names = entries.map((e) => e.name);
  if (names.some((n) => n.startsWith('word/'))) return T.docx;
  if (names.some((n) => n.startsWith('xl/'))) return T.xlsx;
  if (names.some((n) => n.startsWith('ppt/'))) return T.pptx;
  return null;
}

/** The type of a file from its leading bytes (`SNIFF_BYTES` is enough), or null when it is not one we accept. */
export function sniff(head: Uint8Array): Sniffed | null {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return T.jpeg;
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return T.png;
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a') return T.gif;
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WEBP') return T.webp;
  if (ascii(head, 0, 5) === '%PDF-') return T.pdf;
  return officeDocument(head) ?? isoBmff(head) ?? webm(head);
}

/** The types that are zip archives (checked whole for zip bombs before they are accepted). */
export const ZIP_MEDIA_TYPES: readonly string[] = [T.docx.mediaType, T.xlsx.mediaType, T.pptx.mediaType];

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
}
