import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Button } from './Button';

type Props = {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  testId?: string;
};

/**
 * A modal question (native <dialog>: focus stays inside, Escape cancels). The safe choice — staying —
 * is focused first and is the primary button, so a hurried Enter keeps the customer's captures.
 */
export function ConfirmDialog({ title, children, confirmLabel, cancelLabel, onConfirm, onCancel, testId }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal?.();
    // showModal focuses the first control; the safe one (stay) must have it.
    dialog?.querySelector<HTMLButtonElement>('[data-testid="confirm-stay"]')?.focus();
    return () => dialog?.close?.();
  }, []);
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      role="alertdialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <h2 id={titleId} className="card-title">
        {title}
      </h2>
      <div id={bodyId}>{children}</div>
      <div className="actions">
        <Button variant="danger" onClick={onConfirm} data-testid="confirm-leave">
          {confirmLabel}
        </Button>
        <Button variant="primary" onClick={onCancel} data-testid="confirm-stay">
          {cancelLabel}
        </Button>
      </div>
    </dialog>
  );
}
