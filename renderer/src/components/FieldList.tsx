import type { ReactNode } from 'react';

export type FieldRow = { key: string; label: string; value: ReactNode };

/** Label/value pairs as a description list; rows without a value are left out, not shown empty. */
export function FieldList({ rows, testId }: { rows: readonly FieldRow[]; testId?: string }) {
  return (
    <dl className="field-list" data-testid={testId}>
      {rows.map((row) => (
        <div className="field-row" key={row.key}>
          <dt>{row.label}</dt>
          <dd>{row.value}</dd>
        </div>
      ))}
    </dl>
  );
}
