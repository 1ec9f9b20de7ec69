import { APPROVALS_ERRORS as E, COMMON_ERRORS } from '@tatalaman/contracts';
import { commandFailure } from '@tatalaman/messaging';

/**
 * The refusals approvals gives itself, from its catalogue (libs/contracts), each with the
 * words staff read for this occurrence (Bahasa Indonesia first).
 */
export const fail = {
  taskNotFound: () =>
    commandFailure(E['task-not-found'], { message: { id: 'Tugas tidak ditemukan.', en: 'Task not found.' } }),
  runNotFound: () =>
    commandFailure(E['run-not-found'], {
      message: { id: 'Proses SOP tidak ditemukan.', en: 'SOP run not found.' },
    }),
  roleNotHolder: (stepId: string) =>
    commandFailure(E['role-not-holder'], {
      message: {
        id: `Anda tidak memegang peran untuk langkah "${stepId}".`,
        en: `You hold none of the roles of step "${stepId}".`,
      },
      detail: { stepId },
    }),
  runNotVisible: () =>
    commandFailure(E['role-not-holder'], {
      message: {
        id: 'Anda tidak memegang peran apa pun dalam proses SOP ini.',
        en: 'You hold none of the roles of this SOP run.',
      },
    }),
  taskClosed: () =>
    commandFailure(E['task-closed'], {
      message: { id: 'Tugas ini sudah selesai.', en: 'This task is already done.' },
    }),
  taskDeciding: () =>
    commandFailure(E['task-deciding'], {
      message: {
        id: 'Keputusan untuk tugas ini sedang diproses.',
        en: 'A decision on this task is being processed.',
      },
    }),
  taskClaimed: (claim: { userId: string; name?: string }) =>
    commandFailure(E['task-claimed'], {
      message: {
        id: `Tugas ini sedang dikerjakan oleh ${claim.name ?? claim.userId}.`,
        en: `${claim.name ?? claim.userId} is working on this task.`,
      },
      detail: { claimedBy: claim },
    }),
  notClaimed: () =>
    commandFailure(E['not-claimed'], {
      message: { id: 'Tugas ini tidak sedang diambil siapa pun.', en: 'Nobody has claimed this task.' },
    }),
  notClaimer: () =>
    commandFailure(E['not-claimer'], {
      message: {
        id: 'Hanya yang mengambil tugas ini atau admin kantor yang dapat melepasnya.',
        en: 'Only whoever claimed this task or an office admin can release it.',
      },
    }),
  keyReused: () =>
    commandFailure(COMMON_ERRORS['idempotency-key-reused'], {
      message: {
        id: 'Kunci idempoten ini sudah dipakai untuk permintaan lain.',
        en: 'This idempotency key was already used for a different request.',
      },
    }),
  reasonRequired: (decision: string) =>
    commandFailure(E['reason-required'], {
      message: {
        id: `Keputusan "${decision}" wajib disertai alasan.`,
        en: `Decision "${decision}" needs a reason.`,
      },
    }),
  notAReview: () =>
    commandFailure(E['not-a-review'], {
      message: {
        id: 'Keputusan massal hanya untuk langkah pemeriksaan (review).',
        en: 'Bulk decisions apply to review steps only.',
      },
    }),
  badCursor: () =>
    commandFailure(COMMON_ERRORS['invalid-request'], {
      message: { id: 'Penanda halaman (cursor) tidak valid.', en: 'The paging cursor is not valid.' },
    }),
  /** A request the contract cannot express (one of two fields): refused like any invalid request. */
  invalid: (message: { id: string; en: string }) =>
    commandFailure(COMMON_ERRORS['invalid-request'], { message }),
  roleNotChosen: (role: string) =>
    commandFailure(E['role-not-holder'], {
      message: {
        id: `Anda tidak dapat bertindak sebagai "${role}" pada langkah ini.`,
        en: `You cannot act as "${role}" on this step.`,
      },
      detail: { role },
    }),
};
