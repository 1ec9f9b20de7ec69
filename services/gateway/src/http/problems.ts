import {
  APPROVALS_ERRORS,
  COMMON_ERRORS,
  composeErrors,
  CONTENT_ERRORS,
  GATEWAY_ERRORS,
  type LocalizedMessage,
  PUBLISHING_ERRORS,
  REGISTRY_ERRORS,
  REPORTING_ERRORS,
  WORKER_ERRORS,
} from '@tatalaman/contracts';

/** Base of every problem `type` URI: `https://tatalaman.id/problems/<code>`. */
export const PROBLEM_BASE = 'https://tatalaman.id/problems/';

export function problemType(code: string): string {
  return PROBLEM_BASE + code;
}

/**
 * The error catalogues of the services behind the edge (`defineErrors` next to each service's
 * contract in libs/contracts), one line per service. Their codes pass through the edge with
 * their own status and title; composing refuses a code two catalogues give different statuses.
 */
const SERVICE_CATALOGUES = [
  COMMON_ERRORS,
  CONTENT_ERRORS,
  REGISTRY_ERRORS,
  PUBLISHING_ERRORS,
  REPORTING_ERRORS,
  APPROVALS_ERRORS,
  WORKER_ERRORS,
  GATEWAY_ERRORS,
] as const;
export const SERVICE_ERRORS = composeErrors(...SERVICE_CATALOGUES);
/** Every code of every catalogue (distributed over the catalogues, so none is lost). */
type CodesOf<C> = C extends unknown ? keyof C & string : never;
type CataloguedCode = CodesOf<(typeof SERVICE_CATALOGUES)[number]>;
const CATALOGUED = SERVICE_ERRORS as Record<CataloguedCode, { status: number; title: LocalizedMessage }>;

/**
 * The problems the edge itself answers with, one title per code (RFC 9457: the title
 * does not change between occurrences; the `detail` says what happened this time).
 * Services' error replies keep their own code; their message becomes the detail.
 * docs/api.md lists these; keep the two together.
 */
export const PROBLEMS = {
  ...CATALOGUED,
  'invalid-request': {
    status: 400,
    title: { id: 'Permintaan tidak valid', en: 'The request is not valid' },
  },
  'invalid-json': {
    status: 400,
    title: { id: 'Isi permintaan bukan JSON yang valid', en: 'The request body is not valid JSON' },
  },
  'idempotency-key-required': {
    status: 400,
    title: { id: 'Header Idempotency-Key wajib diisi', en: 'The Idempotency-Key header is required' },
  },
  unauthenticated: {
    status: 401,
    title: { id: 'Perlu masuk terlebih dahulu', en: 'Authentication is required' },
  },
  'invalid-credentials': {
    status: 401,
    title: { id: 'Email atau kata sandi salah', en: 'Wrong email or password' },
  },
  'invalid-refresh-token': {
    status: 401,
    title: { id: 'Sesi tidak berlaku lagi', en: 'The session is no longer valid' },
  },
  'csrf-failed': {
    status: 403,
    title: {
      id: 'Permintaan ini tidak datang dari konsol Tata Laman',
      en: 'This request did not come from the Tata Laman console',
    },
  },
  forbidden: {
    status: 403,
    title: { id: 'Tidak diizinkan', en: 'Not allowed' },
  },
  'user-shared': {
    status: 403,
    title: {
      id: 'Pengguna ini juga anggota kantor lain',
      en: 'This user is also a member of another office',
    },
  },
  'role-not-held': {
    status: 403,
    title: { id: 'Anda tidak memegang peran ini', en: 'You do not hold this role' },
  },
  'not-found': {
    status: 404,
    title: { id: 'Tidak ditemukan', en: 'Not found' },
  },
  conflict: {
    status: 409,
    title: { id: 'Bertentangan dengan data terkini', en: 'Conflicts with the current state' },
  },
  'idempotency-in-progress': {
    status: 409,
    title: {
      id: 'Permintaan dengan Idempotency-Key ini sedang diproses',
      en: 'A request with this Idempotency-Key is still being processed',
    },
  },
  'email-taken': {
    status: 409,
    title: { id: 'Email sudah terdaftar', en: 'The email is already registered' },
  },
  'office-exists': {
    status: 409,
    title: { id: 'Kode kantor sudah dipakai', en: 'The office code is already in use' },
  },
  'already-member': {
    status: 409,
    title: {
      id: 'Pengguna sudah menjadi anggota kantor ini',
      en: 'The user is already a member of this office',
    },
  },
  'last-platform-admin': {
    status: 409,
    title: {
      id: 'Admin platform terakhir tidak dapat dicabut',
      en: 'The last platform admin cannot be removed',
    },
  },
  'length-required': {
    status: 411,
    title: {
      id: 'Panjang isi permintaan (Content-Length) wajib disebutkan',
      en: 'The request must state its length (Content-Length)',
    },
  },
  'upload-in-progress': {
    status: 409,
    title: {
      id: 'Berkas lampiran ini sedang diunggah oleh permintaan lain',
      en: 'Another request is uploading this attachment',
    },
  },
  'request-timeout': {
    status: 408,
    title: { id: 'Permintaan tidak tiba tepat waktu', en: 'The request did not arrive in time' },
  },
  'headers-too-large': {
    status: 431,
    title: { id: 'Header permintaan terlalu besar', en: 'The request headers are too large' },
  },
  'payload-too-large': {
    status: 413,
    title: { id: 'Isi permintaan terlalu besar', en: 'The request body is too large' },
  },
  'unsupported-media-type': {
    status: 415,
    title: { id: 'Jenis isi permintaan tidak didukung', en: 'The request body type is not supported' },
  },
  'idempotency-key-reused': {
    status: 422,
    title: {
      id: 'Idempotency-Key ini sudah dipakai untuk permintaan lain',
      en: 'This Idempotency-Key was already used for a different request',
    },
  },
  'invalid-calendar': {
    status: 422,
    title: { id: 'Kalender kantor tidak valid', en: 'The office calendar is not valid' },
  },
  unprocessable: {
    status: 422,
    title: { id: 'Permintaan tidak dapat diproses', en: 'The request cannot be processed' },
  },
  'rate-limited': {
    status: 429,
    title: { id: 'Terlalu banyak permintaan', en: 'Too many requests' },
  },
  internal: {
    status: 500,
    title: { id: 'Terjadi kesalahan pada server', en: 'The server failed' },
  },
  unavailable: {
    status: 503,
    title: { id: 'Layanan sedang tidak tersedia', en: 'The service is unavailable' },
  },
  timeout: {
    status: 504,
    title: { id: 'Layanan tidak menjawab tepat waktu', en: 'A service did not answer in time' },
  },
} as const satisfies Record<string, { status: number; title: LocalizedMessage }>;

export type ProblemCode = keyof typeof PROBLEMS;

/** Titles by status, for codes of other services the catalogue does not know. */
export const STATUS_TITLES: Record<number, LocalizedMessage> = {
  400: PROBLEMS['invalid-request'].title,
  401: PROBLEMS.unauthenticated.title,
  403: PROBLEMS.forbidden.title,
  404: PROBLEMS['not-found'].title,
  405: { id: 'Metode tidak diizinkan', en: 'Method not allowed' },
  408: PROBLEMS['request-timeout'].title,
  409: PROBLEMS.conflict.title,
  410: { id: 'Sudah tidak tersedia', en: 'No longer available' },
  411: PROBLEMS['length-required'].title,
  412: { id: 'Prasyarat tidak terpenuhi', en: 'Precondition failed' },
  413: PROBLEMS['payload-too-large'].title,
  415: PROBLEMS['unsupported-media-type'].title,
  422: PROBLEMS.unprocessable.title,
  429: PROBLEMS['rate-limited'].title,
  431: PROBLEMS['headers-too-large'].title,
  500: PROBLEMS.internal.title,
  501: { id: 'Belum didukung', en: 'Not implemented' },
  502: { id: 'Layanan tujuan gagal', en: 'A downstream service failed' },
  503: { id: 'Layanan sedang tidak tersedia', en: 'The service is unavailable' },
  504: { id: 'Layanan tidak menjawab tepat waktu', en: 'A service did not answer in time' },
};

export function titleFor(code: string, status: number): LocalizedMessage {
  const known = (PROBLEMS as Record<string, { title: LocalizedMessage }>)[code];
  return (
    known?.title ??
    STATUS_TITLES[status] ??
    (status >= 500 ? PROBLEMS.internal.title : PROBLEMS['invalid-request'].title)
  );
}

/**
 * One invalid field: a JSON Pointer into the body (RFC 6901, as `#/a/0/b`) or a query/path
 * parameter; or one diagnostic of an uploaded document (an SOP definition): its `code`,
 * `path` in the document and 1-based `line` and `column`.
 */
export interface FieldError {
  pointer?: string;
  parameter?: string;
  code?: string;
  path?: string;
  line?: number;
  column?: number;
  message: LocalizedMessage;
}

export interface ProblemInit {
  /** Bilingual detail of this occurrence; defaults to the title. */
  detail?: LocalizedMessage;
  errors?: FieldError[];
  /** Extra members (e.g. `retryAfter`); must be JSON. */
  extensions?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/**
 * Throw from anything on the HTTP side (guards, controllers, services) to answer with
 * an RFC 9457 problem: `throw new Problem('not-found', { detail: { id: '…', en: '…' } })`.
 * Services called over NATS throw `CommandFailure` instead; the edge maps both.
 */
export class Problem extends Error {
  readonly status: number;
  readonly title: LocalizedMessage;

  constructor(
    readonly code: ProblemCode | string,
    readonly init: ProblemInit & { status?: number } = {},
  ) {
    const known = (PROBLEMS as Record<string, { status: number; title: LocalizedMessage }>)[code];
    const status = init.status ?? known?.status ?? 500;
    super(`${status} ${code}${init.detail ? `: ${init.detail.en}` : ''}`);
    this.name = 'Problem';
    this.status = status;
    this.title = titleFor(code, status);
  }
}

/** 404 for anything the caller may not know exists (another office, another office's records). */
export function notFound(what?: LocalizedMessage): Problem {
  return new Problem('not-found', what ? { detail: what } : {});
}
