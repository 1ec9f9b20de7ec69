import type { Schemas } from '@tatalaman/api-client';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { officeOf, useMe } from '../../api/me';
import { toProblem } from '../../api/problem';
import { BarChart, LineChart } from '../../components/charts';
import { Loaded } from '../../components/Loading';
import { Page } from '../../components/Page';
import { ProblemNote } from '../../components/ProblemNote';
import { t, type MessageKey } from '../../i18n';
import { download } from '../../lib/download';
import { addMonths, localMonth, number, percent, workingDuration } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import type { RouteProps } from '../../app/routes';

type Chart = Schemas['ReportChart'];
type ExportReport = 'monthly-recap' | 'semester-recap' | 'sla' | 'evaluation-recap' | 'archive';
type ExportFormat = 'pdf' | 'xlsx' | 'csv';

const EXPORTS: { report: ExportReport; label: MessageKey }[] = [
  { report: 'monthly-recap', label: 'reports.export.monthly-recap' },
  { report: 'semester-recap', label: 'reports.export.semester-recap' },
  { report: 'sla', label: 'reports.export.sla' },
  { report: 'evaluation-recap', label: 'reports.export.evaluation-recap' },
  { report: 'archive', label: 'reports.export.archive' },
];

function formatter(unit: 'ratio' | 'count' | 'ms'): (v: number) => string {
  if (unit === 'ratio') return (v) => percent(v);
  if (unit === 'ms') return (v) => workingDuration(v);
  return (v) => number(v);
}

/** The recaps: compliance with the time standards over time, per step and per role; exports. */
export default function ReportsScreen({ office }: RouteProps) {
  const me = useMe();
  const timeZone = officeOf(me, office)?.timeZone ?? 'Asia/Jakarta';
  const thisMonth = localMonth(Date.now(), timeZone);
  const [toMonth, setToMonth] = useState(thisMonth);
  const [fromMonth, setFromMonth] = useState(addMonths(thisMonth, -5));
  const [exportReport, setExportReport] = useState<ExportReport>('monthly-recap');
  const [exportFormat, setExportFormat] = useState<ExportFormat>('pdf');
  const [exportProblem, setExportProblem] = useState<Schemas['Problem'] | null>(null);
  const [exporting, setExporting] = useState(false);

  // The charts take whole months (`YYYY-MM`), in the office's time zone.
  const [from, to] = [fromMonth, toMonth];
  const chart = (name: Chart['chart']) =>
    call(
      api().GET('/api/v1/offices/{office}/reports/charts/{chart}', {
        params: { path: { office, chart: name }, query: { from, to, granularity: 'month' } },
      }),
    );
  const charts = useAsync(
    () => Promise.all([chart('compliance'), chart('per-step'), chart('per-role')]),
    [office, from, to],
  );
  const recap = useAsync(
    () =>
      call(
        api().GET('/api/v1/offices/{office}/reports/recaps/monthly', {
          params: { path: { office }, query: { month: toMonth } },
        }),
      ),
    [office, toMonth],
  );

  async function exportFile() {
    setExporting(true);
    setExportProblem(null);
    const period =
      exportReport === 'semester-recap'
        ? `${toMonth.slice(0, 4)}-S${Number(toMonth.slice(5)) <= 6 ? 1 : 2}`
        : toMonth;
    try {
      await download(
        `/api/v1/offices/${office}/reports/exports/${exportReport}?period=${period}&format=${exportFormat}`,
        `${office}-${exportReport}-${period}.${exportFormat}`,
      );
    } catch (e) {
      setExportProblem(toProblem(e, t('problem.unknown')));
    } finally {
      setExporting(false);
    }
  }

  return (
    <Page title={t('reports.title')}>
      <div className="filters">
        <label>
          {t('reports.from')}
          <input
            type="month"
            value={fromMonth}
            max={toMonth}
            onChange={(e) => e.target.value && setFromMonth(e.target.value)}
          />
        </label>
        <label>
          {t('reports.to')}
          <input
            type="month"
            value={toMonth}
            min={fromMonth}
            onChange={(e) => e.target.value && setToMonth(e.target.value)}
          />
        </label>
      </div>
      <Loaded state={recap}>
        {(r) => (
          <section className="panel" aria-labelledby="recap-title">
            <h2 id="recap-title">{t('reports.recap', { period: r.period.title })}</h2>
            <dl className="figures">
              <Figure label={t('reports.submitted')} value={number(r.summary.itemsSubmitted)} />
              <Figure label={t('reports.completed')} value={number(r.summary.runsCompleted)} />
              <Figure label={t('reports.published')} value={number(r.summary.itemsPublished)} />
              <Figure
                label={t('reports.compliance')}
                value={r.hasTimeStandards ? percent(r.summary.sla.compliance) : '—'}
              />
              <Figure label={t('reports.breaches')} value={number(r.summary.breaches)} />
              <Figure label={t('reports.sendBacks')} value={number(r.summary.sla.sendBacks)} />
              <Figure label={t('reports.views')} value={number(r.summary.views)} />
              <Figure
                label={t('reports.cycle')}
                value={
                  r.summary.cycle.medianWorkingMs === null
                    ? '—'
                    : workingDuration(r.summary.cycle.medianWorkingMs)
                }
              />
            </dl>
          </section>
        )}
      </Loaded>
      <Loaded state={charts}>
        {([compliance, perStep, perRole]) => (
          <div className="charts">
            <LineChart
              title={t('reports.chart.compliance')}
              labels={compliance.labels}
              // One axis, one unit: the ratio series (breach and step counts would need a second scale).
              series={compliance.series.filter((s) => s.unit === compliance.series[0]?.unit)}
              format={formatter(compliance.series[0]?.unit ?? 'ratio')}
              top={compliance.series[0]?.unit === 'ratio' ? 1 : undefined}
            />
            <BarChart
              title={t('reports.chart.perStep')}
              labels={perStep.labels}
              series={perStep.series.filter((s) => s.unit === perStep.series[0]?.unit)}
              format={formatter(perStep.series[0]?.unit ?? 'ratio')}
              top={perStep.series[0]?.unit === 'ratio' ? 1 : undefined}
            />
            <BarChart
              title={t('reports.chart.perRole')}
              labels={perRole.labels}
              series={perRole.series.filter((s) => s.unit === perRole.series[0]?.unit)}
              format={formatter(perRole.series[0]?.unit ?? 'ratio')}
              top={perRole.series[0]?.unit === 'ratio' ? 1 : undefined}
            />
          </div>
        )}
      </Loaded>
      <section className="panel" aria-labelledby="exports-title">
        <h2 id="exports-title">{t('reports.exports')}</h2>
        <div className="filters">
          <label>
            {t('reports.report')}
            <select value={exportReport} onChange={(e) => setExportReport(e.target.value as ExportReport)}>
              {EXPORTS.map((x) => (
                <option key={x.report} value={x.report}>
                  {t(x.label)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('reports.format')}
            <select value={exportFormat} onChange={(e) => setExportFormat(e.target.value as ExportFormat)}>
              <option value="pdf">PDF</option>
              <option value="xlsx">Excel (XLSX)</option>
              <option value="csv">CSV</option>
            </select>
          </label>
          <button type="button" className="primary" onClick={() => void exportFile()} disabled={exporting}>
            {exporting ? t('common.loading') : t('common.download')}
          </button>
        </div>
        <p className="hint">{t('reports.exportHint', { month: toMonth })}</p>
        <ProblemNote problem={exportProblem} />
      </section>
    </Page>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div className="figure">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
