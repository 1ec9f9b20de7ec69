import type { Rejection } from './types';

type Code = Rejection['code'];

/** Why a decision was refused, in the words staff read (Bahasa Indonesia) and in English. */
const messages: Record<Code, (a?: string, b?: string) => { id: string; en: string }> = {
  'run-ended': () => ({
    id: 'Proses SOP ini sudah selesai; keputusan tidak dapat diberikan lagi.',
    en: 'This SOP run has ended; no more decisions can be taken.',
  }),
  'step-not-open': (step) => ({
    id: `Langkah "${step}" tidak sedang menunggu keputusan.`,
    en: `Step "${step}" is not waiting for a decision.`,
  }),
  'role-not-holder': (role, step) => ({
    id: `Peran "${role}" tidak memegang langkah "${step}".`,
    en: `Role "${role}" does not hold step "${step}".`,
  }),
  'duplicate-key': () => ({
    id: 'Keputusan dengan kunci idempoten ini sudah diterima sebelumnya.',
    en: 'A decision with this idempotency key was already accepted.',
  }),
  'decision-not-allowed': (decision, step) => ({
    id: `Keputusan "${decision}" tidak tersedia untuk ${subject(step, 'id')} saat ini.`,
    en: `Decision "${decision}" is not available for ${subject(step, 'en')} now.`,
  }),
  'reason-required': (decision) => ({
    id: `Keputusan "${decision}" wajib disertai alasan.`,
    en: `Decision "${decision}" needs a reason.`,
  }),
  'extensions-exhausted': (step) => ({
    id: `Perpanjangan waktu ${subject(step, 'id')} sudah habis.`,
    en: `${capital(subject(step, 'en'))} has no extensions left.`,
  }),
  'step-busy': (step) => ({
    id: `Langkah "${step}" sedang dikerjakan sistem; tunggu sebentar.`,
    en: `Step "${step}" is being carried out by the platform; wait a moment.`,
  }),
  'invalid-request': () => ({
    id: 'Permintaan keputusan tidak lengkap.',
    en: 'The decision request is incomplete.',
  }),
  'calendar-not-newer': () => ({
    id: 'Proses ini sudah memakai kalender kantor versi ini atau yang lebih baru.',
    en: 'This run already uses this version of the office calendar or a newer one.',
  }),
  'invalid-calendar': () => ({
    id: 'Kalender kantor yang dikirim tidak valid.',
    en: 'The office calendar sent is not valid.',
  }),
};

/** What a refusal is about: a step by its id, or a deadline across steps given as `deadline:<id>`. */
export const deadlineSubject = (id: string) => `deadline:${id}`;

function subject(ref: string | undefined, lang: 'id' | 'en'): string {
  if (ref?.startsWith('deadline:')) {
    const id = ref.slice('deadline:'.length);
    return lang === 'id' ? `batas waktu "${id}"` : `deadline "${id}"`;
  }
  return lang === 'id' ? `langkah "${ref}"` : `step "${ref}"`;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function rejection(code: Code, a?: string, b?: string): Rejection {
  return { code, message: messages[code](a, b) };
}
