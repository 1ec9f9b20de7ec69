import { rowChanged, sideBySide } from '../src/lib/diff';

const text = (segments: { text: string }[] | null) => segments?.map((s) => s.text).join('') ?? null;

describe('sideBySide', () => {
  it('faces unchanged lines and marks changed words on their side', () => {
    const rows = sideBySide([
      { op: 'equal', text: 'Rapat pleno ' },
      { op: 'delete', text: 'tertutup' },
      { op: 'insert', text: 'terbuka' },
      { op: 'equal', text: '\nDihadiri komisioner.' },
    ]);
    expect(rows.map((r) => [text(r.left), text(r.right)])).toEqual([
      ['Rapat pleno tertutup', 'Rapat pleno terbuka'],
      ['Dihadiri komisioner.', 'Dihadiri komisioner.'],
    ]);
    expect(rows[0]!.left!.find((s) => s.changed)?.text).toBe('tertutup');
    expect(rowChanged(rows[0]!)).toBe(true);
    expect(rowChanged(rows[1]!)).toBe(false);
  });

  it('gives an added line an empty cell on the old side', () => {
    const rows = sideBySide([
      { op: 'equal', text: 'Satu\n' },
      { op: 'insert', text: 'Baru\n' },
      { op: 'equal', text: 'Dua' },
    ]);
    expect(rows.map((r) => [text(r.left), text(r.right)])).toEqual([
      ['Satu', 'Satu'],
      [null, 'Baru'],
      ['Dua', 'Dua'],
    ]);
  });
});
