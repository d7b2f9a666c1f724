import { useState } from 'react';
import { plural } from '../format';
import type { Segment } from '../outreach';
import { ConfirmButton } from './ConfirmButton';
import { SegmentMembers } from './SegmentMembers';

/** One segment: its name, size and description, its members on demand, and delete. */
export function SegmentItem({ segment, canEdit, onDelete }: { segment: Segment; canEdit: boolean; onDelete: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <li className="rule-item">
      <div className="rule-item-head">
        <span className="rule-item-name">{segment.name}</span>
        <span className="badge neutral">{plural(segment.members ?? 0, 'customer')}</span>
        <span className="rule-item-actions">
          <button type="button" className="link-button" aria-expanded={open} onClick={() => setOpen(!open)}>
            {open ? 'Hide members' : 'Members'}
          </button>
          {canEdit && <ConfirmButton label="Delete" confirmLabel="Delete segment" ariaLabel={`Delete ${segment.name}`} onConfirm={onDelete} />}
        </span>
      </div>
      {segment.description && <p className="rule-item-text">{segment.description}</p>}
      {open && <SegmentMembers segment={segment} />}
    </li>
  );
}
