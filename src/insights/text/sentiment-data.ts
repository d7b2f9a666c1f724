/**
 * The open data the bundled sentiment model learns from, and how each source is
 * labelled. There is no open, redistributable set of labelled customer-service
 * posts here, so the model combines:
 *
 * - UCI Sentiment Labelled Sentences (Amazon, IMDb, Yelp; positive/negative): how
 *   people praise and complain in words;
 * - BANKING77 and Bitext customer-support queries, labelled by their intent
 *   ("weak" labels): intents that report a failure (card declined, transfer failed,
 *   charged twice, refund not showing) are negative, intents that ask for
 *   information (exchange rates, how to top up, change address) are neutral.
 *   Intents that mix both (card_arrival: "when will it come?" and "still not here")
 *   are left out. This is where complaints without sentiment words and neutral
 *   questions come from.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readCsv } from '../../platform/csv.ts';
import type { LabelledText, SentimentLabel } from './sentiment-model.ts';

export interface SourcedText extends LabelledText {
  source: string;
}

export const BANKING77_NEGATIVE = new Set([
  'card_not_working', 'compromised_card', 'pin_blocked', 'contactless_not_working', 'wrong_amount_of_cash_received',
  'transfer_not_received_by_recipient', 'card_payment_not_recognised', 'unable_to_verify_identity',
  'direct_debit_payment_not_recognised', 'declined_cash_withdrawal', 'declined_transfer', 'Refund_not_showing_up',
  'declined_card_payment', 'card_swallowed', 'transaction_charged_twice', 'reverted_card_payment?', 'failed_transfer',
  'virtual_card_not_working', 'wrong_exchange_rate_for_cash_withdrawal', 'card_payment_wrong_exchange_rate', 'top_up_failed',
  'top_up_reverted', 'balance_not_updated_after_bank_transfer', 'balance_not_updated_after_cheque_or_cash_deposit',
  'cash_withdrawal_not_recognised', 'extra_charge_on_statement', 'beneficiary_not_allowed',
]);

export const BANKING77_NEUTRAL = new Set([
  'card_linking', 'exchange_rate', 'fiat_currency_support', 'card_delivery_estimate', 'automatic_top_up', 'exchange_via_app',
  'age_limit', 'top_up_by_bank_transfer_charge', 'top_up_limits', 'supported_cards_and_currencies', 'getting_virtual_card',
  'card_acceptance', 'edit_personal_details', 'why_verify_identity', 'get_physical_card', 'visa_or_mastercard',
  'topping_up_by_card', 'disposable_card_limits', 'atm_support', 'receiving_money', 'transfer_into_account', 'verify_top_up',
  'getting_spare_card', 'top_up_by_cash_or_cheque', 'order_physical_card', 'get_disposable_virtual_card', 'exchange_charge',
  'top_up_by_card_charge', 'activate_my_card', 'cash_withdrawal_charge', 'card_about_to_expire', 'apple_pay_or_google_pay',
  'verify_my_identity', 'country_support', 'change_pin', 'transfer_timing', 'verify_source_of_funds',
]);

export const BITEXT_NEGATIVE = new Set(['complaint', 'payment_issue', 'registration_problems']);
// track_refund mixes neutral status questions with angry demands; left out like the mixed BANKING77 intents.
export const BITEXT_SKIPPED = new Set(['track_refund']);

/** UCI files: one `sentence<TAB>0|1` per line, split on the last tab, no quote handling. */
export function readUciFile(file: string, source: string): SourcedText[] {
  const out: SourcedText[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
    const tab = line.lastIndexOf('\t');
    if (tab < 0) continue;
    const flag = line.slice(tab + 1).trim();
    if (flag !== '0' && flag !== '1') continue;
    out.push({ text: line.slice(0, tab).trim(), label: flag === '1' ? 'positive' : 'negative', source });
  }
  return out;
}

export const UCI_FILES = [
  ['amazon', 'amazon_cells_labelled.txt'],
  ['imdb', 'imdb_labelled.txt'],
  ['yelp', 'yelp_labelled.txt'],
] as const;

export function readUci(dataDir: string): SourcedText[] {
  return UCI_FILES.flatMap(([name, file]) => readUciFile(path.join(dataDir, 'uci-sentiment', file), `uci-${name}`));
}

export async function readBanking77Weak(dataDir: string): Promise<SourcedText[]> {
  const out: SourcedText[] = [];
  for await (const row of readCsv(path.join(dataDir, 'banking77', 'train.csv'), { requiredColumns: ['text', 'category'] })) {
    const { text, category } = row.values;
    const label: SentimentLabel | undefined = BANKING77_NEGATIVE.has(category) ? 'negative' : BANKING77_NEUTRAL.has(category) ? 'neutral' : undefined;
    if (label) out.push({ text, label, source: 'banking77' });
  }
  return out;
}

export async function readBitextWeak(dataDir: string): Promise<SourcedText[]> {
  const out: SourcedText[] = [];
  for await (const row of readCsv(path.join(dataDir, 'bitext-customer-support', 'train.csv'), { requiredColumns: ['utterance', 'intent'] })) {
    const { utterance, intent } = row.values;
    if (BITEXT_SKIPPED.has(intent)) continue;
    out.push({ text: utterance, label: BITEXT_NEGATIVE.has(intent) ? 'negative' : 'neutral', source: 'bitext' });
  }
  return out;
}

/**
 * Weights so that each class carries the same total weight, and within a class
 * each source the same share: otherwise the 6,000 near-duplicate Bitext requests
 * would decide what "neutral" means.
 */
export function balanceWeights(examples: SourcedText[]): SourcedText[] {
  const groups = new Map<string, number>();
  const sourcesPerLabel = new Map<string, Set<string>>();
  for (const e of examples) {
    groups.set(`${e.label}|${e.source}`, (groups.get(`${e.label}|${e.source}`) ?? 0) + 1);
    if (!sourcesPerLabel.has(e.label)) sourcesPerLabel.set(e.label, new Set());
    sourcesPerLabel.get(e.label)!.add(e.source);
  }
  const labels = sourcesPerLabel.size;
  const perLabel = examples.length / labels;
  return examples.map((e) => {
    const share = perLabel / sourcesPerLabel.get(e.label)!.size;
    return { ...e, weight: share / groups.get(`${e.label}|${e.source}`)! };
  });
}

/** Lexicon lines `word<TAB>mean<TAB>sd<TAB>ratings` (VADER's vader_lexicon.txt). */
export function parseValenceLexicon(text: string): Map<string, number> {
  const lexicon = new Map<string, number>();
  for (const line of text.split(/\r?\n/)) {
    const [word, mean] = line.split('\t');
    if (!word || mean === undefined) continue;
    const v = Number(mean);
    // Only plain words: our tokeniser never produces emoticon tokens like ":-)" (they become emopositive).
    if (Number.isFinite(v) && /^[\p{L}\p{M}]+$/u.test(word)) lexicon.set(word.toLowerCase(), v);
  }
  lexicon.set('emopositive', 2.0);
  lexicon.set('emonegative', -2.0);
  return lexicon;
}
