import { useEffect, useRef, useState } from 'preact/hooks';

/** A destructive action that asks once more, inline (no browser dialog). */
export const ConfirmButton = ({
  label,
  accessibleLabel,
  confirmLabel,
  question,
  onConfirm,
  disabled,
}: {
  label: string;
  /** The label with what it acts on, for screen readers (must contain `label`). */
  accessibleLabel?: string;
  confirmLabel: string;
  question: string;
  onConfirm: () => void;
  disabled?: boolean;
}) => {
  const [asking, setAsking] = useState(false);
  const confirm = useRef<HTMLButtonElement>(null);
  // keyboard users land on the question's answer, not on the page's start
  useEffect(() => {
    if (asking) confirm.current?.focus();
  }, [asking]);
  if (!asking) {
    return (
      <button
        type="button"
        class="button-danger"
        aria-label={accessibleLabel}
        disabled={disabled}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  return (
    <span class="confirm">
      <span>{question}</span>
      <button
        ref={confirm}
        type="button"
        class="button-danger"
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
};
