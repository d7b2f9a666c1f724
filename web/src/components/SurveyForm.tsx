import { useId, useState } from 'react';
import { useFormSubmit } from '../useFormSubmit';
import type { AudienceSegment } from '../feedback';
import type { Touchpoint } from '../types';
import { AudiencePicker } from './AudiencePicker';
import { ErrorMessage } from './Feedback';
import { NamedOptions } from './LabelOptions';

type Kind = 'nps' | 'csat' | 'ces';

const PRESETS: Record<Kind, { label: string; question: string; name: string }> = {
  nps: { label: 'NPS (0–10)', question: 'How likely are you to recommend us to a friend or colleague?', name: 'Net Promoter Score' },
  csat: { label: 'CSAT (1–5)', question: 'How satisfied are you with the help you received?', name: 'Customer satisfaction' },
  ces: { label: 'CES (1–7, agree = easy)', question: 'The company made it easy for me to handle my issue.', name: 'Customer effort' },
};

export interface SurveyFields {
  name: string;
  touchpointId: string | null;
  segmentId: string | null;
  questions: { id: string; type: string; text: string; scale?: number }[];
  triggers: ({ type: 'ticket_solved'; delayMinutes: number } | { type: 'periodic'; everyDays: number } | { type: 'page'; pathPrefix: string; delaySeconds: number })[];
}

/** A survey in one step: its score question, an optional comment question, where it belongs, whom it asks and what sends it. */
export function SurveyForm({
  touchpoints,
  segments,
  onSubmit,
  onCancel,
}: {
  touchpoints: Touchpoint[];
  segments: AudienceSegment[];
  onSubmit: (fields: SurveyFields) => Promise<void>;
  onCancel: () => void;
}) {
  const id = useId();
  const [kind, setKind] = useState<Kind>('nps');
  const [name, setName] = useState(PRESETS.nps.name);
  const [question, setQuestion] = useState(PRESETS.nps.question);
  const [comment, setComment] = useState('What is the main reason for your score?');
  const [touchpointId, setTouchpointId] = useState('');
  const [segmentId, setSegmentId] = useState<string | null>(null);
  const [afterSolved, setAfterSolved] = useState(false);
  const [periodic, setPeriodic] = useState(false);
  // Shown by the website widget on pages under this path ('' for none).
  const [pagePath, setPagePath] = useState('');

  function choose(next: Kind) {
    // Keep what the user typed; replace only the preset's own texts.
    if (name === PRESETS[kind].name) setName(PRESETS[next].name);
    if (question === PRESETS[kind].question) setQuestion(PRESETS[next].question);
    setAfterSolved(next === 'csat');
    setPeriodic(false);
    setKind(next);
  }

  const { submit, busy, error } = useFormSubmit(() =>
    onSubmit({
      name: name.trim(),
      touchpointId: touchpointId || null,
      segmentId,
      questions: [{ id: kind, type: kind, text: question.trim(), ...(kind === 'ces' ? { scale: 7 } : {}) }, ...(comment.trim() ? [{ id: 'comment', type: 'text', text: comment.trim() }] : [])],
      triggers: [
        ...(afterSolved ? [{ type: 'ticket_solved' as const, delayMinutes: 24 * 60 }] : []),
        ...(periodic ? [{ type: 'periodic' as const, everyDays: 90 }] : []),
        ...(pagePath.trim() ? [{ type: 'page' as const, pathPrefix: pagePath.trim(), delaySeconds: 5 }] : []),
      ],
    }),
  );

  return (
    <form className="inline-form" onSubmit={submit}>
      <div className="form-row">
        <div className="field">
          <label htmlFor={`${id}-kind`}>Measure</label>
          <select id={`${id}-kind`} value={kind} onChange={(e) => choose(e.target.value as Kind)}>
            {(Object.keys(PRESETS) as Kind[]).map((k) => (
              <option key={k} value={k}>
                {PRESETS[k].label}
              </option>
            ))}
          </select>
        </div>
        <div className="field grow">
          <label htmlFor={`${id}-name`}>Name</label>
          <input id={`${id}-name`} required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-touchpoint`}>Touchpoint</label>
          <select id={`${id}-touchpoint`} value={touchpointId} onChange={(e) => setTouchpointId(e.target.value)}>
            <NamedOptions items={touchpoints} none="None" />
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-audience`}>Audience</label>
          <AudiencePicker id={`${id}-audience`} value={segmentId} segments={segments} onChange={setSegmentId} />
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-question`}>Question</label>
        <input id={`${id}-question`} required maxLength={1000} value={question} onChange={(e) => setQuestion(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-comment`}>
          Follow-up question <span className="optional">optional, open text</span>
        </label>
        <input id={`${id}-comment`} maxLength={1000} value={comment} onChange={(e) => setComment(e.target.value)} />
      </div>
      <label className="check">
        <input type="checkbox" checked={afterSolved} onChange={(e) => setAfterSolved(e.target.checked)} /> Send 24 hours after a ticket is solved
      </label>
      {kind === 'nps' && (
        <label className="check">
          <input type="checkbox" checked={periodic} onChange={(e) => setPeriodic(e.target.checked)} /> Ask {segmentId ? 'every customer of the segment' : 'every customer'} every 90 days (relationship NPS)
        </label>
      )}
      <div className="field">
        <label htmlFor={`${id}-page`}>
          On the website <span className="optional">optional: the widget shows it 5 seconds into pages under this path</span>
        </label>
        <input id={`${id}-page`} maxLength={500} placeholder="/order/thanks" value={pagePath} onChange={(e) => setPagePath(e.target.value)} />
      </div>
      <ErrorMessage message={error} />
      <div className="form-actions">
        <button type="submit" className="btn primary small" disabled={busy || !name.trim() || !question.trim()}>
          {busy ? 'Saving…' : 'Create survey'}
        </button>
        <button type="button" className="btn ghost small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
