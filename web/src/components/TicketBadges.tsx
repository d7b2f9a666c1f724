import { CHANNEL_LABELS, DELIVERY_HINTS, DELIVERY_LABELS, PRIORITY_LABELS, STATUS_LABELS } from '../tickets';
import type { Delivery, TicketChannel, TicketPriority, TicketStatus } from '../types';
import { Icon } from './Icon';

export function StatusBadge({ status }: { status: TicketStatus }) {
  return <span className={`badge status status-${status}`}>{STATUS_LABELS[status] ?? status}</span>;
}

/** High and urgent stand out; normal and low stay quiet. */
export function PriorityLabel({ priority }: { priority: TicketPriority }) {
  if (priority === 'high' || priority === 'urgent') return <span className={`badge priority-${priority}`}>{PRIORITY_LABELS[priority]}</span>;
  return <span className="priority-quiet">{PRIORITY_LABELS[priority] ?? priority}</span>;
}

export function ChannelLabel({ channel, iconOnly = false }: { channel: TicketChannel; iconOnly?: boolean }) {
  const label = CHANNEL_LABELS[channel] ?? channel;
  return (
    <span className="channel-label" title={iconOnly ? label : undefined}>
      <Icon name={channel in CHANNEL_LABELS ? channel : 'api'} size={14} />
      <span className={iconOnly ? 'sr-only' : undefined}>{label}</span>
    </span>
  );
}

export function DeliveryBadge({ delivery }: { delivery: Delivery }) {
  return (
    <span className={`badge delivery delivery-${delivery}`} title={DELIVERY_HINTS[delivery]}>
      {delivery === 'sent' && <Icon name="check" size={12} />}
      {DELIVERY_LABELS[delivery] ?? delivery}
    </span>
  );
}
