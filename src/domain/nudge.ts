/**
 * The activity nudge: notices when "what changed" reads as something we did ("held 3 meetings",
 * "attended the board", "produced a report") rather than a change for someone ("12 more families now get a
 * reply within a week"). It only nudges: the form can still be saved. Pure, so it is easy to test and to reuse.
 *
 * The rule: the text names an activity (an activity verb with an activity object, an activity verb opening
 * the sentence, or a count of outputs such as "3 meetings"), and nothing in it says what is different for
 * people (now, no longer, fewer, more people…, able to, rose/fell, from X to Y…). A change signal whose object
 * is itself an activity ("more meetings", "increased the number of workshops") does not count as a change.
 */

export interface Nudge {
  looksLikeActivity: boolean;
  /** The phrases that read as activity, as written, for the message beside the field. */
  activityPhrases: string[];
  message: string | null;
}

const VERBS = [
  'held',
  'hold',
  'holding',
  'attended',
  'attend',
  'attending',
  'ran',
  'run',
  'running',
  'organised',
  'organized',
  'hosted',
  'delivered',
  'produced',
  'published',
  'wrote',
  'written',
  'drafted',
  'prepared',
  'launched',
  'met',
  'convened',
  'circulated',
  'sent',
  'distributed',
  'set up',
  'facilitated',
  'presented',
  'commissioned',
  'carried out',
  'conducted',
  'completed',
  'scheduled',
  'planned',
  'discussed',
  'consulted',
  'trained',
  'mapped',
  'developed',
  'designed',
  'created',
  'established',
  'arranged',
  'coordinated',
  'co-ordinated',
  'visited',
  'reviewed',
  'updated',
  'submitted',
  'shared',
  'promoted',
  'advertised',
  'recruited',
  'appointed',
  'issued',
  'agreed',
  'signed off',
  'refreshed',
  'rolled out',
  'piloted',
  'briefed',
  'emailed',
  'phoned',
  'called',
  'participated in',
  'took part in',
  'contributed to',
  'went to',
  'spoke at',
  'worked on',
  'worked with',
];

const NOUNS = [
  'meeting',
  'meetings',
  'workshop',
  'workshops',
  'session',
  'sessions',
  'report',
  'reports',
  'training',
  'trainings',
  'event',
  'events',
  'conference',
  'conferences',
  'seminar',
  'seminars',
  'webinar',
  'webinars',
  'leaflet',
  'leaflets',
  'newsletter',
  'newsletters',
  'strategy',
  'strategies',
  'action plan',
  'action plans',
  'plan',
  'plans',
  'policy',
  'policies',
  'steering group',
  'working group',
  'task and finish group',
  'group',
  'groups',
  'presentation',
  'presentations',
  'briefing',
  'briefings',
  'consultation',
  'consultations',
  'forum',
  'forums',
  'board',
  'boards',
  'audit',
  'audits',
  'review',
  'reviews',
  'survey',
  'surveys',
  'campaign',
  'campaigns',
  'course',
  'courses',
  'toolkit',
  'toolkits',
  'framework',
  'frameworks',
  'pilot',
  'pilots',
  'paper',
  'papers',
  'visit',
  'visits',
  'calls',
  'emails',
  'letters',
  'posters',
  'drop-in',
  'drop-ins',
  'roadshow',
  'roadshows',
  'engagement',
  'partnership meeting',
  'committee',
  'committees',
  'agenda',
  'minutes',
  'guidance',
  'protocol',
  'protocols',
  'website',
  'web page',
  'page',
  'social media posts',
  'posts',
  'bid',
  'bids',
];

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
const alt = (words: string[]) =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .map(esc)
    .join('|');
const VERB = alt(VERBS);
const NOUN = alt(NOUNS);
const SUBJECT = String.raw`(?:(?:we|i|the\s+team|our\s+team|team|staff|officers?|the\s+service|partners?|the\s+partnership|the\s+board|managers?|colleagues|they)\s+)?(?:(?:have|has|had|were|was)\s+(?:been\s+)?)?`;

/** An activity verb with an activity object a few words on: "ran two workshops", "attended the partnership board". */
const VERB_OBJECT = new RegExp(String.raw`\b(?:${VERB})\b(?:\s+[\w'’-]+){0,4}?\s+(?:${NOUN})\b`, 'gi');
/** A sentence that opens with an activity verb: "Attended…", "We held…", "Staff were trained…". */
const OPENING_VERB = new RegExp(String.raw`(?:^|[.;!?]\s+)${SUBJECT}(?:${VERB})\b`, 'gi');
/**
 * A count of outputs: "3 meetings", "twelve sessions", "40 leaflets". Figures are found by `numberRuns` (one pass),
 * and only the few characters after each are matched: a regex for `\d[\d,]*` restarts inside every run of digits,
 * so "1,1,1,…" would cost its length squared.
 */
const NUMBER_WORD = String.raw`(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|many|a\s+number\s+of|a\s+series\s+of)`;
const OUTPUTS = String.raw`\s+(?:[\w-]+\s+)?(?:${NOUN})\b`;
const COUNT = new RegExp(String.raw`\b${NUMBER_WORD}${OUTPUTS}`, 'gi');
const AFTER_FIGURE_COUNT = new RegExp(String.raw`^${OUTPUTS}`, 'i');
/** "12% of", "5 % more": a share that moved. */
const AFTER_FIGURE_SHARE = /^\s*%\s+(?:of|more|fewer|less)\b/i;
/** How far past a figure its words are looked for: a unit, one word, an activity noun. */
const WINDOW = 80;

/**
 * Runs of digits and separators (1,250 · 3.5 · 1,1,1…) that start a word, in one left-to-right pass that looks at
 * each character once; `visited` counts the looks (the tests hold it to the text's length).
 */
export function numberRuns(text: string): { runs: { start: number; end: number }[]; visited: number } {
  const runs: { start: number; end: number }[] = [];
  let visited = 0;
  let i = 0;
  while (i < text.length) {
    visited += 1;
    if (isDigit(text.charCodeAt(i)) && (i === 0 || !/\w/.test(text.charAt(i - 1)))) {
      let j = i + 1;
      for (; j < text.length && isFigureChar(text.charCodeAt(j)); j += 1) visited += 1;
      let end = j;
      while (!isDigit(text.charCodeAt(end - 1))) end -= 1; // "3," ends at 3
      runs.push({ start: i, end });
      i = j;
    } else i += 1;
  }
  return { runs, visited };
}
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isFigureChar = (c: number): boolean => isDigit(c) || c === 44 || c === 46;
/** A passive activity: "a workshop was held", "the report has been published". */
const PASSIVE = new RegExp(
  String.raw`\b(?:${NOUN})\s+(?:was|were|has\s+been|have\s+been|is\s+being|are\s+being)\s+(?:${VERB})\b`,
  'gi',
);

/** Words that say what is different for someone. */
const CHANGE = new RegExp(
  String.raw`\b(?:now|no\s+longer|fewer|less|more|can|could|are\s+able|is\s+able|able\s+to|feel|feels|felt|reported\s+(?:feeling|being)|say\s+they|said\s+they|better\s+off|safer|healthier|happier|waiting|waited|wait|rose|risen|fell|fallen|increased|decreased|reduced|dropped|halved|doubled|improved|went\s+(?:up|down)|up\s+from|down\s+from|back\s+(?:in|into|at|to)|moved\s+into|into\s+work|stayed|stay|kept|got|get|gets|received|receive|took\s+up|started|stopped|returned)\b|\bfrom\s+[\d.,]+%?\s+to\s+[\d.,]+`,
  'gi',
);

/** A change word followed closely by an activity noun is about activity: "more meetings", "increased the number of sessions". */
const ACTIVITY_OBJECT = new RegExp(
  String.raw`^(?:\s+(?:the|a|an|our|their|number|numbers|of|more|new|regular|weekly|monthly|partnership|multi-agency|training|staff|team|public|community|[\d,]+))*\s+(?:${NOUN})\b`,
  'i',
);
/** The activity a change word is about ("increased the number of meetings"), or null when it is about people. */
const changeAboutActivity = (text: string, index: number, word: string): string | null => {
  const m = ACTIVITY_OBJECT.exec(text.slice(index + word.length, index + word.length + 60));
  return m ? `${word}${m[0]}` : null;
};

const collect = (re: RegExp, text: string): string[] =>
  [...text.matchAll(re)].map((m) => m[0].replace(/^[.;!?]\s+/, '').trim());

export function activityNudge(whatChanged: string): Nudge {
  const text = whatChanged.trim().replace(/\s+/g, ' ');
  if (!text) return { looksLikeActivity: false, activityPhrases: [], message: null };
  const phrases = [
    ...collect(VERB_OBJECT, text),
    ...collect(OPENING_VERB, text),
    ...collect(COUNT, text),
    ...collect(PASSIVE, text),
  ];
  const changes = [...text.matchAll(CHANGE)].map((m) => ({ index: m.index, word: m[0] }));
  for (const { start, end } of numberRuns(text).runs) {
    const after = text.slice(end, end + WINDOW);
    const count = AFTER_FIGURE_COUNT.exec(after);
    if (count) phrases.push(text.slice(start, end) + count[0]);
    const share = AFTER_FIGURE_SHARE.exec(after);
    if (share) changes.push({ index: start, word: text.slice(start, end) + share[0] });
  }
  const changeSignals: string[] = [];
  for (const { index, word } of changes) {
    const aboutActivity = changeAboutActivity(text, index, word);
    if (aboutActivity) phrases.push(aboutActivity);
    else changeSignals.push(word);
  }
  // Quote each phrase once, and not again inside a longer one ("held" within "held 3 meetings").
  const lower = [...new Set(phrases.map((p) => p.toLowerCase()))];
  const unique = lower.filter((p) => !lower.some((q) => q !== p && q.includes(p)));
  const looksLikeActivity = unique.length > 0 && changeSignals.length === 0;
  return {
    looksLikeActivity,
    activityPhrases: looksLikeActivity ? unique : [],
    message: looksLikeActivity
      ? `This reads like something that was done (${unique.map((p) => `“${p}”`).join(', ')}) rather than what is different now, and for whom. ` +
        'Could you say what changed for people because of it? You can still save it as it is; activities can also go in “Activities (context)”.'
      : null,
  };
}
