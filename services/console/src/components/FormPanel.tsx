import type { FormEvent, ReactNode } from 'react';

/** A titled panel holding the form that adds to the list above it. */
export function FormPanel({
  id,
  title,
  onSubmit,
  children,
}: {
  id: string;
  title: string;
  onSubmit: (e: FormEvent) => Promise<void>;
  children: ReactNode;
}) {
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <form onSubmit={(e) => void onSubmit(e)} className="grid-form">
        {children}
      </form>
    </section>
  );
}
