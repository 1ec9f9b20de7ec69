import { CommandFailure } from '@tatalaman/messaging';

/** The refusals approvals gives itself, in the words staff read (Bahasa Indonesia first). */
export const fail = {
  taskNotFound: () =>
    new CommandFailure(404, 'task-not-found', {
      id: 'Tugas tidak ditemukan.',
      en: 'Task not found.',
    }),
  runNotFound: () =>
    new CommandFailure(404, 'run-not-found', {
      id: 'Proses SOP tidak ditemukan.',
      en: 'SOP run not found.',
    }),
  roleNotHolder: (stepId: string) =>
    new CommandFailure(
      403,
      'role-not-holder',
      {
        id: `Anda tidak memegang peran untuk langkah "${stepId}".`,
        en: `You hold none of the roles of step "${stepId}".`,
      },
      { stepId },
    ),
  runNotVisible: () =>
    new CommandFailure(403, 'role-not-holder', {
      id: 'Anda tidak memegang peran apa pun dalam proses SOP ini.',
      en: 'You hold none of the roles of this SOP run.',
    }),
  taskClosed: () =>
    new CommandFailure(409, 'task-closed', {
      id: 'Tugas ini sudah selesai.',
      en: 'This task is already done.',
    }),
  taskDeciding: () =>
    new CommandFailure(409, 'task-deciding', {
      id: 'Keputusan untuk tugas ini sedang diproses.',
      en: 'A decision on this task is being processed.',
    }),
  taskClaimed: (claim: { userId: string; name?: string }) =>
    new CommandFailure(
      409,
      'task-claimed',
      {
        id: `Tugas ini sedang dikerjakan oleh ${claim.name ?? claim.userId}.`,
        en: `${claim.name ?? claim.userId} is working on this task.`,
      },
      { claimedBy: claim },
    ),
  notClaimed: () =>
    new CommandFailure(409, 'not-claimed', {
      id: 'Tugas ini tidak sedang diambil siapa pun.',
      en: 'Nobody has claimed this task.',
    }),
  notClaimer: () =>
    new CommandFailure(403, 'not-claimer', {
      id: 'Hanya yang mengambil tugas ini atau admin kantor yang dapat melepasnya.',
      en: 'Only whoever claimed this task or an office admin can release it.',
    }),
  keyReused: () =>
    new CommandFailure(422, 'idempotency-key-reused', {
      id: 'Kunci idempoten ini sudah dipakai untuk permintaan lain.',
      en: 'This idempotency key was already used for a different request.',
    }),
  keyMissing: () =>
    new CommandFailure(400, 'invalid-request', {
      id: 'Permintaan ini memerlukan kunci idempoten (Idempotency-Key).',
      en: 'This request needs an idempotency key (Idempotency-Key).',
    }),
  reasonRequired: (decision: string) =>
    new CommandFailure(422, 'reason-required', {
      id: `Keputusan "${decision}" wajib disertai alasan.`,
      en: `Decision "${decision}" needs a reason.`,
    }),
  notAReview: () =>
    new CommandFailure(422, 'not-a-review', {
      id: 'Keputusan massal hanya untuk langkah pemeriksaan (review).',
      en: 'Bulk decisions apply to review steps only.',
    }),
  badCursor: () =>
    new CommandFailure(400, 'invalid-request', {
      id: 'Penanda halaman (cursor) tidak valid.',
      en: 'The paging cursor is not valid.',
    }),
  roleNotChosen: (role: string) =>
    new CommandFailure(
      403,
      'role-not-holder',
      {
        id: `Anda tidak dapat bertindak sebagai "${role}" pada langkah ini.`,
        en: `You cannot act as "${role}" on this step.`,
      },
      { role },
    ),
};
