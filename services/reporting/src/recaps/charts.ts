// The chart series staff see: SLA figures per step or role, and compliance or volume per
// month or day from the aggregate counters. Pure functions of what the service read.
import type { ChartKind, ChartSeries, SlaRow } from '@tatalaman/contracts';
import { type Counters, zeroCounters } from './figures';
import { ratio } from './sla';

/** Compliance, volume and durations of each step (or role) group. */
export function groupChart(chart: 'per-step' | 'per-role', groups: SlaRow[]): ChartSeries {
  return {
    chart,
    title: chart === 'per-step' ? 'Kepatuhan per langkah' : 'Kepatuhan per peran',
    keys: groups.map((g) => g.key),
    labels: groups.map((g) => g.label),
    series: [
      {
        key: 'compliance',
        label: 'Kepatuhan standar waktu',
        unit: 'ratio',
        data: groups.map((g) => g.compliance),
      },
      { key: 'closed', label: 'Langkah selesai', unit: 'count', data: groups.map((g) => g.closed) },
      {
        key: 'breached',
        label: 'Melampaui standar waktu',
        unit: 'count',
        data: groups.map((g) => g.breached),
      },
      { key: 'waitingMs', label: 'Waktu tunggu', unit: 'ms', data: groups.map((g) => g.waitingMs) },
      { key: 'workingMs', label: 'Waktu kerja', unit: 'ms', data: groups.map((g) => g.workingMs) },
      {
        key: 'reworkMs',
        label: 'Waktu pengerjaan ulang',
        unit: 'ms',
        data: groups.map((g) => g.reworkMs),
      },
      { key: 'avgMs', label: 'Rata-rata durasi langkah', unit: 'ms', data: groups.map((g) => g.avgMs) },
    ],
  };
}

/** Compliance (for `compliance`) or content and readers (otherwise) at each key, a month or a day. */
export function timeChart(
  chart: ChartKind,
  keys: string[],
  labels: string[],
  counters: Map<string, Counters>,
): ChartSeries {
  const at = (k: string) => counters.get(k) ?? zeroCounters();
  if (chart === 'compliance') {
    return {
      chart,
      title: 'Kepatuhan standar waktu',
      keys,
      labels,
      series: [
        {
          key: 'compliance',
          label: 'Dalam batas waktu',
          unit: 'ratio',
          data: keys.map((k) => ratio(at(k).within_limit, at(k).steps_timed)),
        },
        {
          key: 'targetCompliance',
          label: 'Dalam target waktu',
          unit: 'ratio',
          data: keys.map((k) => ratio(at(k).within_target, at(k).steps_timed)),
        },
        { key: 'breaches', label: 'Pelampauan', unit: 'count', data: keys.map((k) => at(k).breaches) },
        {
          key: 'closed',
          label: 'Langkah selesai',
          unit: 'count',
          data: keys.map((k) => at(k).steps_closed),
        },
      ],
    };
  }
  return {
    chart,
    title: 'Volume konten dan pembaca',
    keys,
    labels,
    series: [
      {
        key: 'itemsSubmitted',
        label: 'Konten diajukan',
        unit: 'count',
        data: keys.map((k) => at(k).items_submitted),
      },
      {
        key: 'itemsPublished',
        label: 'Konten terbit',
        unit: 'count',
        data: keys.map((k) => at(k).items_published),
      },
      { key: 'posts', label: 'Postingan', unit: 'count', data: keys.map((k) => at(k).posts) },
      { key: 'views', label: 'Pembaca (tayangan)', unit: 'count', data: keys.map((k) => at(k).views) },
    ],
  };
}
