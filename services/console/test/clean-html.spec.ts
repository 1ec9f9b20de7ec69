import { cleanEditorHtml, textOf, type DomLike } from '../src/lib/clean-html';

// Plain objects shaped like DOM nodes: the cleaner runs the same on both.
const el = (name: string, children: DomLike[] = [], attrs: Record<string, string> = {}): DomLike => ({
  nodeType: 1,
  nodeName: name,
  textContent: null,
  childNodes: children,
  getAttribute: (n) => attrs[n] ?? null,
});
const txt = (s: string): DomLike => ({ nodeType: 3, nodeName: '#text', textContent: s, childNodes: [] });

describe('cleanEditorHtml', () => {
  it('keeps allowed markup, drops spans and scripts, wraps loose text in paragraphs', () => {
    const root = el('DIV', [
      txt('Pembuka '),
      el('B', [txt('tebal')]),
      el('H1', [txt('Judul')]),
      el('SPAN', [txt('tanpa gaya')]),
      el('SCRIPT', [txt('alert(1)')]),
      el('DIV', [txt('Paragraf')]),
    ]);
    expect(cleanEditorHtml(root)).toBe(
      '<p>Pembuka <strong>tebal</strong></p><h2>Judul</h2><p>tanpa gaya</p><p>Paragraf</p>',
    );
  });

  it('keeps safe links and attachment images only', () => {
    const id = '0b1c2d3e-0000-4000-8000-000000000001';
    const root = el('P', [
      el('A', [txt('aman')], { href: 'https://kpu.go.id' }),
      el('A', [txt('bahaya')], { href: 'javascript:alert(1)' }),
      el('IMG', [], { 'data-attachment-id': id, alt: 'Foto' }),
      el('IMG', [], { src: 'https://example.com/x.png' }),
    ]);
    expect(cleanEditorHtml(el('DIV', [root]))).toBe(
      `<p><a href="https://kpu.go.id">aman</a>bahaya<img src="attachment:${id}" alt="Foto"></p>`,
    );
  });

  it('gives the plain text of body HTML', () => {
    expect(textOf('<p>a &amp; b</p><p>c</p>')).toBe('a & b\nc');
  });
});
