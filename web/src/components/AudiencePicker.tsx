import type { AudienceSegment } from '../feedback';

/**
 * Who a survey invites: every customer, or one segment's. A segment deleted since
 * stays shown as such: the survey then asks nobody, and the picker must not pretend
 * it asks everyone.
 */
export function AudiencePicker({ id, value, segments, onChange, disabled }: { id?: string; value: string | null; segments: AudienceSegment[]; onChange: (segmentId: string | null) => void; disabled?: boolean }) {
  const missing = value !== null && !segments.some((s) => s.id === value);
  return (
    <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value || null)} disabled={disabled}>
      <option value="">Every customer</option>
      {segments.map((s) => (
        <option key={s.id} value={s.id}>
          Segment: {s.name}
        </option>
      ))}
      {missing && <option value={value}>Deleted segment (asks nobody)</option>}
    </select>
  );
}
