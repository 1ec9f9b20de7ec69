import { deflateRawSync } from 'node:zlib';

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

/** A zip archive (local headers + central directory), deflated unless `stored`. */
export function zip(
  entries: { name: string; data: string }[],
  { stored = false, descriptor = false } = {},
): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const raw = Buffer.from(e.data, 'utf8');
    const data = stored ? raw : deflateRawSync(raw);
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(descriptor ? 0x08 : 0, 6);
    local.writeUInt16LE(stored ? 0 : 8, 8);
    local.writeUInt32LE(0, 14); // crc (not checked by the sniffer)
    local.writeUInt32LE(descriptor ? 0 : data.length, 18);
    local.writeUInt32LE(descriptor ? 0 : raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const parts = [local, name, data];
    if (descriptor) {
      const d = Buffer.alloc(16);
      d.writeUInt32LE(0x08074b50, 0);
      d.writeUInt32LE(data.length, 8);
      d.writeUInt32LE(raw.length, 12);
      parts.push(d);
    }
    const block = Buffer.concat(parts);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(stored ? 0 : 8, 10);
    c.writeUInt32LE(data.length, 20);
    c.writeUInt32LE(raw.length, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offset, 42);
    central.push(Buffer.concat([c, name]));
    locals.push(block);
    offset += block.length;
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

const contentTypes = (main: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  `<Default Extension="xml" ContentType="application/xml"/><Override PartName="/main.xml" ContentType="${main}"/></Types>`;

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
