import { useEffect, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { escapeText } from '../../lib/clean-html';
import { dataUrl } from '../../lib/download';
import { dateOnly } from '../../lib/format';
import { t } from '../../i18n';

interface Props {
  office: string;
  officeName: string;
  title: string;
  summary: string;
  body: string;
  typeLabel: string;
  onClose: () => void;
}

const PAGE_CSS = `
body{margin:0;font:18px/1.6 Georgia,'Times New Roman',serif;color:#1b1b1b;background:#fff}
header{background:#7a1010;color:#fff;padding:12px 24px;font:600 16px system-ui,sans-serif}
article{max-width:720px;margin:24px auto;padding:0 20px}
h1{font:700 32px/1.2 system-ui,sans-serif;margin:8px 0}
.meta{font:14px system-ui,sans-serif;color:#555}
.summary{font-size:20px;color:#333}
img{max-width:100%;height:auto}
blockquote{border-left:4px solid #7a1010;margin:0;padding-left:16px;color:#333}
`;

/**
 * The item as the office website will show it: the body in a sandboxed frame (nothing in
 * it runs), with the item's images inlined because the frame cannot send the session token.
 */
export function PreviewDialog({ office, officeName, title, summary, body, typeLabel, onClose }: Props) {
  const [html, setHtml] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const ids = [...body.matchAll(/src="attachment:([0-9a-f-]{36})"/g)].map((m) => m[1]!);
      const urls = new Map<string, string>();
      await Promise.all(
        [...new Set(ids)].map(async (id) => {
          urls.set(
            id,
            await dataUrl(`/api/v1/offices/${office}/attachments/${id}/content?disposition=inline`).catch(
              () => '',
            ),
          );
        }),
      );
      const inlined = body.replace(
        /src="attachment:([0-9a-f-]{36})"/g,
        (_, id: string) => `src="${urls.get(id) ?? ''}"`,
      );
      if (!cancelled)
        setHtml(
          `<!doctype html><html lang="id"><head><meta charset="utf-8"><style>${PAGE_CSS}</style></head><body>` +
            `<header>${escapeText(officeName)}</header><article><p class="meta">${escapeText(typeLabel)} · ${escapeText(dateOnly(new Date().toISOString()))}</p>` +
            `<h1>${escapeText(title)}</h1>${summary ? `<p class="summary">${escapeText(summary)}</p>` : ''}${inlined}</article></body></html>`,
        );
    })();
    return () => {
      cancelled = true;
    };
  }, [office, officeName, title, summary, body, typeLabel]);

  return (
    <Dialog title={t('preview.title')} onClose={onClose} wide>
      {html === null ? (
        <p className="loading">{t('common.loading')}</p>
      ) : (
        <iframe
          className="preview-frame"
          title={t('preview.frame', { title })}
          sandbox=""
          srcDoc={html}
          data-testid="preview"
        />
      )}
    </Dialog>
  );
}
