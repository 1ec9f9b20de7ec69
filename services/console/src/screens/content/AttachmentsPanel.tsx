import type { Problem, Schemas } from '@tatalaman/api-client';
import { useRef, useState } from 'react';
import { api, BASE, call } from '../../api/client';
import { once } from '../../api/mutate';
import { toProblem } from '../../api/problem';
import { Field } from '../../components/Field';
import { ProblemNote } from '../../components/ProblemNote';
import { t } from '../../i18n';
import { download } from '../../lib/download';
import { fileSize, percent } from '../../lib/format';
import { uploadFile, type UploadProgress } from '../../lib/upload';

interface Props {
  office: string;
  itemId: string;
  attachments: Schemas['Attachment'][];
  onChanged: () => void;
  onInsert: (attachment: Schemas['Attachment']) => void;
  editable: boolean;
}

/** The item's files: upload with progress, alternative text, insert into the body, remove. */
export function AttachmentsPanel({ office, itemId, attachments, onChanged, onInsert, editable }: Props) {
  const fileInput = useRef<HTMLInputElement>(null);
  const [alt, setAlt] = useState('');
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [status, setStatus] = useState('');
  const abort = useRef<AbortController | null>(null);

  async function upload() {
    const file = fileInput.current?.files?.[0];
    if (!file) return;
    setProblem(null);
    setProgress({ loaded: 0, total: file.size });
    abort.current = new AbortController();
    const query = new URLSearchParams({ fileName: file.name, ...(alt.trim() ? { alt: alt.trim() } : {}) });
    try {
      await uploadFile(
        `${BASE}/api/v1/offices/${encodeURIComponent(office)}/items/${itemId}/attachments/file?${query}`,
        file,
        setProgress,
        abort.current.signal,
      );
      setStatus(t('attachments.uploaded', { name: file.name }));
      setAlt('');
      if (fileInput.current) fileInput.current.value = '';
      onChanged();
    } catch (e) {
      setProblem(toProblem(e, t('problem.unknown')));
    } finally {
      setProgress(null);
      abort.current = null;
    }
  }

  async function saveAlt(a: Schemas['Attachment'], value: string) {
    try {
      await call(
        api().PATCH('/api/v1/offices/{office}/attachments/{attachmentId}', {
          params: { path: { office, attachmentId: a.attachmentId }, header: once() },
          body: { alt: value.trim() || null },
        }),
      );
      setStatus(t('attachments.altSaved'));
      onChanged();
    } catch (e) {
      setProblem(toProblem(e, t('problem.unknown')));
    }
  }

  async function remove(a: Schemas['Attachment']) {
    if (!window.confirm(t('attachments.confirmDelete', { name: a.fileName }))) return;
    try {
      await call(
        api().DELETE('/api/v1/offices/{office}/attachments/{attachmentId}', {
          params: { path: { office, attachmentId: a.attachmentId }, header: once() },
        }),
      );
      onChanged();
    } catch (e) {
      setProblem(toProblem(e, t('problem.unknown')));
    }
  }

  return (
    <section aria-labelledby="attachments-title" className="panel">
      <h2 id="attachments-title">{t('attachments.title')}</h2>
      <p className="visually-hidden" role="status">
        {status}
      </p>
      {attachments.length === 0 ? (
        <p className="muted">{t('attachments.empty')}</p>
      ) : (
        <ul className="attachment-list">
          {attachments.map((a) => (
            <li key={a.attachmentId}>
              <div>
                <strong>{a.fileName}</strong>{' '}
                <span className="muted small">
                  {a.mediaType} · {fileSize(a.size)}
                  {a.status === 'pending' ? ` · ${t('attachments.pending')}` : ''}
                </span>
              </div>
              {a.kind === 'image' && editable && (
                <AltField attachment={a} onSave={(v) => void saveAlt(a, v)} />
              )}
              <div className="row-actions">
                {a.kind === 'image' && editable && (
                  <button type="button" onClick={() => onInsert(a)}>
                    {t('attachments.insert')}
                  </button>
                )}
                <button
                  type="button"
                  onClick={() =>
                    void download(
                      `/api/v1/offices/${office}/attachments/${a.attachmentId}/content`,
                      a.fileName,
                    ).catch((e) => setProblem(toProblem(e, t('problem.unknown'))))
                  }
                >
                  {t('common.download')}
                </button>
                {editable && (
                  <button type="button" className="danger" onClick={() => void remove(a)}>
                    {t('common.delete')}
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <div className="upload">
          <Field label={t('attachments.file')} hint={t('attachments.limits')}>
            {({ id, describedBy }) => (
              <input
                id={id}
                ref={fileInput}
                type="file"
                aria-describedby={describedBy}
                data-testid="attachment-file"
              />
            )}
          </Field>
          <Field label={t('attachments.alt')} hint={t('attachments.altHint')}>
            {({ id, describedBy }) => (
              <input
                id={id}
                value={alt}
                onChange={(e) => setAlt(e.target.value)}
                aria-describedby={describedBy}
              />
            )}
          </Field>
          {progress ? (
            <div className="progress">
              <label>
                {t('attachments.uploading', {
                  percent: percent(progress.total ? progress.loaded / progress.total : 0),
                })}
                <progress max={progress.total} value={progress.loaded} />
              </label>
              <button type="button" onClick={() => abort.current?.abort()}>
                {t('common.cancel')}
              </button>
            </div>
          ) : (
            <button type="button" onClick={() => void upload()} data-testid="attachment-upload">
              {t('attachments.upload')}
            </button>
          )}
        </div>
      )}
      <ProblemNote problem={problem} />
    </section>
  );
}

function AltField({
  attachment,
  onSave,
}: {
  attachment: Schemas['Attachment'];
  onSave: (v: string) => void;
}) {
  const [value, setValue] = useState(attachment.alt ?? '');
  return (
    <div className="inline-form">
      <Field label={t('attachments.alt')} error={!attachment.alt ? t('attachments.altMissing') : undefined}>
        {({ id, describedBy, invalid }) => (
          <input
            id={id}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            aria-describedby={describedBy}
            aria-invalid={invalid}
          />
        )}
      </Field>
      <button type="button" onClick={() => onSave(value)} disabled={value === (attachment.alt ?? '')}>
        {t('common.save')}
      </button>
    </div>
  );
}
