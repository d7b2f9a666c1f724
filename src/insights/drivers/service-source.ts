import { serviceBefore, SLOW_FIRST_RESPONSE_HOURS, type ServiceBefore } from '../../service/store.ts';
import { collectFeatures, type DriverFeatureSource } from './features.ts';

/** What the service desk did for the customer before they answered, as yes/no facts of the tickets they opened in the window. */
const FACTS: { key: string; label: string; had: (s: ServiceBefore) => boolean }[] = [
  { key: 'service:contacted', label: 'Contacted support', had: (s) => s.tickets >= 1 },
  { key: 'service:repeat-contact', label: 'Contacted support more than once', had: (s) => s.tickets >= 2 },
  { key: 'service:slow-first-response', label: `Waited over ${SLOW_FIRST_RESPONSE_HOURS} h for a first reply`, had: (s) => s.slowFirstResponse },
  { key: 'service:reopened', label: 'A ticket was reopened', had: (s) => s.reopened },
  { key: 'service:unresolved', label: 'A ticket was still unresolved', had: (s) => s.unresolved },
];

export const serviceFeatures: DriverFeatureSource = {
  async features(db, workspaceId, respondents, windowDays) {
    const facts = await serviceBefore(db, workspaceId, respondents, windowDays);
    const labels = new Map(FACTS.map((f) => [f.key, f.label]));
    return collectFeatures(
      facts.flatMap((s) => FACTS.filter((f) => f.had(s)).map((f) => ({ key: f.key, index: s.index }))),
      (key) => ({ kind: 'service', label: labels.get(key)! }),
    );
  },
};
