import { useId, type ReactNode } from 'react';

/** `lang`: the card speaks another language than the screen (the customer's). */
export function Card({ title, children, className, tone, lang }: { title?: ReactNode; children: ReactNode; className?: string; tone?: 'ok' | 'warn' | 'bad'; lang?: string }) {
  const id = useId();
  const classes = ['card', tone ? `card-${tone}` : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <section className={classes} aria-labelledby={title ? id : undefined} lang={lang}>
      {title ? (
        <h2 className="card-title" id={id}>
          {title}
        </h2>
      ) : null}
      {children}
    </section>
  );
}
