import { useId, useState } from 'react';
import { api, errorMessage } from '../api';
import type { Segment } from '../outreach';
import type { AsyncState } from '../useAsync';
import { useFormSubmit } from '../useFormSubmit';
import { EmptyState, ErrorMessage, Loading } from './Feedback';
import { SegmentItem } from './SegmentItem';

/** Segments: named lists of customers that rules (or people, or the API) fill, for campaigns and follow-ups elsewhere. */
export function SegmentsCard({ segments, canEdit }: { segments: AsyncState<Segment[]>; canEdit: boolean }) {
  const id = useId();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<string | null>(null);
  const create = useFormSubmit(async () => {
    await api.post('/segments', { name: name.trim(), description: description.trim() || null });
    setName('');
    setDescription('');
    segments.reload();
  });

  async function remove(s: Segment) {
    setError(null);
    try {
      await api.del(`/segments/${s.id}`);
      segments.reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <div className="card-header">
        <h2 id={`${id}-title`}>Segments</h2>
      </div>
      <ErrorMessage message={segments.error ?? error} onRetry={segments.error ? segments.reload : undefined} />
      {segments.loading && !segments.data ? (
        <Loading />
      ) : segments.data?.length === 0 ? (
        <EmptyState title="No segments yet">A segment collects customers, for instance everyone whose parcel was late, for a rule to add to.</EmptyState>
      ) : (
        <ul className="rule-list" aria-label="Segments">
          {(segments.data ?? []).map((s) => (
            <SegmentItem key={s.id} segment={s} canEdit={canEdit} onDelete={() => void remove(s)} />
          ))}
        </ul>
      )}
      {canEdit && (
        <form className="inline-form" onSubmit={create.submit} aria-label="New segment">
          <div className="form-row">
            <div className="field">
              <label htmlFor={`${id}-name`}>New segment</label>
              <input id={`${id}-name`} required maxLength={200} placeholder="e.g. Late parcels" value={name} onChange={(e) => setName(e.target.value)} />
            </div>
            <div className="field grow">
              <label htmlFor={`${id}-description`}>
                Description <span className="optional">optional</span>
              </label>
              <input id={`${id}-description`} maxLength={1000} value={description} onChange={(e) => setDescription(e.target.value)} />
            </div>
            <div className="field">
              <button type="submit" className="btn small">
                Create segment
              </button>
            </div>
          </div>
          <ErrorMessage message={create.error} />
        </form>
      )}
    </section>
  );
}
