import type { ReactNode } from 'react';
import { useKioskText, type MainSentence } from '../app/kiosk-text';

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
 * what to do next, shown in the teller's language) or a sentence of the screen's own.
 */
export function ErrorBanner({ error }: { error: MainSentence | string | null | undefined }) {
  const text = useKioskText();
  if (!error) return null;
  return (
    <Banner tone="error" live="assertive">
      {text(error)}
    </Banner>
  );
}
