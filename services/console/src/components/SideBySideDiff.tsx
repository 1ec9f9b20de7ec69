import { rowChanged, sideBySide, type DiffOp, type Segment } from '../lib/diff';
import { t } from '../i18n';

function Cell({ segments, side }: { segments: Segment[] | null; side: 'old' | 'new' }) {
  if (!segments) return <td className="diff-empty" />;
  return (
    <td>
      {segments.map((s, i) =>
        s.changed ? (
          side === 'old' ? (
            <del key={i}>{s.text}</del>
          ) : (
            <ins key={i}>{s.text}</ins>
          )
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </td>
  );
}

/** Two revisions' text side by side; changed words marked (del/ins, so not by colour alone). */
export function SideBySideDiff({
  ops,
  fromLabel,
  toLabel,
}: {
  ops: readonly DiffOp[];
  fromLabel: string;
  toLabel: string;
}) {
  const rows = sideBySide(ops);
  return (
    <div className="table-wrap">
      <table className="diff" data-testid="diff">
        <caption className="visually-hidden">{t('diff.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{fromLabel}</th>
            <th scope="col">{toLabel}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i} className={rowChanged(row) ? 'diff-changed' : undefined}>
              <Cell segments={row.left} side="old" />
              <Cell segments={row.right} side="new" />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
