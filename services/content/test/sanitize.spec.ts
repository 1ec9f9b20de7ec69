import { htmlToText, sanitizeBody } from '../src/revisions/sanitize';

const image = '0b8e3f2c-1111-4222-8333-444455556666';
const pdf = '1b8e3f2c-1111-4222-8333-444455556666';
const own = new Map([
  [image, { kind: 'image' as const, alt: 'Rapat pleno terbuka' }],
  [pdf, { kind: 'document' as const, alt: null }],
]);
const office = 'kpu-kota-palu';
const clean = (html: string) => sanitizeBody(html, own, office).html;

describe('body sanitizer', () => {
  // Classic payloads (OWASP XSS filter evasion cheat sheet and friends): none may keep a script, a handler or a style.
  const payloads = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<IMG SRC="javascript:alert(\'XSS\');">',
    '<IMG SRC=JaVaScRiPt:alert(1)>',
    '<img src="jav&#x09;ascript:alert(1)">',
    '<svg/onload=alert(1)>',
    '<svg><script>alert(1)</script></svg>',
    '<body onload=alert(1)>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">klik</a>',
    '<a href=" JAVASCRIPT:alert(1)">klik</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">klik</a>',
    '<a href="vbscript:msgbox(1)">klik</a>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div style="width: expression(alert(1))">x</div>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<form action="https://evil.example"><input name="q"><button>kirim</button></form>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<p onmouseover="alert(1)" class="x" id="y">teks</p>',
    '<<script>alert(1);//<</script>',
    '<scr<script>ipt>alert(1)</script>',
    '<a href="//evil.example">protokol relatif</a>',
    `<img src="attachment:${image}" onerror="alert(1)">`,
  ];

  it.each(payloads)('strips %s', (payload) => {
    const out = clean(payload);
    expect(out).not.toMatch(/<script|<iframe|<object|<embed|<svg|<style|<form|<input|<meta|<link|<body/i);
    expect(out).not.toMatch(/\son[a-z]+\s*=|style=|class=|javascript:|vbscript:|data:/i);
    expect(out).not.toMatch(/href="\/\//);
    expect(out).not.toMatch(/<img(?![^>]*src="attachment:)/);
  });

  it('keeps the documented structure: headings, paragraphs, lists, links, tables, emphasis', () => {
    const html =
      '<h2>Judul</h2><p>Teks <strong>tebal</strong>, <em>miring</em> dan <a href="https://kpu.go.id" title="KPU">tautan</a>.</p>' +
      '<ul><li>satu</li></ul><ol start="2"><li>dua</li></ol><blockquote>kutipan</blockquote>' +
      '<table><caption>Rekap</caption><thead><tr><th scope="col">Kecamatan</th></tr></thead><tbody><tr><td colspan="2">Palu Barat</td></tr></tbody></table>' +
      '<p><a href="mailto:ppid@kpu.go.id">surel</a> <a href="tel:+62451">telepon</a></p>';
    expect(clean(html)).toBe(html);
  });

  it('turns h1 into h2 (the title is the page heading)', () => {
    expect(clean('<h1>Judul</h1>')).toBe('<h2>Judul</h2>');
  });

  it("keeps only images that are this item's image attachments, filling their alt text", () => {
    const out = sanitizeBody(
      `<p><img src="attachment:${image}"> <img src="attachment:${pdf}"> <img src="https://evil.example/a.png" alt="x">` +
        ` <img src="attachment:2b8e3f2c-1111-4222-8333-444455556666"> <img src="/relative.png"></p>`,
      own,
      office,
    );
    expect(out.html).toBe(`<p><img src="attachment:${image}" alt="Rapat pleno terbuka" />    </p>`);
    expect(out.references).toEqual([image]);
    expect(clean(`<img src="attachment:${image}" alt="Foto sendiri">`)).toContain('alt="Foto sendiri"');
  });

  it("links to the item's own files, and drops the target of a link to someone else's", () => {
    const out = sanitizeBody(
      `<a href="attachment:${pdf}">Unduh SK</a> <a href="attachment:2b8e3f2c-1111-4222-8333-444455556666">lain</a>`,
      own,
      office,
    );
    expect(out.html).toBe(`<a href="attachment:${pdf}">Unduh SK</a> <a>lain</a>`);
    expect(out.references).toEqual([pdf]);
  });

  it("keeps links within the office's own site and drops those that climb out of it", () => {
    const within = [
      ['/kpu-kota-palu/berita/rapat-pleno', '/kpu-kota-palu/berita/rapat-pleno'],
      ['../pengumuman/jadwal?tahap=2#a', '/kpu-kota-palu/pengumuman/jadwal?tahap=2#a'],
      ['rapat-lain', '/kpu-kota-palu/_/rapat-lain'],
      ['#bagian-2', '#bagian-2'],
    ];
    for (const [href, kept] of within)
      expect(clean(`<a href="${href}">x</a>`)).toBe(`<a href="${kept}">x</a>`);
    const out = [
      '../../kpu-prov-jateng/berita/x',
      '../../../etc/passwd',
      '/kpu-prov-jateng/',
      '/api/v1/offices',
      '%2e%2e/%2e%2e/kpu-lain/',
      '..%2f..%2fkpu-lain/',
      '/\\evil.example/x',
      '\\\\evil.example\\x',
      '/kpu-kota-palu/../kpu-lain/',
      '/kpu-kota-paluX/berita',
    ];
    for (const href of out) expect([href, clean(`<a href="${href}">x</a>`)]).toEqual([href, '<a>x</a>']);
  });

  it('gives the text for search and diffs, with entities decoded and blocks on their own lines', () => {
    expect(
      htmlToText(
        '<h2>Rapat &amp; Pleno</h2><p>Hari&nbsp;ini &#8212; <b>Senin</b></p><ul><li>a</li><li>b</li></ul>',
      ),
    ).toBe('Rapat & Pleno\nHari ini — Senin\na\nb');
  });
});
