import { useId, type ReactNode } from 'react';

export function Card({ title, children, className, tone }: { title?: ReactNode; children: ReactNode; className?: string; tone?: 'ok' | 'warn' | 'bad' }) {
  const id = useId();
  const classes = ['card', tone ? `card-${tone}` : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <section className={classes} aria-labelledby={title ? id : undefined}>
      {title ? (
        <h2 className="card-title" id={id}>
          {title}
        </h2>
      ) : null}
      {children}
    </section>
  );
}
