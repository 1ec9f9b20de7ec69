/** URL-safe text: ASCII letters and digits joined by hyphens (diacritics removed). */
export function slugify(text: string, max = 80): string {
  const plain = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (plain.length <= max) return plain;
  const cut = plain.slice(0, max);
  const at = cut.lastIndexOf('-');
  return (at > max / 2 ? cut.slice(0, at) : cut).replace(/-+$/g, '');
}

/** A file name for URLs: slugged stem, kept extension (`Laporan Akhir.PDF` → `laporan-akhir.pdf`). */
export function fileSlug(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  const stem = slugify(dot > 0 ? fileName.slice(0, dot) : fileName, 60) || 'berkas';
  const ext =
    dot > 0
      ? fileName
          .slice(dot + 1)
          .toLowerCase()
          .replace(/[^a-z0-9]/g, '')
          .slice(0, 8)
      : '';
  return ext ? `${stem}.${ext}` : stem;
}
