import type { Problem, Schemas } from '@tatalaman/api-client';
import { useCallback, useRef, useState, type FormEvent } from 'react';
import { api, call } from '../../api/client';
import { can, officeOf, useMe } from '../../api/me';
import { once } from '../../api/mutate';
import { toProblem } from '../../api/problem';
import { Field } from '../../components/Field';
import { Link } from '../../components/Link';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { ProblemNote, fieldError } from '../../components/ProblemNote';
import { RichEditor } from '../../components/RichEditor';
import { t } from '../../i18n';
import { dataUrl } from '../../lib/download';
import { dateTime } from '../../lib/format';
import { navigate } from '../../lib/router';
import { useAsync } from '../../lib/use-async';
import type { RouteProps } from '../../app/routes';
import { AttachmentsPanel } from './AttachmentsPanel';
import { PreviewDialog } from './PreviewDialog';
import { RevisionsPanel } from './RevisionsPanel';
import { itemStatusLabel, typeLabel } from './content-text';

type Tab = 'edit' | 'attachments' | 'revisions';

interface Draft {
  type: string;
  title: string;
  summary: string;
  tags: string;
  body: string;
  note: string;
}

const EMPTY: Draft = { type: '', title: '', summary: '', tags: '', body: '', note: '' };

function draftOf(item: Schemas['ContentItem']): Draft {
  return {
    type: item.type,
    title: item.title,
    summary: item.summary ?? '',
    tags: item.tags.join(', '),
    body: item.body,
    note: '',
  };
}

const EDITABLE = new Set(['draft', 'changes-requested']);

/**
 * One content item: its text in the rich editor, its files, its revisions; submitting it
 * starts the office's SOP run. A new item is created on its first save.
 */
export default function ContentEditorScreen({ office, params }: RouteProps) {
  const itemId = params.itemId;
  const me = useMe();
  const myOffice = officeOf(me, office);
  const timeZone = myOffice?.timeZone ?? 'Asia/Jakarta';
  const [tab, setTab] = useState<Tab>('edit');
  const [draft, setDraft] = useState<Draft | null>(itemId ? null : EMPTY);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState(false);
  const [editorKey, setEditorKey] = useState(0);
  const insertImage = useRef<((id: string, alt: string) => void) | null>(null);

  const types = useAsync(
    () => call(api().GET('/api/v1/offices/{office}/content-types', { params: { path: { office } } })),
    [office],
  );
  const item = useAsync(
    () =>
      itemId
        ? call(
            api().GET('/api/v1/offices/{office}/items/{itemId}', { params: { path: { office, itemId } } }),
          ).then((value) => {
            setDraft((d) => d ?? draftOf(value));
            return value;
          })
        : Promise.resolve(null),
    [office, itemId],
  );

  const resolveImage = useCallback(
    (attachmentId: string) =>
      dataUrl(`/api/v1/offices/${office}/attachments/${attachmentId}/content?disposition=inline`),
    [office],
  );

  if (!draft || (itemId && !item.data)) {
    return item.error ? <ProblemNote problem={item.error} /> : <Loading />;
  }
  const current = item.data ?? null;
  const writable = can(myOffice, 'content:write') && (!current || EDITABLE.has(current.status));
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...(d ?? EMPTY), ...patch }));

  async function save(e?: FormEvent): Promise<Schemas['ContentItem'] | null> {
    e?.preventDefault();
    if (!draft) return null;
    setBusy(true);
    setProblem(null);
    const tags = draft.tags
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    try {
      if (!current) {
        const created = await call(
          api().POST('/api/v1/offices/{office}/items', {
            params: { path: { office }, header: once() },
            body: {
              type: draft.type,
              title: draft.title,
              summary: draft.summary || null,
              body: draft.body,
              tags,
              ...(draft.note ? { note: draft.note } : {}),
            },
          }),
        );
        setStatus(t('editor.created'));
        navigate(`/${office}/konten/${created.itemId}`, { replace: true });
        return created;
      }
      const updated = await call(
        api().PATCH('/api/v1/offices/{office}/items/{itemId}', {
          params: { path: { office, itemId: current.itemId }, header: once() },
          body: {
            baseRevision: current.currentRevision.number,
            title: draft.title,
            summary: draft.summary || null,
            body: draft.body,
            tags,
            ...(draft.note ? { note: draft.note } : {}),
          },
        }),
      );
      item.setData(updated.item);
      set({ note: '' });
      setStatus(
        updated.revisionCreated
          ? t('editor.saved', { n: updated.item.currentRevision.number })
          : t('editor.unchanged'),
      );
      return updated.item;
    } catch (err) {
      setProblem(toProblem(err, t('problem.unknown')));
      return null;
    } finally {
      setBusy(false);
    }
  }

  async function submit() {
    const saved = await save();
    if (!saved) return;
    setBusy(true);
    try {
      const submission = await call(
        api().POST('/api/v1/offices/{office}/items/{itemId}/submit', {
          params: { path: { office, itemId: saved.itemId }, header: once() },
          body: { revision: saved.currentRevision.number },
        }),
      );
      setStatus(t('editor.submitted'));
      await item.reload();
      return submission;
    } catch (err) {
      setProblem(toProblem(err, t('problem.unknown')));
    } finally {
      setBusy(false);
    }
  }

  const typeList = types.data?.contentTypes ?? [];
  // The run in progress, or the last one (its timeline stays readable after publishing).
  const runId = current?.workflowId ?? current?.review?.workflowId;
  const title = current ? current.title : t('editor.newTitle');

  return (
    <Page
      title={title}
      lead={
        <Link href={`/${office}/konten`} className="back">
          ← {t('content.title')}
        </Link>
      }
      actions={
        <>
          {runId && (
            <Link
              className="button"
              href={`/${office}/proses/${encodeURIComponent(runId)}`}
              data-testid="open-timeline"
            >
              {t('editor.timeline')}
            </Link>
          )}
          <button type="button" onClick={() => setPreview(true)} data-testid="preview-open">
            {t('editor.preview')}
          </button>
        </>
      }
    >
      {current && (
        <p className="item-meta">
          <span className={`status status-${current.status}`} data-testid="item-status">
            {itemStatusLabel(current.status)}
          </span>{' '}
          · {typeLabel(typeList, current.type)} ·{' '}
          {t('editor.revision', { n: current.currentRevision.number })} ·{' '}
          {dateTime(current.updatedAt, timeZone)}
          {current.published && (
            <> · {t('editor.publishedAt', { at: dateTime(current.published.at, timeZone) })}</>
          )}
        </p>
      )}
      {current?.lastOutcome?.reason && (
        <p className="cause">
          {t('editor.lastOutcome')}: {current.lastOutcome.reason}
        </p>
      )}
      <p className="notice" role="status" aria-live="polite" hidden={!status} data-testid="editor-status">
        {status}
      </p>
      {current && (
        <div className="tabs" role="tablist" aria-label={t('editor.sections')}>
          {(['edit', 'attachments', 'revisions'] as const).map((x) => (
            <button
              key={x}
              type="button"
              role="tab"
              id={`tab-${x}`}
              aria-selected={tab === x}
              aria-controls={`panel-${x}`}
              tabIndex={tab === x ? 0 : -1}
              onClick={() => setTab(x)}
              onKeyDown={(e) => {
                const order: Tab[] = ['edit', 'attachments', 'revisions'];
                const i = order.indexOf(x);
                if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
                  const next = order[(i + (e.key === 'ArrowRight' ? 1 : 2)) % 3]!;
                  setTab(next);
                  document.getElementById(`tab-${next}`)?.focus();
                }
              }}
            >
              {t(`editor.tab.${x}`)}
              {x === 'attachments' ? ` (${current.attachments.length})` : ''}
            </button>
          ))}
        </div>
      )}
      <div
        role={current ? 'tabpanel' : undefined}
        id="panel-edit"
        aria-labelledby={current ? 'tab-edit' : undefined}
        hidden={tab !== 'edit'}
      >
        <form onSubmit={(e) => void save(e)} className="editor-form" data-testid="editor-form">
          <Field label={t('content.type')} required error={fieldError(problem, 'type')}>
            {({ id, describedBy, invalid }) => (
              <select
                id={id}
                value={draft.type}
                disabled={!!current || !writable}
                onChange={(e) => set({ type: e.target.value })}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                required
                data-testid="item-type"
              >
                <option value="">{t('editor.chooseType')}</option>
                {typeList.map((x) => (
                  <option key={x.code} value={x.code}>
                    {typeLabel(typeList, x.code)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('content.itemTitle')} required error={fieldError(problem, 'title')}>
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                value={draft.title}
                readOnly={!writable}
                onChange={(e) => set({ title: e.target.value })}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                required
                data-testid="item-title"
              />
            )}
          </Field>
          <Field label={t('editor.summary')} error={fieldError(problem, 'summary')}>
            {({ id, describedBy, invalid }) => (
              <textarea
                id={id}
                rows={2}
                value={draft.summary}
                readOnly={!writable}
                onChange={(e) => set({ summary: e.target.value })}
                aria-describedby={describedBy}
                aria-invalid={invalid}
              />
            )}
          </Field>
          {writable ? (
            <RichEditor
              key={`${current?.itemId ?? 'new'}-${editorKey}`}
              label={t('editor.body')}
              initialHtml={draft.body}
              onChange={(body) => set({ body })}
              resolveImage={resolveImage}
              onReady={(insert) => (insertImage.current = insert)}
            />
          ) : (
            <div className="readonly-body">
              <p className="label">{t('editor.body')}</p>
              {/* The server sanitised this HTML (docs/content.md); shown read-only during review. */}
              <div className="editor-body" dangerouslySetInnerHTML={{ __html: draft.body }} />
            </div>
          )}
          <Field label={t('editor.tags')} hint={t('editor.tagsHint')}>
            {({ id, describedBy }) => (
              <input
                id={id}
                value={draft.tags}
                readOnly={!writable}
                onChange={(e) => set({ tags: e.target.value })}
                aria-describedby={describedBy}
              />
            )}
          </Field>
          {writable && (
            <Field label={t('editor.note')} hint={t('editor.noteHint')}>
              {({ id, describedBy }) => (
                <input
                  id={id}
                  value={draft.note}
                  onChange={(e) => set({ note: e.target.value })}
                  aria-describedby={describedBy}
                />
              )}
            </Field>
          )}
          <ProblemNote problem={problem} />
          {writable && (
            <div className="form-actions">
              <button
                type="submit"
                disabled={busy || !draft.type || !draft.title.trim()}
                data-testid="item-save"
              >
                {busy ? t('common.saving') : t('common.save')}
              </button>
              {current && (
                <button
                  type="button"
                  className="primary"
                  disabled={busy}
                  onClick={() => void submit()}
                  data-testid="item-submit"
                >
                  {t('editor.submit')}
                </button>
              )}
            </div>
          )}
          {!current && <p className="hint">{t('editor.saveFirst')}</p>}
        </form>
      </div>
      {current && (
        <div
          role="tabpanel"
          id="panel-attachments"
          aria-labelledby="tab-attachments"
          hidden={tab !== 'attachments'}
        >
          <AttachmentsPanel
            office={office}
            itemId={current.itemId}
            attachments={current.attachments}
            editable={writable}
            onChanged={() => void item.reload()}
            onInsert={(a) => {
              setTab('edit');
              insertImage.current?.(a.attachmentId, a.alt ?? '');
              if (!insertImage.current) setEditorKey((k) => k + 1);
            }}
          />
        </div>
      )}
      {current && tab === 'revisions' && (
        <div role="tabpanel" id="panel-revisions" aria-labelledby="tab-revisions">
          <RevisionsPanel
            office={office}
            itemId={current.itemId}
            current={current.currentRevision.number}
            timeZone={timeZone}
          />
        </div>
      )}
      {preview && (
        <PreviewDialog
          office={office}
          officeName={myOffice?.name ?? office}
          title={draft.title}
          summary={draft.summary}
          body={draft.body}
          typeLabel={typeLabel(typeList, draft.type)}
          onClose={() => setPreview(false)}
        />
      )}
    </Page>
  );
}
