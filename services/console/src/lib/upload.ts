import { refreshSession } from '../api/client';
import { asProblem, ApiError } from '../api/problem';
import { session } from '../api/session';
import { currentLanguage, t } from '../i18n';
import { newKey } from './ids';

export interface UploadProgress {
  loaded: number;
  total: number;
}

/**
 * Sends a file as the body of a POST with XMLHttpRequest, the one browser API that reports
 * upload progress. An expired access token is refreshed once; the retry keeps the
 * Idempotency-Key, so a request the server did finish is not done twice.
 */
export function uploadFile(
  url: string,
  file: Blob,
  onProgress: (p: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<unknown> {
  const key = newKey();
  const attempt = (retried: boolean): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', url);
      const token = session().accessToken;
      if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
      xhr.setRequestHeader('accept-language', currentLanguage());
      xhr.setRequestHeader('idempotency-key', key);
      xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
      xhr.responseType = 'json';
      xhr.upload.onprogress = (e) =>
        onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
      xhr.onload = () => {
        if (xhr.status === 401 && !retried) {
          void refreshSession().then((ok) =>
            ok
              ? attempt(true).then(resolve, reject)
              : reject(new ApiError(401, asProblem(xhr.response, 401, t('problem.unknown')))),
          );
          return;
        }
        if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.response);
        else reject(new ApiError(xhr.status, asProblem(xhr.response, xhr.status, t('problem.unknown'))));
      };
      xhr.onerror = () =>
        reject(
          new ApiError(0, { type: 'about:blank', title: t('problem.network'), status: 0, code: 'network' }),
        );
      xhr.onabort = () =>
        reject(
          new ApiError(0, { type: 'about:blank', title: t('upload.cancelled'), status: 0, code: 'aborted' }),
        );
      signal?.addEventListener('abort', () => xhr.abort());
      xhr.send(file);
    });
  return attempt(false);
}
