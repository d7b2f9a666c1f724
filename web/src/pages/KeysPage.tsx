import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../api';
import { ConfirmButton } from '../components/ConfirmButton';
import { CopyBox } from '../components/CopyBox';
import { EmptyState, ErrorMessage, Loading } from '../components/Feedback';
import { IntegrationSnippet } from '../components/IntegrationSnippet';
import { PageHeader } from '../components/PageHeader';
import { SettingsTabs } from '../components/SettingsTabs';
import { formatDateTime, formatRelative } from '../format';
import { useMe } from '../session';
import { useAsync } from '../useAsync';
import type { ApiKey, KeyType } from '../types';

type NewKey = ApiKey & { key: string };

const TYPE_HELP: Record<KeyType, string> = {
  write: 'Only sends events. Safe to put in web pages and apps.',
  secret: 'Uses the whole management API. Keep it on your servers.',
};

export function KeysPage() {
  const me = useMe();
  const isAdmin = me.workspace.role === 'admin';
  const keys = useAsync(() => api.get<{ data: ApiKey[] }>('/keys'), []);
  const [created, setCreated] = useState<NewKey | null>(null);
  const [revokeError, setRevokeError] = useState<string | null>(null);

  async function revoke(key: ApiKey) {
    setRevokeError(null);
    try {
      await api.del(`/keys/${key.id}`);
      if (created?.id === key.id) setCreated(null);
      keys.reload();
    } catch (err) {
      setRevokeError(errorMessage(err));
    }
  }

  return (
    <div className="page narrow">
      <PageHeader title="Settings" />
      <SettingsTabs />

      {isAdmin && (
        <section className="card" aria-labelledby="new-key-title">
          <div className="card-header">
            <h2 id="new-key-title">Create a key</h2>
          </div>
          <CreateKeyForm
            onCreated={(k) => {
              setCreated(k);
              keys.reload();
            }}
          />
          {created && (
            <div className="new-secret" role="status">
              <p className="new-secret-title">
                New {created.type} key <strong>“{created.name}”</strong>. Copy it now: it is shown only once and cannot be recovered.
              </p>
              <CopyBox value={created.key} label={`The new ${created.type} key`} />
              <button type="button" className="btn small" onClick={() => setCreated(null)}>
                I have copied it
              </button>
            </div>
          )}
        </section>
      )}

      <section className="card table-card" aria-labelledby="keys-title">
        <div className="card-header">
          <h2 id="keys-title">API keys</h2>
          <span className="muted small">Only a prefix of each key is stored in clear.</span>
        </div>
        <ErrorMessage message={keys.error} onRetry={keys.errorStatus === 403 ? undefined : keys.reload} />
        <ErrorMessage message={revokeError} />
        {keys.loading && !keys.data ? (
          <Loading />
        ) : keys.data && keys.data.data.length === 0 ? (
          <EmptyState title="No API keys">Create a write key to start sending events, or a secret key to use the API from your systems.</EmptyState>
        ) : keys.data ? (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">Key</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.data.data.map((k) => (
                <tr key={k.id}>
                  <td className="strong">{k.name}</td>
                  <td>
                    <span className={`badge ${k.type === 'secret' ? 'warning' : 'neutral'}`} title={TYPE_HELP[k.type]}>
                      {k.type}
                    </span>
                  </td>
                  <td className="mono">{k.prefix}…</td>
                  <td className="nowrap">{formatDateTime(k.createdAt)}</td>
                  <td className="nowrap" title={k.lastUsedAt ? formatDateTime(k.lastUsedAt) : undefined}>
                    {k.lastUsedAt ? formatRelative(k.lastUsedAt) : <span className="muted">Never</span>}
                  </td>
                  <td className="actions-cell">
                    {isAdmin && <ConfirmButton label="Revoke" confirmLabel="Revoke key" ariaLabel={`Revoke ${k.name}`} onConfirm={() => revoke(k)} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>

      <section className="card" aria-labelledby="send-title">
        <div className="card-header">
          <h2 id="send-title">Send events</h2>
        </div>
        <p className="card-text">
          Touchpoint speaks Segment’s tracking API at <span className="mono">{window.location.origin}/v1</span>. Use a <strong>write key</strong>.
        </p>
        <IntegrationSnippet writeKey={created?.type === 'write' ? created.key : null} canCreate={isAdmin} />
      </section>
    </div>
  );
}

function CreateKeyForm({ onCreated }: { onCreated: (key: NewKey) => void }) {
  const [type, setType] = useState<KeyType>('write');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onCreated(await api.post<NewKey>('/keys', { type, name: name.trim() || (type === 'write' ? 'Write key' : 'Secret key') }));
      setName('');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="inline-form" onSubmit={submit}>
      <div className="form-row">
        <div className="field">
          <label htmlFor="key-type">Type</label>
          <select id="key-type" value={type} onChange={(e) => setType(e.target.value as KeyType)}>
            <option value="write">Write key</option>
            <option value="secret">Secret key</option>
          </select>
        </div>
        <div className="field grow">
          <label htmlFor="key-name">Name</label>
          <input id="key-name" maxLength={100} value={name} onChange={(e) => setName(e.target.value)} placeholder={type === 'write' ? 'e.g. Website' : 'e.g. CRM sync'} />
        </div>
        <div className="field field-button">
          <button type="submit" className="btn primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create key'}
          </button>
        </div>
      </div>
      <p className="hint">{TYPE_HELP[type]}</p>
      <ErrorMessage message={error} />
    </form>
  );
}
