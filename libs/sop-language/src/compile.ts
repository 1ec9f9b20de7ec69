// Builds the normalized runtime form (CompiledSop) from a validated definition.
// Everything is plain JSON data: the interpreter workflow receives it as input.
import { createHash } from 'node:crypto';
import type { ConditionSource, EscalationSource, ExtensionSource, ScheduleSource, SopSource } from './model';
import { formatPath } from './source';
import type {
  CompiledContentType,
  CompiledEscalation,
  CompiledExtension,
  CompiledFlow,
  CompiledMetadata,
  CompiledSchedule,
  CompiledSop,
  CompiledStep,
  Condition,
  LocalizedText,
} from './types';
import type { Analysis, StepInfo } from './validate';
import { CONTENT_TYPES, INFERENCE_MARKER, WEEKDAYS } from './vocabulary';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

const asList = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? [...v] : [v];

function compileCondition(c: ConditionSource): Condition {
  const out: Condition = {};
  if (c.contentType !== undefined) out.contentType = asList(c.contentType);
  if (c.tag !== undefined) out.tag = asList(c.tag);
  if (c.all) out.all = c.all.map(compileCondition);
  if (c.any) out.any = c.any.map(compileCondition);
  if (c.not) out.not = compileCondition(c.not);
  return out;
}

const ZONE_NAMES: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

const MONTHS_ID = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
];
const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const WEEKDAYS_ID = ['Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu', 'Minggu'];
const WEEKDAYS_EN = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function scheduleText(s: Omit<CompiledSchedule, 'text'>): LocalizedText {
  const zone = ZONE_NAMES[s.timeZone] ? `${ZONE_NAMES[s.timeZone]} (${s.timeZone})` : s.timeZone;
  const dayId = s.day === 'last' ? 'hari terakhir' : `tanggal ${s.day}`;
  const dayEn = s.day === 'last' ? 'on the last day' : `on day ${s.day}`;
  const monthsId = s.months.map((m) => MONTHS_ID[m - 1]).join(' dan ');
  const monthsEn = s.months.map((m) => MONTHS_EN[m - 1]).join(' and ');
  switch (s.every) {
    case 'week':
      return {
        id: `Setiap minggu, hari ${WEEKDAYS_ID[s.weekday! - 1]}, pukul ${s.at} ${zone}`,
        en: `Every week on ${WEEKDAYS_EN[s.weekday! - 1]} at ${s.at} ${zone}`,
      };
    case 'month':
      return {
        id: `Setiap bulan, ${dayId}, pukul ${s.at} ${zone}`,
        en: `Every month ${dayEn} at ${s.at} ${zone}`,
      };
    case 'semester':
      return {
        id: `Setiap semester (${monthsId}), ${dayId}, pukul ${s.at} ${zone}`,
        en: `Every half-year (${monthsEn}) ${dayEn} at ${s.at} ${zone}`,
      };
    case 'year':
      return {
        id: `Setiap tahun (${monthsId}), ${dayId}, pukul ${s.at} ${zone}`,
        en: `Every year (${monthsEn}) ${dayEn} at ${s.at} ${zone}`,
      };
  }
}

function compileSchedule(s: ScheduleSource, defaultZone: string): CompiledSchedule {
  const all = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const base: Omit<CompiledSchedule, 'text'> = {
    every: s.every,
    months:
      s.every === 'semester' ? [s.month ?? 1, (s.month ?? 1) + 6] : s.every === 'year' ? [s.month ?? 1] : all,
    day: s.every === 'week' ? null : (s.day ?? 1),
    weekday: s.every === 'week' ? (WEEKDAYS[s.weekday ?? 'monday'] ?? 1) : null,
    at: s.at ?? '08:00',
    timeZone: s.timeZone ?? defaultZone,
  };
  return { ...base, text: scheduleText(base) };
}

function compileEscalation(
  e: EscalationSource | undefined,
  analysis: Analysis,
  path: string,
): CompiledEscalation | null {
  if (!e) return null;
  const remindPath = `${path}.remindBefore`;
  return {
    notify: asList(e.notify),
    remindBefore: e.remindBefore === undefined ? null : (analysis.durations.get(remindPath) ?? null),
    remindCalendar: analysis.durationCalendars.get(remindPath) ?? null,
    note: e.note ?? null,
  };
}

/** A step's or a deadline's `extension` (at `path`, the step or deadline). */
function compileExtension(
  e: ExtensionSource | undefined,
  analysis: Analysis,
  path: string,
): CompiledExtension | null {
  if (!e) return null;
  const byPath = `${path}.extension.by`;
  return {
    max: e.max,
    by: analysis.durations.get(byPath)!,
    byText: e.by.trim(),
    reasonRequired: e.reasonRequired ?? true,
    calendar: analysis.durationCalendars.get(byPath) ?? null,
  };
}

function compileMetadata(def: SopSource): CompiledMetadata {
  const m = def.metadata ?? {};
  const d = m.dates ?? {};
  return {
    agency: m.agency ?? null,
    unit: m.unit ?? null,
    number: m.number ?? null,
    name: m.name ?? null,
    procedureTitle: m.procedureTitle ?? null,
    dates: {
      made: d.made ?? null,
      revised: d.revised ?? null,
      effective: d.effective ?? null,
      ratified: d.ratified ?? null,
    },
    ratifiedBy: m.ratifiedBy
      ? {
          title: m.ratifiedBy.title,
          name: m.ratifiedBy.name ?? null,
          rank: m.ratifiedBy.rank ?? null,
          nip: m.ratifiedBy.nip ?? null,
          place: m.ratifiedBy.place ?? null,
        }
      : null,
    legalBasis: [...(m.legalBasis ?? [])],
    qualifications: [...(m.qualifications ?? [])],
    minimumStaff: m.minimumStaff ?? null,
    related: (m.related ?? []).map((r) => ({ title: r.title, key: r.key ?? null })),
    equipment: [...(m.equipment ?? [])],
    warning: m.warning ?? null,
    records: (m.records ?? []).map((r) => ({ text: r.text, report: r.report ?? null })),
    provisions: [...(m.provisions ?? [])],
    signedSheet: m.signedSheet
      ? {
          file: m.signedSheet.file,
          sha256: m.signedSheet.sha256,
          mediaType: m.signedSheet.mediaType,
          note: m.signedSheet.note ?? null,
        }
      : null,
    note: m.note ?? null,
  };
}

function compileContentTypes(def: SopSource): CompiledContentType[] {
  return (def.contentTypes ?? []).map((ct) => {
    const code = typeof ct === 'string' ? ct : ct.code;
    const builtIn = CONTENT_TYPES[code];
    if (typeof ct === 'string')
      return { code, name: builtIn ?? { id: code, en: code }, custom: !builtIn, fields: [] };
    const id = ct.name ?? builtIn?.id ?? code;
    return {
      code,
      name: { id, en: ct.nameEn ?? builtIn?.en ?? id },
      custom: !builtIn,
      fields: (ct.fields ?? []).map((f) => ({
        key: f.key,
        label: { id: f.label, en: f.labelEn ?? f.label },
        visibility: f.visibility,
      })),
    };
  });
}

export function compileDefinition(def: SopSource, analysis: Analysis, sourceText: string): CompiledSop {
  const defaultEscalation = compileEscalation(def.escalation, analysis, 'escalation');

  const compileStep = (info: StepInfo): CompiledStep => {
    const s = info.step;
    const path = formatPath(info.path);
    const o = info.kind === 'review' ? (s.outcomes ?? {}) : null;
    const own = compileEscalation(s.escalation, analysis, `${path}.escalation`);
    const escalates = info.time !== null && ['work', 'review', 'publish'].includes(info.kind);
    return {
      id: info.id,
      flow: info.flow,
      number: info.number,
      kind: info.kind,
      description: s.description,
      actors: [...info.actors],
      recipients: [...info.recipients],
      inputs: [...(s.inputs ?? [])],
      output: s.output ?? null,
      note: s.note ?? null,
      inferred: s.note !== undefined && INFERENCE_MARKER.test(s.note),
      time: info.time,
      next: info.next.map((n) => ({ when: n.when ? compileCondition(n.when) : null, to: n.to })),
      outcomes: o
        ? {
            approve: true,
            sendBack: o.sendBack
              ? { to: o.sendBack.to, reasonRequired: o.sendBack.reasonRequired ?? true }
              : null,
            postpone: o.postpone ?? false,
            reject: o.reject ?? false,
          }
        : null,
      channels: [...(s.channels ?? [])],
      action: s.action ?? null,
      report: s.report ?? null,
      extension: compileExtension(s.extension, analysis, path),
      optional: s.optional ?? false,
      escalation: own ?? (escalates ? defaultEscalation : null),
      parallel:
        info.branches.length > 0
          ? {
              join: ('join' in s && s.join) || 'all',
              branches: info.branches.map((b, i) => ({
                name: ('branches' in s && s.branches?.[i]?.name) || null,
                steps: b.steps.map((x) => x.id),
              })),
            }
          : null,
      branch:
        info.scope.parent !== null ? { parent: info.scope.parent, index: info.scope.branchIndex! } : null,
    };
  };

  const flows: Record<string, CompiledFlow> = {};
  for (const flowId of analysis.flowOrder) {
    const { source, top } = analysis.flows.get(flowId)!;
    const steps: Record<string, CompiledStep> = {};
    const add = (info: StepInfo) => {
      steps[info.id] = compileStep(info);
      info.branches.forEach((b) => b.steps.forEach(add));
    };
    top.steps.forEach(add);
    flows[flowId] = {
      id: flowId,
      title: source.title ?? (flowId === 'item' ? def.title : flowId),
      trigger: flowId === 'item' ? 'item' : source.schedule ? 'schedule' : 'manual',
      schedule: source.schedule ? compileSchedule(source.schedule, def.timeZone) : null,
      note: source.note ?? null,
      start: top.steps[0]!.id,
      order: top.steps.map((s) => s.id),
      steps,
    };
  }

  const roles: CompiledSop['roles'] = {};
  for (const r of def.roles)
    roles[r.code] = { code: r.code, name: r.name, description: r.description ?? null };

  return {
    format: 'tatalaman.sop/1',
    key: def.key,
    version: def.version,
    title: def.title,
    language: def.language ?? 'id',
    timeZone: def.timeZone,
    description: def.description ?? null,
    sourceHash: sha256Hex(sourceText),
    metadata: compileMetadata(def),
    roles,
    roleOrder: def.roles.map((r) => r.code),
    contentTypes: compileContentTypes(def),
    escalation: defaultEscalation,
    flows,
    flowOrder: [...analysis.flowOrder],
    deadlines: (def.deadlines ?? []).map((d, i) => ({
      id: d.id,
      flow: analysis.steps.get(d.from)!.flow,
      from: d.from,
      until: d.until,
      time: analysis.times.get(formatPath(['deadlines', i, 'time']))!,
      escalation:
        compileEscalation(d.escalation, analysis, formatPath(['deadlines', i, 'escalation'])) ??
        defaultEscalation,
      // Only when written: deadlines compiled before extensions existed stay as they were.
      ...(d.extension
        ? { extension: compileExtension(d.extension, analysis, formatPath(['deadlines', i])) }
        : {}),
      note: d.note ?? null,
    })),
  };
}
