import { useState } from 'react';
import { api, errorMessage } from '../api';
import { KIND_LABELS, questionText, type AudienceSegment, type Survey } from '../feedback';
import type { Touchpoint } from '../types';
import { AudiencePicker } from './AudiencePicker';
import { ErrorMessage } from './Feedback';
import { Icon } from './Icon';
import { Switch } from './Switch';
import { SurveyResponses } from './SurveyResponses';

/** One survey: what it asks, where it belongs, whom it asks and what sends it, its public pages and its answers as CSV. */
export function SurveyItem({
  survey,
  touchpoints,
  segments,
  canEdit,
  onChanged,
}: {
  survey: Survey;
  touchpoints: Touchpoint[];
  segments: AudienceSegment[];
  canEdit: boolean;
  onChanged: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const first = survey.questions[0]!;
  const touchpoint = touchpoints.find((t) => t.id === survey.touchpointId);
  const sentBy = survey.triggers.map((t) =>
    t.type === 'ticket_solved'
      ? `${Math.round((t.delayMinutes ?? 0) / 60)} h after a ticket is solved`
      : t.type === 'periodic'
        ? `to every customer every ${t.everyDays} days`
        : t.type === 'page'
          ? `in the website widget on ${t.pathPrefix}… after ${t.delaySeconds ?? 0} s`
          : `after “${t.event}”`,
  );

  async function change(patch: Partial<Pick<Survey, 'status' | 'segmentId'>>) {
    setError(null);
    try {
      await api.patch(`/surveys/${survey.id}`, patch);
      onChanged();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <li className={`rule-item${survey.status === 'paused' ? ' disabled' : ''}`}>
      <div className="rule-item-head">
        <span className="badge neutral">{KIND_LABELS[first.type] ?? first.type}</span>
        <span className="rule-item-name">{survey.name}</span>
        <span className="rule-item-actions">
          <Switch checked={survey.status === 'active'} onChange={(active) => change({ status: active ? 'active' : 'paused' })} label={`${survey.name} is active`} disabled={!canEdit} />
        </span>
      </div>
      <p className="rule-item-text">
          “{questionText(first.text)}”{survey.questions.length > 1 ? ` and ${survey.questions.length - 1} more` : ''}
          {touchpoint ? ` · ${touchpoint.name}` : ''}
          {sentBy.length > 0 ? ` · sent ${sentBy.join(', ')}` : ' · sent by hand or the API'}
          {survey.samplePercent < 100 ? ` · ${survey.samplePercent}% sample` : ''}
      </p>
      <div className="survey-links small">
          <a href={survey.links.link} target="_blank" rel="noreferrer">
            Public link
          </a>
          <a href={survey.links.kiosk} target="_blank" rel="noreferrer">
            Kiosk
          </a>
          <a href={`/api/v1/surveys/${survey.id}/qr.svg`} target="_blank" rel="noreferrer" title="A QR code of the public link, to print">
            QR code
          </a>
          <a href={`/api/v1/responses?surveyId=${survey.id}&format=csv`} download>
            <Icon name="download" size={12} /> Responses
          </a>
          <button type="button" className="link-button" aria-expanded={open} onClick={() => setOpen(!open)}>
            {open ? 'Hide answers' : 'Latest answers'}
          </button>
          <label className="survey-audience">
            Asks <AudiencePicker value={survey.segmentId} segments={segments} onChange={(segmentId) => change({ segmentId })} disabled={!canEdit} />
          </label>
      </div>
      {open && <SurveyResponses survey={survey} />}
      <ErrorMessage message={error} />
    </li>
  );
}
