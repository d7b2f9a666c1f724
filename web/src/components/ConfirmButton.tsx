import { useState } from 'react';

/** A destructive action in two clicks: the first asks, the second does it. */
export function ConfirmButton({ label, confirmLabel, onConfirm, disabled, ariaLabel }: { label: string; confirmLabel: string; onConfirm: () => void; disabled?: boolean; ariaLabel?: string }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="btn small ghost danger-text" aria-label={ariaLabel} disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm">
      <button
        type="button"
        className="btn small danger"
        disabled={disabled}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className="btn small ghost" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
