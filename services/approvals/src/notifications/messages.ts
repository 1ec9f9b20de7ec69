import type { LocalizedMessage, NotificationKind } from '@tatalaman/contracts';

/** What a notification talks about, as far as approvals knows it. */
export interface MessageContext {
  kind: NotificationKind;
  /** The item's title, else the definition's title or key. */
  what: string;
  step?: { number?: number; description?: string; id: string };
  /** The role the recipient holds it in, and for whom when delegated. */
  role?: string;
  onBehalfOf?: string;
  /** Roles of the step (for escalations). */
  stepRoles?: string[];
  cause?: { kind: string; reason?: string };
  dueAt?: string;
  timeStandard?: string;
  deadline?: { from: string; until: string };
  /** Why the platform's work failed (failed publish/automatic steps). */
  failure?: string;
  timeZone?: string;
}

const ZONES: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

/** "Senin, 2 Maret 2026 pukul 14.30 WITA" / "Monday, 2 March 2026 at 14:30 WITA": the office's own clock. */
export function formatInstant(isoInstant: string, timeZone?: string): LocalizedMessage {
  const zone = timeZone && ZONES[timeZone] ? timeZone : 'UTC';
  const label = ZONES[zone] ?? 'UTC';
  const date = new Date(isoInstant);
  const day = (locale: string) =>
    new Intl.DateTimeFormat(locale, {
      timeZone: zone,
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    }).format(date);
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const hh = parts.find((p) => p.type === 'hour')?.value ?? '00';
  const mm = parts.find((p) => p.type === 'minute')?.value ?? '00';
  return { id: `${day('id-ID')} pukul ${hh}.${mm} ${label}`, en: `${day('en-GB')} at ${hh}:${mm} ${label}` };
}

function stepLabel(c: MessageContext): LocalizedMessage {
  const n = c.step?.number !== undefined ? ` ${c.step.number}` : '';
  const d = c.step?.description ? ` "${c.step.description}"` : c.step ? ` (${c.step.id})` : '';
  return { id: `Langkah${n}${d}`, en: `Step${n}${d}` };
}

export function composeMessage(c: MessageContext): { subject: LocalizedMessage; body: LocalizedMessage } {
  const step = stepLabel(c);
  const due = c.dueAt ? formatInstant(c.dueAt, c.timeZone) : undefined;
  const behalf = c.onBehalfOf
    ? { id: ` (mewakili ${c.onBehalfOf})`, en: ` (on behalf of ${c.onBehalfOf})` }
    : { id: '', en: '' };
  const role = c.role ? { id: ` sebagai ${c.role}${behalf.id}`, en: ` as ${c.role}${behalf.en}` } : behalf;
  switch (c.kind) {
    case 'assigned': {
      const back =
        c.cause?.kind === 'send-back'
          ? {
              id: ` Dikembalikan untuk diperbaiki${c.cause.reason ? `: ${c.cause.reason}` : ''}.`,
              en: ` Sent back for changes${c.cause.reason ? `: ${c.cause.reason}` : ''}.`,
            }
          : c.cause?.kind === 'resume'
            ? { id: ' Proses yang ditunda dilanjutkan.', en: ' The postponed run was resumed.' }
            : { id: '', en: '' };
      return {
        subject: { id: `Tugas baru: ${c.what}`, en: `New task: ${c.what}` },
        body: {
          id: `${step.id} pada "${c.what}" menunggu tindakan Anda${role.id}.${back.id}${due ? ` Batas waktu: ${due.id}.` : ''}`,
          en: `${step.en} of "${c.what}" is waiting for you${role.en}.${back.en}${due ? ` Due: ${due.en}.` : ''}`,
        },
      };
    }
    case 'reminder':
      return {
        subject: { id: `Pengingat: ${c.what} segera jatuh tempo`, en: `Reminder: ${c.what} is due soon` },
        body: {
          id: `${step.id} pada "${c.what}" harus diselesaikan${due ? ` sebelum ${due.id}` : ' segera'}.`,
          en: `${step.en} of "${c.what}" is due${due ? ` by ${due.en}` : ' soon'}.`,
        },
      };
    case 'breached':
      return {
        subject: { id: `Melewati batas waktu: ${c.what}`, en: `Overdue: ${c.what}` },
        body: {
          id: `${step.id} pada "${c.what}" telah melewati standar waktu${c.timeStandard ? ` ${c.timeStandard}` : ''}${due ? ` (batas ${due.id})` : ''}.`,
          en: `${step.en} of "${c.what}" passed its time standard${c.timeStandard ? ` of ${c.timeStandard}` : ''}${due ? ` (due ${due.en})` : ''}.`,
        },
      };
    case 'escalated': {
      const holders = c.stepRoles?.length ? c.stepRoles.join(', ') : undefined;
      return {
        subject: { id: `Eskalasi: ${c.what}`, en: `Escalation: ${c.what}` },
        body: {
          id: `${step.id} pada "${c.what}"${holders ? ` (peran ${holders})` : ''} melewati batas waktu${due ? ` ${due.id}` : ''}. Anda diberi tahu${role.id}.`,
          en: `${step.en} of "${c.what}"${holders ? ` (roles ${holders})` : ''} is past its deadline${due ? ` of ${due.en}` : ''}. You are told${role.en}.`,
        },
      };
    }
    case 'failed':
      return {
        subject: { id: `Gagal diproses: ${c.what}`, en: `Failed: ${c.what}` },
        body: {
          id: `${step.id} pada "${c.what}" gagal dikerjakan sistem${c.failure ? `: ${c.failure}` : ''}. Perbaiki penyebabnya, lalu coba lagi${role.id}.`,
          en: `${step.en} of "${c.what}" failed${c.failure ? `: ${c.failure}` : ''}. Fix the cause, then retry${role.en}.`,
        },
      };
    case 'deadline-reminder':
      return {
        subject: { id: `Tenggat proses segera tiba: ${c.what}`, en: `Process deadline near: ${c.what}` },
        body: {
          id: `Tenggat dari langkah ${c.deadline?.from ?? '?'} sampai ${c.deadline?.until ?? '?'}${c.timeStandard ? ` (${c.timeStandard})` : ''} pada "${c.what}" jatuh${due ? ` pada ${due.id}` : ' segera'}. Langkah yang terbuka menunggu tindakan Anda${role.id}.`,
          en: `The deadline from step ${c.deadline?.from ?? '?'} to ${c.deadline?.until ?? '?'}${c.timeStandard ? ` (${c.timeStandard})` : ''} of "${c.what}" is due${due ? ` ${due.en}` : ' soon'}. Its open steps are waiting for you${role.en}.`,
        },
      };
    case 'notice':
      return {
        subject: { id: `Pemberitahuan: ${c.what}`, en: `Notice: ${c.what}` },
        body: {
          id: `${step.id} pada "${c.what}" memberi tahu Anda${role.id}.`,
          en: `${step.en} of "${c.what}" lets you know${role.en}.`,
        },
      };
    case 'deadline-breached':
      return {
        subject: { id: `Tenggat proses terlewati: ${c.what}`, en: `Process deadline missed: ${c.what}` },
        body: {
          id: `Tenggat dari langkah ${c.deadline?.from ?? '?'} sampai ${c.deadline?.until ?? '?'}${c.timeStandard ? ` (${c.timeStandard})` : ''} pada "${c.what}" terlewati${due ? ` (batas ${due.id})` : ''}. Anda diberi tahu${role.id}.`,
          en: `The deadline from step ${c.deadline?.from ?? '?'} to ${c.deadline?.until ?? '?'}${c.timeStandard ? ` (${c.timeStandard})` : ''} of "${c.what}" was missed${due ? ` (due ${due.en})` : ''}. You are told${role.en}.`,
        },
      };
  }
}
