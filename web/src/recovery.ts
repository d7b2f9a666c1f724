import type { RecoveryKind } from './types';

/** What was done to make it right, as agents name it (service recovery on tickets and in reports). */
export const RECOVERY_KIND_LABELS: Record<RecoveryKind, string> = {
  replacement: 'Replacement',
  refund: 'Refund',
  discount: 'Discount',
  credit: 'Store credit',
  apology: 'Apology',
  other: 'Other',
};
