import { sanitizeForSite } from '../src/content/sanitize';

// The site's own pass: links without scheme stay inside the office's site or lose their target.
describe("the site's sanitizer and relative links", () => {
  const office = 'kpu-kab-bangka-barat';
  const clean = (href: string) =>
    sanitizeForSite(`<p><a href="${href}">tautan</a></p>`, new Map(), office).html;

  it('keeps links to pages of the same site, as absolute paths', () => {
    expect(clean('../regulasi/pkpu-kampanye')).toBe(
      '<p><a href="/kpu-kab-bangka-barat/regulasi/pkpu-kampanye">tautan</a></p>',
    );
    expect(clean('/kpu-kab-bangka-barat/')).toBe('<p><a href="/kpu-kab-bangka-barat/">tautan</a></p>');
    expect(clean('https://jdih.kpu.go.id/')).toBe(
      '<p><a href="https://jdih.kpu.go.id/" rel="noopener noreferrer nofollow">tautan</a></p>',
    );
  });

  it.each([
    '../../kpu-prov-jateng/berita/palsu',
    '../../../../etc/passwd',
    '/kpu-kota-palu/pengumuman/x',
    '/health',
    '%2E%2E/%2E%2E/kpu-kota-palu/',
    '..%2F..%2Fkpu-kota-palu/',
    '/\\evil.example/',
  ])('drops the target of %s, which climbs out of the site', (href) => {
    expect(clean(href)).toBe('<p><a>tautan</a></p>');
  });
});
