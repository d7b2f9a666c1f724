import type { Db } from '../platform/db/client.ts';
import { insertRule, listRules } from '../outreach/store.ts';

// The demo's proactive outreach: a note to customers likely to need help (acted on
// at the server's first daily run, a tenth held out), a task when a parcel is late,
// and a referral invitation for promoters. Seeded once per workspace.

const ASK_FIRST = 'Hi {name},\n\nWe noticed: {reason}. If anything is not right with your order, simply reply to this email and we will sort it out.\n\nCafé Lumen';

export async function seedDemoOutreach(db: Db, workspaceId: string): Promise<number> {
  if ((await listRules(db, workspaceId)).length > 0) return 0;
  const rules = [
    { name: 'Likely to need help: write first', trigger: { kind: 'need_help' as const, minProbability: 0.05 }, action: { type: 'message' as const, subject: 'Can we help, {name}?', body: ASK_FIRST, reviewInvitation: false } },
    { name: 'Late parcel: a task for the team', trigger: { kind: 'event' as const, event: 'Delivery Delayed' }, action: { type: 'ticket' as const, teamId: null, priority: 'high' as const, subject: 'Parcel late: tell the customer before they ask' } },
    {
      name: 'Promoters: refer a friend',
      trigger: { kind: 'answer' as const, condition: { kind: 'nps' as const, min: 9 } },
      action: { type: 'message' as const, subject: 'A coffee on us for a friend', body: 'Hi {name},\n\nThank you for the kind score! Share https://cafe-lumen.example/r and your friend gets a free flat white.\n\nCafé Lumen', reviewInvitation: false },
    },
  ];
  for (const r of rules) await insertRule(db, { workspaceId, enabled: true, cooldownDays: 30, holdoutPercent: 10, ...r });
  return rules.length;
}
