import type { ButtonHTMLAttributes, ReactNode } from 'react';
import { Spinner } from './Spinner';

type Props = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: 'primary' | 'secondary' | 'quiet' | 'danger';
  size?: 'normal' | 'large';
  /** Shows a spinner and blocks a second press while the action runs. */
  busy?: boolean;
  busyLabel?: string;
  children: ReactNode;
};

export function Button({ variant = 'secondary', size = 'normal', busy = false, busyLabel, className, children, disabled, type, ...rest }: Props) {
  const classes = ['btn', `btn-${variant}`, size === 'large' ? 'btn-large' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <button type={type ?? 'button'} className={classes} disabled={disabled || busy} aria-busy={busy || undefined} {...rest}>
      {busy ? <Spinner label={busyLabel} /> : null}
      <span className="btn-text">{children}</span>
    </button>
  );
}
