import { useEffect, useId, useRef } from 'react';
import { t, type MessageKey } from '../i18n';
import { cleanEditorHtml } from '../lib/clean-html';

interface Props {
  /** The body HTML to start from; the editor owns its text afterwards (remount to reset). */
  initialHtml: string;
  onChange: (html: string) => void;
  label: string;
  /** Turns `attachment:<id>` images into something the browser can show. */
  resolveImage?: (attachmentId: string) => Promise<string>;
  /** Registers a function that inserts an image of an attachment at the caret. */
  onReady?: (insertImage: (attachmentId: string, alt: string) => void) => void;
}

type Command = { key: MessageKey; command: string; value?: string; shortcut?: string };

const COMMANDS: Command[] = [
  { key: 'editor.bold', command: 'bold', shortcut: 'Ctrl+B' },
  { key: 'editor.italic', command: 'italic', shortcut: 'Ctrl+I' },
  { key: 'editor.heading', command: 'formatBlock', value: 'h2' },
  { key: 'editor.subheading', command: 'formatBlock', value: 'h3' },
  { key: 'editor.paragraph', command: 'formatBlock', value: 'p' },
  { key: 'editor.bulleted', command: 'insertUnorderedList' },
  { key: 'editor.numbered', command: 'insertOrderedList' },
  { key: 'editor.quote', command: 'formatBlock', value: 'blockquote' },
];

/**
 * Rich text for the body: a contenteditable with the formatting the content service keeps
 * (docs/content.md). What the browser produces is cleaned by clean-html on every change,
 * so revisions hold only the allow-listed markup. The toolbar is one Tab stop; arrow keys
 * move inside it.
 */
export function RichEditor({ initialHtml, onChange, label, resolveImage, onReady }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const labelId = useId();
  const change = useRef(onChange);
  change.current = onChange;

  useEffect(() => {
    const root = ref.current!;
    root.innerHTML = initialHtml;
    document.execCommand('defaultParagraphSeparator', false, 'p');
    for (const img of root.querySelectorAll('img')) {
      const src = img.getAttribute('src') ?? '';
      if (!src.startsWith('attachment:')) continue;
      const id = src.slice('attachment:'.length);
      img.dataset.attachmentId = id;
      img.removeAttribute('src');
      void resolveImage?.(id).then((url) => img.setAttribute('src', url));
    }
    onReady?.((attachmentId, alt) => {
      root.focus();
      const img = document.createElement('img');
      img.dataset.attachmentId = attachmentId;
      img.alt = alt;
      void resolveImage?.(attachmentId).then((url) => img.setAttribute('src', url));
      const selection = window.getSelection();
      if (selection && selection.rangeCount && root.contains(selection.anchorNode)) {
        selection.getRangeAt(0).insertNode(img);
      } else {
        root.append(img);
      }
      change.current(cleanEditorHtml(root));
    });
    // Mounted once per item: the parent remounts with a key to load another text.
  }, []);

  function run(c: Command) {
    ref.current?.focus();
    document.execCommand(c.command, false, c.value);
    change.current(cleanEditorHtml(ref.current!));
  }

  function addLink() {
    const url = window.prompt(t('editor.linkPrompt'));
    if (!url) return;
    ref.current?.focus();
    document.execCommand('createLink', false, url);
    change.current(cleanEditorHtml(ref.current!));
  }

  function toolbarKeys(e: React.KeyboardEvent<HTMLDivElement>) {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const buttons = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('button')];
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = buttons[(i + (e.key === 'ArrowRight' ? 1 : buttons.length - 1)) % buttons.length];
    buttons.forEach((b) => (b.tabIndex = -1));
    next!.tabIndex = 0;
    next!.focus();
    e.preventDefault();
  }

  return (
    <div className="rich-editor">
      <p id={labelId} className="label">
        {label}
      </p>
      <div className="editor-toolbar" role="toolbar" aria-label={t('editor.toolbar')} onKeyDown={toolbarKeys}>
        {COMMANDS.map((c, i) => (
          <button
            key={c.key}
            type="button"
            tabIndex={i === 0 ? 0 : -1}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => run(c)}
            title={c.shortcut ? `${t(c.key)} (${c.shortcut})` : t(c.key)}
          >
            {t(c.key)}
          </button>
        ))}
        <button type="button" tabIndex={-1} onMouseDown={(e) => e.preventDefault()} onClick={addLink}>
          {t('editor.link')}
        </button>
      </div>
      <div
        ref={ref}
        className="editor-body"
        contentEditable
        suppressContentEditableWarning
        role="textbox"
        aria-multiline="true"
        aria-labelledby={labelId}
        tabIndex={0}
        data-testid="editor-body"
        onInput={() => change.current(cleanEditorHtml(ref.current!))}
        onBlur={() => change.current(cleanEditorHtml(ref.current!))}
      />
    </div>
  );
}
