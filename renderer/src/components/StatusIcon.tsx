// One icon per kind of outcome or status, told apart by shape as well as colour (WCAG 1.4.1), each with
// an accessible name: verified (a tick in a circle), declined (a cross in an octagon, a stop sign),
// needs review (an exclamation mark in a triangle), retry / scan again (a circular arrow), queued (a
// clock), offline (a cloud struck through), being captured (a pencil), cancelled (a circle struck through).
import { useTranslation } from 'react-i18next';
import type { VerificationState } from '../../../shared/domain';

export type StatusKind = 'verified' | 'declined' | 'review' | 'retry' | 'queued' | 'offline' | 'capturing' | 'cancelled';

export const STATUS_SHAPES: Record<StatusKind, string[]> = {
  verified: ['M12 2a10 10 0 1 0 0 20a10 10 0 1 0 0-20z', 'M7 12.5l3.2 3.2L17 9'],
  declined: ['M8 2h8l6 6v8l-6 6H8l-6-6V8z', 'M8.5 8.5l7 7M15.5 8.5l-7 7'],
  review: ['M12 2.5L22.5 21h-21z', 'M12 9v6', 'M12 17.6v.8'],
  retry: ['M19.5 12a7.5 7.5 0 1 1-2.2-5.3', 'M19.5 3.5v4.5H15'],
  queued: ['M12 2a10 10 0 1 0 0 20a10 10 0 1 0 0-20z', 'M12 6.5V12l3.8 2.4'],
  offline: ['M7 18h10.5a4 4 0 0 0 .6-8A6 6 0 0 0 6.6 9.2 4.5 4.5 0 0 0 7 18z', 'M3 3l18 18'],
  capturing: ['M4 20l1-5L15.5 4.5l4 4L9 19z', 'M13 7l4 4'],
  cancelled: ['M12 2a10 10 0 1 0 0 20a10 10 0 1 0 0-20z', 'M5 5l14 14'],
};

/** The kind for a verification's state (a decision that needs a supervisor is `review`, chosen by the caller). */
export function kindOfState(state: VerificationState): StatusKind {
  switch (state) {
    case 'accepted':
      return 'verified';
    case 'declined':
      return 'declined';
    case 'failed':
      return 'retry';
    case 'needs_attention':
      return 'review';
    case 'capturing':
      return 'capturing';
    case 'cancelled':
      return 'cancelled';
    default:
      return 'queued';
  }
}

export function StatusIcon({ kind, className, size = 24 }: { kind: StatusKind; className?: string; size?: number }) {
  const { t } = useTranslation();
  return (
    <svg
      className={`status-icon status-icon-${kind} ${className ?? ''}`}
      role="img"
      aria-label={t(`icon.${kind}`)}
      data-kind={kind}
      data-testid="status-icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      {STATUS_SHAPES[kind].map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}
