import type { ReactNode } from 'react';

export type BannerTone = 'info' | 'success' | 'warning' | 'error' | 'training';

/** Symbols carry the tone as a shape as well as a colour (WCAG 1.4.1). */
const ICON: Record<BannerTone, string> = { info: 'ℹ', success: '✓', warning: '⚠', error: '✕', training: '⚑' };

export function Banner({
  tone,
  children,
  action,
  testId,
  live = 'polite',
}: {
  tone: BannerTone;
  children: ReactNode;
  action?: ReactNode;
  testId?: string;
  /** 'assertive' for errors the teller must act on now. */
  live?: 'polite' | 'assertive' | 'off';
}) {
  const role = live === 'assertive' ? 'alert' : live === 'polite' ? 'status' : undefined;
  return (
    <div className={`banner banner-${tone}`} role={role} data-testid={testId}>
      <span className="banner-icon" aria-hidden="true">
        {ICON[tone]}
      </span>
      <div className="banner-body">{children}</div>
      {action ? <div className="banner-action">{action}</div> : null}
    </div>
  );
}

/**
 * The error the teller must act on now, or nothing: takes a contract error (its sentence already says
 * what to do next) or a sentence of the screen's own.
 */
export function ErrorBanner({ error }: { error: { message: string } | string | null | undefined }) {
  if (!error) return null;
  return (
    <Banner tone="error" live="assertive">
      {typeof error === 'string' ? error : error.message}
    </Banner>
  );
}
