import fc from 'fast-check';
import { checkFile } from '../src/attachments/attachment-checks';
import { canonicalMediaType, kindOf, sniff, SNIFF_BYTES } from '../src/attachments/sniff';
import { zipRefusal } from '../src/attachments/zip-check';
import * as f from './fixtures';
import { CommandFailure } from '@tatalaman/messaging';

describe('sniff', () => {
  it.each([
    ['jpeg', f.jpeg(), 'image/jpeg', 'image'],
    ['png', f.png(), 'image/png', 'image'],
    ['gif', f.gif(), 'image/gif', 'image'],
    ['webp', f.webp(), 'image/webp', 'image'],
    ['pdf', f.pdf(), 'application/pdf', 'document'],
    ['docx', f.docx(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'document'],
    [
      'docx (stored)',
      f.docx({ stored: true }),
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'document',
    ],
    [
      'docx (data descriptor)',
      f.docx({ descriptor: true }),
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'document',
    ],
    ['xlsx', f.xlsx(), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'document'],
    [
      'pptx',
      f.pptx(),
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      'document',
    ],
    ['mp4', f.mp4(), 'video/mp4', 'video'],
    ['mov', f.mov(), 'video/quicktime', 'video'],
    ['webm', f.webm(), 'video/webm', 'video'],
  ])('recognises %s from its bytes', (_name, file, mediaType, kind) => {
    expect(sniff(file)).toMatchObject({ mediaType, kind });
  });

  it.each([
    ['HTML', f.html()],
    ['a Windows program', f.exe()],
    ['a macro-enabled Word document', f.docm()],
    ['a zip that is not an office document', f.plainZip()],
    ['HEIC (an ISO media file that is not a video)', f.heic()],
    ['Matroska (not WebM)', f.mkv()],
    ['AVI (RIFF but not WebP)', f.avi()],
    ['nothing', Buffer.alloc(0)],
    ['a truncated PNG signature', f.png().subarray(0, 5)],
  ])('refuses %s', (_name, file) => {
    expect(sniff(file)).toBeNull();
  });

  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 400 }),
        fc.constantFrom(...[f.docx(), f.mp4(), f.webm(), Buffer.alloc(0)]),
        (noise, prefix) => {
          const head = Buffer.concat([prefix.subarray(0, noise.length % (prefix.length + 1)), noise]);
          const result = sniff(head);
          expect(result === null || typeof result.mediaType === 'string').toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('knows aliases and kinds of claimed types', () => {
    expect(canonicalMediaType('image/JPG; charset=binary')).toBe('image/jpeg');
    expect(kindOf('video/quicktime')).toBe('video');
    expect(kindOf('text/html')).toBeUndefined();
  });
});

describe('checkFile: the bytes decide, not the name', () => {
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      return e instanceof CommandFailure ? [e.status, e.code] : e;
    }
    return 'accepted';
  };

  it('accepts a file whose claimed type and extension agree with its bytes', () => {
    expect(checkFile(f.png(), 'grafik.PNG', 'image/png', 100)).toMatchObject({ mediaType: 'image/png' });
    expect(checkFile(f.jpeg(), 'foto.jpeg', 'application/octet-stream', 100).mediaType).toBe('image/jpeg');
  });

  it('refuses a PDF named like an image, an image claimed as a PDF, HTML named .pdf', () => {
    expect(code(() => checkFile(f.pdf(), 'foto.jpg', 'image/jpeg', 100))).toEqual([422, 'type-mismatch']);
    expect(code(() => checkFile(f.pdf(), 'surat.pdf', 'image/png', 100))).toEqual([422, 'type-mismatch']);
    expect(code(() => checkFile(f.jpeg(), 'surat.pdf', 'application/pdf', 100))).toEqual([
      422,
      'type-mismatch',
    ]);
    expect(code(() => checkFile(f.html(), 'surat.pdf', 'application/pdf', 100))).toEqual([
      415,
      'unsupported-type',
    ]);
    expect(code(() => checkFile(f.docm(), 'memo.docx', 'application/octet-stream', 100))).toEqual([
      415,
      'unsupported-type',
    ]);
  });

  it('applies the limit of the detected kind', () => {
    expect(code(() => checkFile(f.png(), 'a.png', 'image/png', 10 * 1024 * 1024 + 1))).toEqual([
      413,
      'too-large',
    ]);
    expect(code(() => checkFile(f.mp4(), 'a.mp4', 'video/mp4', 10 * 1024 * 1024 + 1))).toBe('accepted');
    expect(code(() => checkFile(f.mp4(), 'a.mp4', 'video/mp4', 200 * 1024 * 1024 + 1))).toEqual([
      413,
      'too-large',
    ]);
  });
});

describe('zip bombs', () => {
  it('sniffs a document whose [Content_Types].xml inflates to 60 MiB without inflating it', () => {
    const file = f.bombs.contentTypes();
    const started = process.hrtime.bigint();
    sniff(file.subarray(0, SNIFF_BYTES));
    // It was a 0.4 s synchronous inflate of 60 MiB; now at most 64 KiB are inflated.
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(100);
  });

  it.each([
    ['a part declaring 300 MiB', f.bombs.declared],
    ['a part claiming 1 KB that inflates to 300 MiB', f.bombs.lying],
    ['parts sharing one data block', f.bombs.overlapping],
    ['6,000 parts', f.bombs.manyParts],
    ['[Content_Types].xml of 60 MiB', f.bombs.contentTypes],
  ])('refuses %s within seconds', async (_name, build) => {
    const file = build();
    const started = Date.now();
    expect(await zipRefusal(file)).toEqual(expect.any(String));
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('accepts real-shaped documents, stored or deflated, with or without data descriptors', async () => {
    for (const file of [f.docx(), f.docx({ stored: true }), f.docx({ descriptor: true }), f.xlsx(), f.pptx()])
      expect(await zipRefusal(file)).toBeNull();
    // A spreadsheet of 100,000 rows (3.9 MB of XML, about 14 times smaller deflated) is a document.
    const rows = Array.from(
      { length: 100_000 },
      (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i * 7}</v></c></row>`,
    ).join('');
    expect(
      await zipRefusal(
        f.zip([
          { name: '[Content_Types].xml', data: 'x' },
          { name: 'xl/sheet1.xml', data: rows },
        ]),
      ),
    ).toBeNull();
  });
});
