import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db/client.ts';
import { instanceSecret, installationKey } from '../platform/auth/instance-secrets.ts';
import { tokenSigner } from '../platform/auth/signed-tokens.ts';
import { createJobQueue } from '../platform/jobs/queue.ts';
import { lastEventOfCustomers } from '../journeys/store.ts';
import { findTouchpointByName } from '../touchpoints/store.ts';
import { recordResponse } from '../feedback/responses.ts';
import { insertRule, insertSurvey, listSurveys, updateResponse } from '../feedback/store.ts';
import type { Random } from './random.ts';
import { demoComment } from './comments.ts';

// The demo's voice of the customer: an NPS survey after delivery, answered by
// about half the customers whose order arrived, worse after a late delivery (so
// the driver is in the data), and a closed-loop rule for detractors. Seeded
// once per workspace: re-running the demo adds nothing.

const SURVEY = 'After delivery';

export async function seedDemoFeedback(db: Db, config: Config, workspaceId: string, rand: Random): Promise<number> {
  if ((await listSurveys(db, workspaceId)).some((s) => s.name === SURVEY)) return 0;
  const deps = { jobs: createJobQueue(db), signer: tokenSigner(await instanceSecret(db, 'link-signing', installationKey(config))), baseUrl: () => config.publicUrl ?? `http://localhost:${config.port}`, timeZone: config.timeZone };
  return db.transaction(async (tx) => {
    const survey = await insertSurvey(tx, {
      workspaceId,
      name: SURVEY,
      touchpointId: (await findTouchpointByName(tx, workspaceId, 'Delivery'))?.id ?? null,
      questions: [
        { id: 'nps', type: 'nps', text: 'How likely are you to recommend Café Lumen to a friend?' },
        { id: 'comment', type: 'text', text: 'What is the main reason for your score?' },
      ],
      triggers: [{ type: 'event', event: 'Order Delivered', delayMinutes: 3 * 24 * 60 }],
    });
    await insertRule(tx, { workspaceId, name: 'Detractors get a call back', condition: { kind: 'nps', max: 6 }, action: { type: 'ticket', teamId: null, priority: 'high' } });
    const delivered = await lastEventOfCustomers(tx, workspaceId, 'Order Delivered');
    const late = await lastEventOfCustomers(tx, workspaceId, 'Delivery Delayed');
    let answered = 0;
    for (const [customerId, at] of [...delivered.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      if (!rand.chance(0.5)) continue;
      const wasLate = late.has(customerId);
      // Late deliveries pull scores down by about three points.
      const score = Math.max(0, Math.min(10, Math.round(8.6 - (wasLate ? 3.2 : 0) + (rand.next() + rand.next() + rand.next() - 1.5) * 3)));
      const group = score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
      // Only the recent detractors are left for the closed loop: older ones were followed up long ago.
      const answeredAt = new Date(at.getTime() + rand.int(2, 5) * 86_400_000);
      if (answeredAt > new Date()) continue;
      const comment = demoComment(rand, group, wasLate, answeredAt.getTime() > Date.now() - 7 * 86_400_000);
      const response = await recordResponse(tx, deps, { survey, channel: 'email', answers: { nps: score, ...(comment ? { comment } : {}) }, complete: true, customerId, at: answeredAt });
      if (answeredAt.getTime() < Date.now() - 7 * 86_400_000) await updateResponse(tx, response.id, { loopCheckedAt: answeredAt });
      answered++;
    }
    return answered;
  });
}
