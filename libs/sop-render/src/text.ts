// Escaping, measuring and wrapping text without a DOM, so output is a pure,
// deterministic function of the definition.
import { type Face, textWidth } from '@tatalaman/typeface';

/** Escapes text for XML/HTML element content and attribute values. */
export function escapeXml(value: string): string {
  return (
    value
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;')
      // Control characters are not allowed in XML 1.0 at all.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
  );
}

/** Width in user units of `text` at `size`, in the face of the font the output embeds. */
export function measureText(text: string, size: number, face: Face = 'regular'): number {
  return textWidth(text, size, face);
}

/** Splits a paragraph into pieces that may end a line: after spaces, slashes and hyphens. */
function pieces(paragraph: string): string[] {
  const out: string[] = [];
  let cur = '';
  const chars = Array.from(paragraph);
  chars.forEach((ch, i) => {
    cur += ch;
    const next = chars[i + 1];
    const breakAfter =
      ch === ' ' || ((ch === '/' || ch === '-' || ch === ',') && next !== undefined && next !== ' ');
    if (breakAfter) {
      out.push(cur);
      cur = '';
    }
  });
  if (cur) out.push(cur);
  return out;
}

/** Breaks a piece that is wider than the line by characters. */
function hardBreak(piece: string, width: number, size: number, face: Face): string[] {
  const out: string[] = [];
  let cur = '';
  for (const ch of piece) {
    if (cur && measureText(cur + ch, size, face) > width) {
      out.push(cur);
      cur = '';
    }
    cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

/** Greedy wrap to `width`; explicit newlines start new lines. Never returns a line wider than `width` (unless one glyph is). */
export function wrapText(text: string, width: number, size: number, face: Face = 'regular'): string[] {
  const lines: string[] = [];
  for (const paragraph of text.replace(/\r\n?/g, '\n').split('\n')) {
    const normalized = paragraph.replace(/[ \t]+/g, ' ').trim();
    if (normalized === '') {
      lines.push('');
      continue;
    }
    let line = '';
    for (const piece of pieces(normalized)) {
      const candidate = line + piece;
      if (measureText(candidate.trimEnd(), size, face) <= width) {
        line = candidate;
        continue;
      }
      if (line.trim()) lines.push(line.trimEnd());
      if (measureText(piece.trimEnd(), size, face) <= width) line = piece;
      else {
        const parts = hardBreak(piece.trimEnd(), width, size, face);
        lines.push(...parts.slice(0, -1));
        line = parts[parts.length - 1] ?? '';
        if (piece.endsWith(' ')) line += ' ';
      }
    }
    if (line.trim()) lines.push(line.trimEnd());
  }
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Fixed-precision number for attributes, so output is byte-stable. */
export function n(value: number): string {
  const r = Math.round(value * 10) / 10;
  return Object.is(r, -0) ? '0' : String(r);
}
