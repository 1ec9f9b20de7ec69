import { constants, crc32, deflateRawSync } from 'node:zlib';

// Small but structurally real files, built byte by byte, for the sniffer and upload tests.

const bytes = (...parts: (number[] | string | Uint8Array)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

const pad = (n: number, fill = 0x20) => Buffer.alloc(n, fill);

export const jpeg = () => bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF\0', pad(200), [0xff, 0xd9]);
export const png = (extra = 0) =>
  bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0, 0, 0, 13], 'IHDR', pad(17 + extra, 0));
export const gif = () => bytes('GIF89a', [1, 0, 1, 0, 0, 0, 0], pad(30, 0), ';');
export const webp = () => bytes('RIFF', [40, 0, 0, 0], 'WEBPVP8 ', pad(32, 0));
export const pdf = () =>
  bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n');
export const html = () => bytes('<!doctype html><html><script>alert(1)</script></html>');
export const exe = () => bytes('MZ', pad(120, 0));

/** One part of a zip built by hand: its bytes, or deflate data given as is with the size it claims. */
export interface ZipPart {
  name: string;
  data?: string | Buffer;
  /** Raw deflate data used as is (for bombs), with `size` the uncompressed size to declare. */
  deflated?: Buffer;
  size?: number;
  /** Point this part's central-directory record at another part's local header (overlap bombs). */
  sharesDataWith?: number;
}

/** A zip archive (local headers + central directory), deflated unless `stored`. */
export function zip(entries: ZipPart[], { stored = false, descriptor = false } = {}): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  const offsets: number[] = [];
  let offset = 0;
  for (const e of entries) {
    const raw = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : (e.data ?? Buffer.alloc(0));
    const data = e.deflated ?? (stored ? raw : deflateRawSync(raw));
    const size = e.size ?? raw.length;
    const method = e.deflated || !stored ? 8 : 0;
    const crc = e.deflated ? 0 : crc32(raw);
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(descriptor ? 0x08 : 0, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(descriptor ? 0 : crc, 14);
    local.writeUInt32LE(descriptor ? 0 : data.length, 18);
    local.writeUInt32LE(descriptor ? 0 : size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const parts = [local, name, data];
    if (descriptor) {
      const d = Buffer.alloc(16);
      d.writeUInt32LE(0x08074b50, 0);
      d.writeUInt32LE(crc, 4);
      d.writeUInt32LE(data.length, 8);
      d.writeUInt32LE(size, 12);
      parts.push(d);
    }
    const block = Buffer.concat(parts);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(descriptor ? 0x08 : 0, 8);
    c.writeUInt16LE(method, 10);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(data.length, 20);
    c.writeUInt32LE(size, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(e.sharesDataWith !== undefined ? offsets[e.sharesDataWith]! : offset, 42);
    central.push(Buffer.concat([c, name]));
    offsets.push(offset);
    if (e.sharesDataWith === undefined) {
      locals.push(block);
      offset += block.length;
    }
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/**
 * Raw deflate data that inflates to `mb` MiB of zeros, built cheaply: one MiB deflated with
 * a full flush (independent, not final) repeated, then an empty final block.
 */
export function deflatedZeros(mb: number): Buffer {
  const one = deflateRawSync(Buffer.alloc(1024 * 1024), { finishFlush: constants.Z_FULL_FLUSH });
  return Buffer.concat([...Array<Buffer>(mb).fill(one), Buffer.from([0x03, 0x00])]);
}

const DOCX_MAIN = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';

/** Zip bombs dressed as Word documents, each breaking one bound of zip-check.ts. */
export const bombs = {
  /** A part that honestly declares 300 MiB. */
  declared: () =>
    zip([
      { name: '[Content_Types].xml', data: contentTypes(DOCX_MAIN) },
      { name: 'word/main.xml', data: '<doc/>' },
      { name: 'word/media/image1.png', deflated: deflatedZeros(300), size: 300 * 1024 * 1024 },
    ]),
  /** A part that claims 1 KB and inflates to 300 MiB. */
  lying: () =>
    zip([
      { name: '[Content_Types].xml', data: contentTypes(DOCX_MAIN) },
      { name: 'word/main.xml', data: '<doc/>' },
      { name: 'word/media/image1.png', deflated: deflatedZeros(300), size: 1024 },
    ]),
  /** Many central-directory records sharing one part's data (the non-recursive bomb). */
  overlapping: () =>
    zip([
      { name: '[Content_Types].xml', data: contentTypes(DOCX_MAIN) },
      { name: 'word/main.xml', data: '<doc/>' },
      { name: 'word/media/a.bin', deflated: deflatedZeros(2), size: 2 * 1024 * 1024 },
      ...Array.from({ length: 40 }, (_, i) => ({
        name: `word/media/copy${i}.bin`,
        deflated: deflatedZeros(2),
        size: 2 * 1024 * 1024,
        sharesDataWith: 2,
      })),
    ]),
  /** More parts than any document has. */
  manyParts: () =>
    zip([
      { name: '[Content_Types].xml', data: contentTypes(DOCX_MAIN) },
      ...Array.from({ length: 6000 }, (_, i) => ({ name: `word/p${i}.xml`, data: '' })),
    ]),
  /** The probe's file: `[Content_Types].xml` itself inflating to 60 MiB (spaces after the XML). */
  contentTypes: () => {
    const xml = Buffer.from(contentTypes(DOCX_MAIN));
    const padded = deflateRawSync(Buffer.concat([xml, Buffer.alloc(60 * 1024 * 1024, 0x20)]));
    return zip([
      { name: '[Content_Types].xml', deflated: padded, size: xml.length + 60 * 1024 * 1024 },
      { name: 'word/main.xml', data: '<doc/>' },
    ]);
  },
};

function contentTypes(main: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    `<Default Extension="xml" ContentType="application/xml"/><Override PartName="/main.xml" ContentType="${main}"/></Types>`
  );
}

const ooxml = (main: string, folder: string, options?: { stored?: boolean; descriptor?: boolean }) =>
  zip(
    [
      { name: '[Content_Types].xml', data: contentTypes(main) },
      { name: '_rels/.rels', data: '<Relationships/>' },
      { name: `${folder}/main.xml`, data: '<doc/>' },
    ],
    options,
  );

export const docx = (options?: { stored?: boolean; descriptor?: boolean }) =>
  ooxml('application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml', 'word', options);
export const xlsx = () =>
  ooxml('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml', 'xl');
export const pptx = () =>
  ooxml('application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml', 'ppt');
export const docm = () => ooxml('application/vnd.ms-word.document.macroEnabled.main+xml', 'word');
export const plainZip = () => zip([{ name: 'readme.txt', data: 'halo' }]);

function ftyp(major: string, compatible: string[]): Buffer {
  const size = 16 + 4 * compatible.length;
  const box = Buffer.alloc(size);
  box.writeUInt32BE(size, 0);
  box.write('ftyp', 4, 'latin1');
  box.write(major, 8, 'latin1');
  compatible.forEach((b, i) => box.write(b, 16 + 4 * i, 'latin1'));
  return box;
}

export const mp4 = (size = 0) =>
  Buffer.concat([ftyp('isom', ['isom', 'iso2', 'avc1', 'mp41']), Buffer.alloc(Math.max(0, size), 1)]);
export const mov = () => Buffer.concat([ftyp('qt  ', ['qt  ']), pad(64, 0)]);
export const heic = () => Buffer.concat([ftyp('heic', ['mif1', 'heic', 'isom']), pad(64, 0)]);

function ebml(docType: string): Buffer {
  const dt = Buffer.from(docType, 'latin1');
  const body = Buffer.concat([Buffer.from([0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x80 | dt.length]), dt]);
  return Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x80 | body.length]), body, pad(64, 0)]);
}

export const webm = () => ebml('webm');
export const mkv = () => ebml('matroska');
export const avi = () => bytes('RIFF', [40, 0, 0, 0], 'AVI LIST', pad(32, 0));
