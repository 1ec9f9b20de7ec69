import type { Service } from '../naming';
import type { LocalizedMessage } from './index';

/**
 * Error catalogues: every problem code a service can answer with, written once, next to
 * its contract. Services raise them (`commandFailure(CONTENT_ERRORS['item-not-found'])`),
 * commands list the ones they can answer (`errors` of `defineCommand`), and the gateway
 * composes its problem catalogue and the OpenAPI document from them.
 */
export interface ErrorSpec {
  /** HTTP status the edge answers with. */
  readonly status: number;
  /** Bilingual title of the problem (RFC 9457 `title`); an occurrence may add a detail. */
  readonly title: LocalizedMessage;
}

/** One catalogued error: its stable kebab-case code, the catalogue it belongs to and its spec. */
export interface CataloguedError<C extends string = string> extends ErrorSpec {
  readonly code: C;
  readonly catalogue: Service | 'common';
}

export type ErrorCatalogue<T extends Record<string, ErrorSpec> = Record<string, ErrorSpec>> = {
  readonly [C in keyof T & string]: CataloguedError<C>;
};

const CODE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export function defineErrors<const T extends Record<string, ErrorSpec>>(
  catalogue: Service | 'common',
  specs: T,
): ErrorCatalogue<T> {
  const out: Record<string, CataloguedError> = {};
  for (const [code, spec] of Object.entries(specs)) {
    if (!CODE.test(code))
      throw new Error(`Error code ${JSON.stringify(code)} of ${catalogue} is not kebab-case.`);
    if (!Number.isInteger(spec.status) || spec.status < 400 || spec.status > 599) {
      throw new Error(`Error ${code} of ${catalogue} has status ${spec.status}; errors are 4xx or 5xx.`);
    }
    out[code] = Object.freeze({ code, catalogue, status: spec.status, title: spec.title });
  }
  return Object.freeze(out) as ErrorCatalogue<T>;
}

/**
 * Merges catalogues into one (the gateway's view of every service), refusing a code that two
 * catalogues define with a different status: the same code must mean the same thing everywhere.
 */
export function composeErrors(...catalogues: ErrorCatalogue[]): Record<string, CataloguedError> {
  const out: Record<string, CataloguedError> = {};
  for (const catalogue of catalogues) {
    for (const error of Object.values(catalogue)) {
      const known = out[error.code];
      if (known && known.status !== error.status) {
        throw new Error(
          `Error code ${error.code} is ${known.status} in ${known.catalogue} but ${error.status} in ${error.catalogue}.`,
        );
      }
      if (!known) out[error.code] = error;
    }
  }
  return out;
}

/**
 * Codes any command can answer with: produced by the messaging library (parsing, tenancy,
 * transport) and by the idempotency store, whatever the service.
 */
export const COMMON_ERRORS = defineErrors('common', {
  'invalid-request': { status: 400, title: { id: 'Permintaan tidak valid', en: 'The request is not valid' } },
  'invalid-cursor': {
    status: 400,
    title: { id: 'Kursor halaman tidak valid', en: 'The page cursor is not valid' },
  },
  forbidden: { status: 403, title: { id: 'Tidak diizinkan', en: 'Not allowed' } },
  'office-scope': {
    status: 403,
    title: { id: 'Data ini milik kantor lain', en: 'This data belongs to another office' },
  },
  'not-found': { status: 404, title: { id: 'Tidak ditemukan', en: 'Not found' } },
  conflict: {
    status: 409,
    title: { id: 'Terjadi konflik dengan data terkini', en: 'Conflicts with the current state' },
  },
  'idempotency-key-reused': {
    status: 422,
    title: {
      id: 'Idempotency-Key sudah dipakai untuk permintaan lain',
      en: 'The Idempotency-Key was used for a different request',
    },
  },
  unprocessable: {
    status: 422,
    title: { id: 'Permintaan tidak dapat diproses', en: 'The request cannot be processed' },
  },
  internal: {
    status: 500,
    title: { id: 'Terjadi kesalahan pada layanan internal', en: 'An internal service failed' },
  },
  transport: {
    status: 502,
    title: { id: 'Gagal menghubungi layanan tujuan', en: 'Could not reach the service' },
  },
  unavailable: {
    status: 503,
    title: { id: 'Layanan tujuan sedang tidak tersedia', en: 'No service is answering this command' },
  },
  timeout: {
    status: 504,
    title: { id: 'Layanan tujuan tidak menjawab tepat waktu', en: 'The service did not answer in time' },
  },
});
