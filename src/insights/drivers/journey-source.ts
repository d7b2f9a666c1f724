import { touchpointsBefore } from '../../journeys/store.ts';
import { touchpointIndex } from '../../touchpoints/store.ts';
import { collectFeatures, type DriverFeature, type DriverFeatureSource } from './features.ts';

/**
 * Touchpoints the customer went through before answering, and the tracked events
 * of each ("Delivery Delayed" within Delivery): a touchpoint often holds both the
 * good and the bad version of a moment. An event that marks exactly the same
 * respondents as its touchpoint ("Signed Up" and Sign-up) says nothing more and is left out.
 */
export const journeyFeatures: DriverFeatureSource = {
  async features(db, workspaceId, respondents, windowDays) {
    const [seen, touchpoints] = await Promise.all([touchpointsBefore(db, workspaceId, respondents, windowDays), touchpointIndex(db, workspaceId)]);
    const nameOf = (id: string) => touchpoints.get(id)?.name ?? 'Removed touchpoint';
    const features = collectFeatures(
      seen.flatMap((s) => [{ key: `touchpoint:${s.touchpointId}`, index: s.index }, ...(s.event === null ? [] : [{ key: `event:${s.touchpointId}:${s.event}`, index: s.index }])]),
      (key) => {
        const [kind, touchpointId, ...event] = key.split(':');
        return kind === 'touchpoint' ? { kind: 'touchpoint', label: nameOf(touchpointId!) } : { kind: 'event', label: `${event.join(':')} (${nameOf(touchpointId!)})` };
      },
    );
    const members = new Map(features.map((f) => [f.key, f.with.join(',')]));
    const sameAsTouchpoint = (f: DriverFeature) => f.kind === 'event' && members.get(`touchpoint:${f.key.split(':')[1]}`) === members.get(f.key);
    return features.filter((f) => !sameAsTouchpoint(f));
  },
};
