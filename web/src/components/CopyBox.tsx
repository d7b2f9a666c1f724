import { useState } from 'react';

/** A value to copy (a new key, a password, a snippet); selectable text with a Copy button. */
export function CopyBox({ value, label, multiline = false }: { value: string; label: string; multiline?: boolean }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
    window.setTimeout(() => setCopied(null), 2000);
  }

  return (
    <div className={`copybox${multiline ? ' copybox-multiline' : ''}`}>
      {multiline ? (
        <pre className="copybox-value" aria-label={label} tabIndex={0}>
          {value}
        </pre>
      ) : (
        <input className="copybox-value" aria-label={label} readOnly value={value} onFocus={(e) => e.currentTarget.select()} />
      )}
      <button type="button" className="btn small" onClick={copy}>
        {copied === 'yes' ? 'Copied' : copied === 'failed' ? 'Select and copy' : 'Copy'}
      </button>
    </div>
  );
}
