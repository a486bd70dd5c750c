import type { IndicatorStatus } from '../../projections/progress-math.js';
import type { Role } from '../events/index.js';
import { listJoin } from './words.js';

/** Every label people read for a code of the ledger, once: pages use `label`, report sentences the other forms. */

/** An indicator's or a journey's status: the badge on a page, and "this indicator is …" in a report. */
export const STATUS: Record<IndicatorStatus, { label: string; is: string }> = {
  achieved: { label: 'Achieved', is: 'achieved' },
  'on-track': { label: 'On track', is: 'on track' },
  'at-risk': { label: 'At risk', is: 'at risk' },
  'off-track': { label: 'Off track', is: 'off track' },
  'no-data': { label: 'No data', is: 'without data' },
};

/** The status of everything else a page shows a badge for: accountabilities, decisions, plans. */
const OTHER_STATUS: Record<string, string> = {
  open: 'Open',
  overdue: 'Overdue',
  discharged: 'Discharged',
  'review-due': 'Review due',
  'in-force': 'In force',
  superseded: 'Superseded',
  active: 'Active',
  adopted: 'Adopted',
  withdrawn: 'Withdrawn',
};

/** A status badge's words; an unknown code is shown as it is. */
export const statusLabel = (s: string): string => STATUS[s as IndicatorStatus]?.label ?? OTHER_STATUS[s] ?? s;

/** The three Results-Based Accountability questions: the question on a page, what a change is "about" in a report. */
export const RBA_QUESTION: Record<'how-much' | 'how-well' | 'better-off', { label: string; about: string }> = {
  'how-much': { label: 'How much did we do?', about: 'how much was done' },
  'how-well': { label: 'How well did we do it?', about: 'how well it was done' },
  'better-off': { label: 'Is anyone better off?', about: 'who is better off' },
};

/** A perspective's stance, as a report says it: "A community voice, in support: …". */
export const STANCE: Record<'supports' | 'challenges' | 'neutral', string> = {
  supports: 'in support',
  challenges: 'in challenge',
  neutral: 'neutral',
};

/** Whom an accountability is owed to, for the usual answers; free text is said as written. */
const TO_WHOM: Record<string, string> = {
  'line-manager': 'their line manager',
  board: 'the board',
  beneficiaries: 'the beneficiaries',
  public: 'the public',
};
export const toWhom = (s: string): string => TO_WHOM[s] ?? s;

/** Who someone is, by role: "You are signed in as a contributor". */
export const ROLE_WORDS: Record<Role, string> = {
  viewer: 'a viewer (read only)',
  contributor: 'a contributor',
  scrutineer: 'a scrutineer',
  admin: 'an administrator',
};
const ROLE_PLURAL: Record<Role, string> = {
  viewer: 'viewers',
  contributor: 'contributors',
  scrutineer: 'scrutineers',
  admin: 'administrators',
};
/** "contributors and administrators": who may do something, as a refusal explains it. */
export const rolesInWords = (roles: readonly Role[]): string => listJoin(roles.map((r) => ROLE_PLURAL[r]));
