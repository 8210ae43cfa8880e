import type { DocumentType } from '../../../shared/domain';

/** Simple line drawings of each document, so the choice does not depend on reading alone. Decorative. */
export function DocIcon({ type }: { type: DocumentType }) {
  const common = { fill: 'none', stroke: 'currentColor', strokeWidth: 2.5, strokeLinecap: 'round', strokeLinejoin: 'round' } as const;
  return (
    <svg className="doc-icon" viewBox="0 0 64 48" aria-hidden="true" focusable="false">
      {type === 'passport' ? (
        <g {...common}>
          <rect x="18" y="2" width="30" height="44" rx="3" />
          <circle cx="33" cy="19" r="7" />
          <path d="M24 34h18M27 40h12" />
        </g>
      ) : (
        <g {...common}>
          <rect x="4" y="6" width="56" height="36" rx="4" />
          <rect x="10" y="13" width="16" height="20" rx="2" />
          <path d="M32 16h22M32 24h22M32 32h14" />
          {type === 'drivers_license' ? <path d="M10 38h44" /> : null}
        </g>
      )}
    </svg>
  );
}
