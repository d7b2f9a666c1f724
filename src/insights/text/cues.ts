/**
 * Customer-service cues. On support channels most complaints carry no emotional
 * word at all ("my flight was delayed 3 hours", "charged twice", "still no refund"),
 * so a general sentiment lexicon reads them as neutral. These patterns name the
 * situations that are complaints whatever the wording, and the few that are praise.
 *
 * They run on normalised text (lower case, contractions expanded: "didn't" is "did not").
 * Each cue has a valence added to the lexicon score (VADER's scale, -4..4) and a name
 * that the learned model also sees as a feature, so training data can tune how much
 * each kind of cue counts.
 */

export interface Cue {
  name: string;
  valence: number;
  pattern: RegExp;
}

// "In five minutes" is usually praise ("sorted it in five minutes"); "in ten days" a delay.
const LONG_UNIT = String.raw`(?:hours?|hrs?|days?|weeks?|wks?|months?)`;
const UNIT = String.raw`(?:minutes?|mins?|${LONG_UNIT})`;
const D = String.raw`(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few|many|a few|a couple of)`;

export const COMPLAINT_CUES: Cue[] = [
  // Praise words said of a failure. Listed first so that "thanks for nothing" is this cue, not thanks.
  {
    name: 'sarcasm',
    valence: -2.2,
    pattern: /\bthank(?:s| you) for nothing\b|\b(?:what a|such a|is a|absolute|total|complete) (?:joke|shambles|farce)\b|\blove that for me\b|\bjust what i needed\b|\byeah right\b|(?:^\s*|[.!?,]\s+)oh (?:great|wonderful|fantastic|brilliant|lovely|perfect|joy)\b/g,
  },
  { name: 'delay', valence: -1.6, pattern: /\b(?:delay(?:ed|s)?|overdue|late|behind schedule)\b/g },
  { name: 'waiting', valence: -1.6, pattern: /\b(?:still|been|keep|kept) waiting\b|\bwaiting (?:for|on|since)\b|\bon hold\b/g },
  { name: 'still-not', valence: -1.4, pattern: /\bstill (?:no|not|nothing|have not|has not|had not|waiting|unresolved|broken|missing|pending|processing|showing|charging|taking|being)\b|\b(?:is|are|has|have) not (?:yet )?been\b/g },
  {
    name: 'not-arrived',
    valence: -1.8,
    pattern: /\b(?:never|not|yet to|did not|has not|have not|had not) (?:yet )?(?:arrive[ds]?|received?|come|came|show(?:n|ed)? up|turn(?:ed)? up|been (?:delivered|received|credited|refunded|processed)|delivered|credited|updated|called)\b|\bnever (?:got|came|showed|arrived|received|heard)\b/g,
  },
  { name: 'missing', valence: -1.6, pattern: /\b(?:missing|lost|disappeared|vanished|stolen|swallowed)\b/g },
  {
    name: 'charged',
    valence: -1.8,
    pattern: /\bcharged (?:me )?(?:twice|double|two times|again|extra|more)\b|\bdouble[- ]charged\b|\bovercharg\w*|\b(?:extra|hidden|unexpected|unauthori[sz]ed|unknown) (?:fee|charge|payment|transaction)s?\b|\bstill (?:charging|taking|billing)\b|\btaking money\b/g,
  },
  // Not when it "came through": that is the resolved cue.
  { name: 'refund', valence: -0.8, pattern: /\brefund(?:ed|s)?\b(?! (?:has |have )?(?:finally |now |just )?(?:came|come|gone|went) through)|\bmoney back\b|\breimburs\w*/g },
  { name: 'cancelled', valence: -1.0, pattern: /\bcancel(?:l)?ed\b/g },
  {
    name: 'broken',
    valence: -1.7,
    pattern: /\b(?:broken|broke|stopped working|not working|does not work|do not work|did not work|will not (?:work|load|open|start|connect|let)|can not (?:log ?in|login|sign in|access|connect|open|use|get)|crash(?:ed|es|ing)?|freez(?:es|ing)|froze|error|bug|glitch|faulty|defective|damaged|cracked|leak(?:s|ing|ed)?|outage|(?:is|are|was|were|been|went|goes) down|timing out|times out|logs? me out|kicked me out)\b/g,
  },
  {
    name: 'no-response',
    valence: -1.7,
    pattern: /\bno (?:response|reply|answer|update|call ?back|one (?:has )?(?:called|replied|responded|answered|helped|got back))\b|\bnobody (?:called|replied|answered|responded|helped|got back|told)\b|\b(?:ignored|ignoring)\b|\b(?:have not|has not|did not|never) (?:heard|responded|replied|answered|got back|called back)\b|\bhung up\b/g,
  },
  {
    name: 'repeated',
    valence: -1.2,
    pattern: new RegExp(String.raw`\b(?:again|(?:second|third|fourth|fifth|\d+(?:st|nd|rd|th)) time|every (?:single )?time|keeps?|constantly|repeatedly|(?:multiple|several|many) times)\b`, 'g'),
  },
  { name: 'wrong', valence: -1.4, pattern: /\b(?:wrong|incorrect|mistake|not what i ordered|instead of|half (?:my|of)|never agreed|did not (?:order|authori[sz]e|agree))\b/g },
  { name: 'declined', valence: -1.5, pattern: /\b(?:declined|failed|fails|rejected|denied|refused|suspended|blocked|locked out|frozen|reverted|bounced)\b/g },
  { name: 'duration', valence: -1.0, pattern: new RegExp(String.raw`\b(?:for|after|over|since|than|almost|nearly) ${D} ${UNIT}\b|\bin ${D} ${LONG_UNIT}\b|\b${D} ${LONG_UNIT} (?:later|ago|now)\b|\b${D} ${UNIT} (?:on hold|in (?:the )?queue|at the gate|on the tarmac)\b`, 'g') },
  { name: 'escalate', valence: -2.0, pattern: /\b(?:speak|talk) to (?:a |your |the )?(?:manager|supervisor|human|real person)\b|\bcomplain\w*|\bunacceptable\b|\bescalat\w*|\bchargeback\b|\bombudsman\b/g },
  { name: 'without-notice', valence: -1.5, pattern: /\bwithout (?:any |my )?(?:notice|warning|permission|consent|explanation|telling)\b/g },
];

export const PRAISE_CUES: Cue[] = [
  { name: 'thanks', valence: 1.8, pattern: /\bthank(?:s| you| u)\b|\b(?:thx|thnx|ty|tysm)\b|\bcheers\b|\bappreciated?\b|\bmuch appreciated\b|\bkudos\b|\bgrateful\b|\bshout ?out\b/g },
  { name: 'resolved', valence: 1.6, pattern: /\b(?:resolved|sorted|fixed|solved|all good|(?:refund|money|payment|credit) (?:has |have )?(?:finally |now |just )?(?:came|come|gone|went) through|works? (?:now|perfectly|great|fine|again)|working (?:again|now|perfectly|fine))\b/g },
  { name: 'speed', valence: 1.0, pattern: /\b(?:quick(?:ly)?|fast|speedy|prompt(?:ly)?|straight away|right away|in no time|a day early|early)\b/g },
  { name: 'recommend', valence: 1.8, pattern: /\b(?:recommend\w*|five stars|5 stars|above and beyond|well done|(?:great|good|nice) (?:job|work)|lifesaver|life saver|top notch|top (?:service|job|class|marks)|spot on)\b/g },
];

/** Negators that cancel a cue when they come just before it ("not delayed", "never late"). */
const CANCEL = /\b(?:not|no|never|without|nothing)\s+(?:\w+\s+)?$/;

/** A repair just before a complaint cue cancels it: "fixed the leak", "refunded the double charge". */
const REPAIRED = /\b(?:fixed|repaired|replaced|sorted(?: out)?|resolved|solved|refunded)\s+(?:\w+\s+)?$/;

export interface CueHit {
  name: string;
  valence: number;
  /** True when a negation just before the cue cancels it. */
  negated: boolean;
}

const ALL_CUES = [...COMPLAINT_CUES, ...PRAISE_CUES];

// One regex with a named group per cue: a single scan of the text instead of twenty.
// Where cues overlap, the earliest (then the first listed) wins, so one phrase counts once.
const COMBINED = new RegExp(ALL_CUES.map((c, i) => `(?<c${i}>${c.pattern.source})`).join('|'), 'g');

/** All cue matches in normalised text. A praise cue under negation ("not fixed") counts as a complaint. */
export function findCues(normalised: string): CueHit[] {
  const hits: CueHit[] = [];
  COMBINED.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = COMBINED.exec(normalised)) !== null) {
    const groups = m.groups!;
    let cue: Cue | undefined;
    for (let i = 0; i < ALL_CUES.length; i++) {
      if (groups[`c${i}`] !== undefined) {
        cue = ALL_CUES[i];
        break;
      }
    }
    if (!cue) continue;
    const before = normalised.slice(Math.max(0, m.index - 24), m.index);
    const negated = (CANCEL.test(before) && !/^(?:no|not|never|nobody)\b/.test(m[0])) || (cue.valence < 0 && REPAIRED.test(before));
    hits.push({ name: cue.name, valence: cue.valence, negated });
  }
  return hits;
}
