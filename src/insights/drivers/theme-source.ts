import { latestThemedTexts } from '../themes/store.ts';
import { collectFeatures, type DriverFeatureSource } from './features.ts';

const DAY = 86_400_000;

/**
 * The themes of the latest theme run that a respondent's words belong to: the
 * comment on the answer itself, or any of their texts (ticket openings, other
 * comments, reviews) in the window before it. The themes were found in these very
 * comments, so a theme of detractors' comments describes what they talk about; it
 * does not predict the score the way a delay before the answer can.
 */
export const themeFeatures: DriverFeatureSource = {
  async features(db, workspaceId, respondents, windowDays) {
    const texts = await latestThemedTexts(db, workspaceId, [...new Set(respondents.map((r) => r.customerId))]);
    const byCustomer = new Map<string, typeof texts>();
    for (const t of texts) {
      const mine = byCustomer.get(t.customerId);
      if (mine) mine.push(t);
      else byCustomer.set(t.customerId, [t]);
    }
    const names = new Map(texts.map((t) => [`theme:${t.themeId}`, t.themeName]));
    return collectFeatures(
      respondents.flatMap((r, index) =>
        (byCustomer.get(r.customerId) ?? [])
          .filter((t) => (t.ref.type === 'survey_response' && t.ref.id === r.responseId) || (t.at.getTime() <= r.at.getTime() && t.at.getTime() > r.at.getTime() - windowDays * DAY))
          .map((t) => ({ key: `theme:${t.themeId}`, index })),
      ),
      (key) => ({ kind: 'theme', label: `theme: ${names.get(key)}` }),
    );
  },
};
