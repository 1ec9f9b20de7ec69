import { useId } from 'react';
import { t } from '../i18n';
import { linePath, niceMax, scale, ticks } from '../lib/chart-scale';

export interface Series {
  key: string;
  label: string;
  data: (number | null)[];
}

/** Colours with at least 3:1 contrast on white, told apart by dash pattern too. */
const COLORS = ['#1d4ed8', '#b91c1c', '#047857', '#7c3aed'];
const DASHES = ['', '6 3', '2 3', '8 3 2 3'];

interface ChartProps {
  title: string;
  labels: string[];
  series: Series[];
  format: (value: number) => string;
  /** Fixed top of the axis (1 for shares). */
  top?: number;
}

/**
 * A line chart in plain SVG. The figures are also in a table under it (the screen-reader
 * and keyboard way to read them), so the SVG itself is one labelled image.
 */
export function LineChart({ title, labels, series, format, top }: ChartProps) {
  const id = useId();
  const W = 640;
  const H = 240;
  const pad = { l: 56, r: 16, t: 16, b: 40 };
  const max =
    top ?? niceMax(Math.max(0, ...series.flatMap((s) => s.data.filter((v): v is number => v !== null))));
  const x = (i: number) =>
    labels.length <= 1 ? (pad.l + W - pad.r) / 2 : scale(i, labels.length - 1, pad.l, W - pad.r);
  const y = (v: number) => scale(v, max, H - pad.b, pad.t);
  return (
    <figure className="chart" aria-labelledby={`${id}-t`}>
      <figcaption id={`${id}-t`}>{title}</figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby={`${id}-t`}
        preserveAspectRatio="xMidYMid meet"
      >
        {ticks(max).map((v) => (
          <g key={v}>
            <line x1={pad.l} x2={W - pad.r} y1={y(v)} y2={y(v)} className="grid" />
            <text x={pad.l - 6} y={y(v) + 4} textAnchor="end" className="axis">
              {format(v)}
            </text>
          </g>
        ))}
        {labels.map((l, i) => (
          <text key={l} x={x(i)} y={H - pad.b + 18} textAnchor="middle" className="axis">
            {l}
          </text>
        ))}
        {series.map((s, si) => (
          <g key={s.key}>
            <path
              d={linePath(s.data.map((v, i) => (v === null ? null : { x: x(i), y: y(v) })))}
              fill="none"
              stroke={COLORS[si % COLORS.length]}
              strokeWidth={2.5}
              strokeDasharray={DASHES[si % DASHES.length]}
            />
            {s.data.map((v, i) =>
              v === null ? null : (
                <circle key={i} cx={x(i)} cy={y(v)} r={3.5} fill={COLORS[si % COLORS.length]} />
              ),
            )}
          </g>
        ))}
      </svg>
      <Legend series={series} />
      <DataTable title={title} labels={labels} series={series} format={format} />
    </figure>
  );
}

/** Horizontal bars, one group per label (a step, a role), one bar per series. */
export function BarChart({ title, labels, series, format, top }: ChartProps) {
  const id = useId();
  const W = 640;
  const barH = 14;
  const groupH = barH * series.length + 12;
  const pad = { l: 200, r: 60, t: 8, b: 8 };
  const H = pad.t + pad.b + groupH * labels.length;
  const max =
    top ?? niceMax(Math.max(0, ...series.flatMap((s) => s.data.filter((v): v is number => v !== null))));
  return (
    <figure className="chart" aria-labelledby={`${id}-t`}>
      <figcaption id={`${id}-t`}>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${Math.max(H, 40)}`} role="img" aria-labelledby={`${id}-t`}>
        {labels.map((l, i) => {
          const gy = pad.t + i * groupH;
          return (
            <g key={`${l}-${i}`}>
              <text x={pad.l - 8} y={gy + groupH / 2} textAnchor="end" className="axis">
                {l.length > 30 ? `${l.slice(0, 29)}…` : l}
              </text>
              {series.map((s, si) => {
                const v = s.data[i];
                const w = v === null || v === undefined ? 0 : scale(v, max, 0, W - pad.l - pad.r);
                return (
                  <g key={s.key}>
                    <rect
                      x={pad.l}
                      y={gy + si * barH}
                      width={Math.max(w, 0)}
                      height={barH - 2}
                      fill={COLORS[si % COLORS.length]}
                    />
                    <text x={pad.l + w + 4} y={gy + si * barH + barH - 4} className="axis">
                      {v === null || v === undefined ? '—' : format(v)}
                    </text>
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
      <Legend series={series} />
      <DataTable title={title} labels={labels} series={series} format={format} />
    </figure>
  );
}

function Legend({ series }: { series: Series[] }) {
  if (series.length < 2) return null;
  return (
    <ul className="legend" aria-hidden="true">
      {series.map((s, i) => (
        <li key={s.key}>
          <svg width="24" height="10">
            <line
              x1="0"
              x2="24"
              y1="5"
              y2="5"
              stroke={COLORS[i % COLORS.length]}
              strokeWidth="3"
              strokeDasharray={DASHES[i % DASHES.length]}
            />
          </svg>{' '}
          {s.label}
        </li>
      ))}
    </ul>
  );
}

function DataTable({ title, labels, series, format }: Omit<ChartProps, 'top'>) {
  return (
    <details className="chart-data">
      <summary>{t('chart.table', { title })}</summary>
      <table className="table">
        <thead>
          <tr>
            <th scope="col" />
            {series.map((s) => (
              <th key={s.key} scope="col">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {labels.map((l, i) => (
            <tr key={`${l}-${i}`}>
              <th scope="row">{l}</th>
              {series.map((s) => (
                <td key={s.key}>
                  {s.data[i] === null || s.data[i] === undefined ? '—' : format(s.data[i]!)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
