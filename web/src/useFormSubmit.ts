import { useState, type FormEvent } from 'react';
import { errorMessage } from './api';

/**
 * A form's submit: `check` may refuse first (a sentence to show), then `send`
 * runs; while it does the form is busy, and the server's refusal is shown as text.
 * On success the form stays busy: its parent closes or replaces it.
 */
export function useFormSubmit(send: () => Promise<unknown>, check: () => string | null = () => null) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const problem = check();
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await send();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }
  return { submit, busy, error };
}
