import { useEffect, useId, useRef, type ReactNode } from 'react';
import { t } from '../i18n';

interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** Wider dialogs for previews and diffs. */
  wide?: boolean;
  /** Selector of the element to focus first (default: the first field or button). */
  initialFocus?: string;
}

/**
 * A modal dialog on the native <dialog> (showModal makes the page behind it inert and
 * keeps Tab inside). Focus moves into it on open and back to what had it on close;
 * Escape closes it.
 */
export function Dialog({ title, onClose, children, wide, initialFocus }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const close = useRef(onClose);
  close.current = onClose;

  useEffect(() => {
    const dialog = ref.current!;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    const first =
      (initialFocus && dialog.querySelector<HTMLElement>(initialFocus)) ||
      dialog.querySelector<HTMLElement>(
        '.dialog-body input:not([type=hidden]):not([disabled]), .dialog-body select, .dialog-body textarea, .dialog-body button, .dialog-body [tabindex="0"]',
      ) ||
      dialog.querySelector<HTMLElement>('.dialog-close');
    first?.focus();
    const onCancel = (e: Event) => {
      e.preventDefault();
      close.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      // The opener may have gone (a decided task leaves the list): then the page heading.
      const target = opener?.isConnected ? opener : document.querySelector<HTMLElement>('main h1');
      target?.focus();
    };
    // Runs once per opening.
  }, []);

  // Keep Tab inside even where the browser lets it reach the address bar.
  const onKeyDown = (e: React.KeyboardEvent<HTMLDialogElement>) => {
    if (e.key !== 'Tab') return;
    const items = [
      ...ref.current!.querySelectorAll<HTMLElement>(
        'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), iframe, [tabindex]:not([tabindex="-1"])',
      ),
    ].filter((el) => el.offsetParent !== null || el === document.activeElement);
    if (!items.length) return;
    const first = items[0]!;
    const last = items[items.length - 1]!;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return (
    <dialog
      ref={ref}
      className={`dialog${wide ? ' dialog-wide' : ''}`}
      aria-labelledby={titleId}
      onKeyDown={onKeyDown}
    >
      <div className="dialog-head">
        <h2 id={titleId}>{title}</h2>
        <button
          type="button"
          className="dialog-close"
          onClick={() => close.current()}
          aria-label={t('action.close')}
        >
          ×
        </button>
      </div>
      <div className="dialog-body">{children}</div>
    </dialog>
  );
}
