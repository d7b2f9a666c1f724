import { useState } from 'react';
import { api, errorMessage } from '../api';
import { ErrorMessage, Notice } from '../components/Feedback';
import { PageHeader } from '../components/PageHeader';
import { SettingsTabs } from '../components/SettingsTabs';
import { useMe, useSession } from '../session';
import { useFormSubmit } from '../useFormSubmit';

/** Your own account: change the password, sign out everywhere. */
export function AccountPage() {
  const me = useMe();
  const { logoutEverywhere } = useSession();
  const [changed, setChanged] = useState(0);
  const [signOutError, setSignOutError] = useState<string | null>(null);

  return (
    <div className="page narrow">
      <PageHeader title="Settings" />
      <SettingsTabs />

      <section className="card" aria-labelledby="password-title">
        <div className="card-header">
          <h2 id="password-title">Change password</h2>
          <span className="muted small">{me.user.email}</span>
        </div>
        {changed > 0 && <Notice tone="success">Your password is changed. Your other sessions have been signed out.</Notice>}
        <PasswordForm key={changed} onChanged={() => setChanged((n) => n + 1)} />
      </section>

      <section className="card" aria-labelledby="everywhere-title">
        <div className="card-header">
          <h2 id="everywhere-title">Sign out everywhere</h2>
        </div>
        <div className="inline-form">
          <p className="hint">Ends all your sessions, on every device and in every workspace, this one included. Use it if you logged in on a computer that is not yours.</p>
          <div className="form-actions">
            <button type="button" className="btn" onClick={() => logoutEverywhere().catch((err: unknown) => setSignOutError(errorMessage(err)))}>
              Sign out everywhere
            </button>
          </div>
          <ErrorMessage message={signOutError} />
        </div>
      </section>
    </div>
  );
}

function PasswordForm({ onChanged }: { onChanged: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const { submit, busy, error } = useFormSubmit(
    async () => {
      await api.post('/me/password', { currentPassword: current, newPassword: next });
      onChanged();
    },
    () => (next !== again ? 'The two new passwords differ.' : null),
  );
  return (
    <form className="inline-form" onSubmit={submit}>
      <div className="field">
        <label htmlFor="current-password">Current password</label>
        <input id="current-password" type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="new-password">New password</label>
        <input id="new-password" type="password" autoComplete="new-password" required minLength={12} maxLength={500} value={next} onChange={(e) => setNext(e.target.value)} />
        <p className="hint">At least 12 characters; not a common password, not your email. A few unrelated words make a good one.</p>
      </div>
      <div className="field">
        <label htmlFor="repeat-password">New password again</label>
        <input id="repeat-password" type="password" autoComplete="new-password" required value={again} onChange={(e) => setAgain(e.target.value)} />
      </div>
      <ErrorMessage message={error} />
      <div className="form-actions">
        <button type="submit" className="btn primary" disabled={busy || !current || !next || !again}>
          {busy ? 'Changing…' : 'Change password'}
        </button>
      </div>
    </form>
  );
}
