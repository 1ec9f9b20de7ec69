import { useEffect, useRef, type ReactNode } from 'react';

interface PageProps {
  title: string;
  /** Buttons and links beside the heading. */
  actions?: ReactNode;
  children: ReactNode;
  /** Breadcrumb or context above the heading. */
  lead?: ReactNode;
}

/**
 * A screen: its heading gets focus when the screen opens (after an in-app navigation a
 * screen reader announces where one is, and Tab continues from there) and names the tab.
 */
export function Page({ title, actions, children, lead }: PageProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Tata Laman`;
  }, [title]);
  useEffect(() => {
    // Not on the very first load: focus stays where the browser put it (the page start).
    if (document.body.dataset.navigated) heading.current?.focus({ preventScroll: false });
    document.body.dataset.navigated = '1';
  }, []);
  return (
    <section className="page">
      {lead && <div className="page-lead">{lead}</div>}
      <div className="page-head">
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {actions && <div className="page-actions">{actions}</div>}
      </div>
      {children}
    </section>
  );
}
