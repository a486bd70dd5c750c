import type { Actor } from '../../events/index.js';

/**
 * The demo city: a fictional partnership ("Ardenbridge") in the voice of the essay the product grew from.
 * Every figure is illustrative and labelled so in the ledger itself (indicator and measurement `source`).
 */
export const DEMO_CITY = 'Ardenbridge';
export const ILLUSTRATIVE = 'Illustrative demo figures, not real data (Journey Ledger demo city)';

export interface IndicatorTemplate {
  key: string;
  name: string;
  unit: string;
  direction: 'increase' | 'decrease';
  frequency: 'quarterly' | 'annual';
  baseline: number;
  target: number;
  /** Share of the planned improvement the trajectory actually achieves by the horizon (1 = exactly on target). */
  pace: number;
  decimals: number;
  population: string;
  /** Record the "if nothing changes" forecast at definition (turn-the-curve). */
  doNothing?: number;
  /** Measurements stop this many quarters before now: the indicator goes stale. */
  staleQuarters?: number;
  /** A target revised part-way through, with its reason. */
  revisedTarget?: { value: number; reason: string; decidedBy: string };
  /** The groups its figures are broken down by, and the gap between two of them the partnership means to close. */
  breakdown?: BreakdownTemplate;
}

/**
 * Figures by group, with a gap that moves: the gap narrows at `pace` (share of the planned narrowing achieved by the
 * horizon), except for a stretch around `widening.at` (a fraction of the span) where it widens again.
 */
export interface BreakdownTemplate {
  groups: { groupId: string; name: string }[];
  /** The quarter (index) the groups are added in (IndicatorGroupAdded); absent: declared with the indicator. */
  addedInQuarter?: number;
  gap: {
    gapId: string;
    name: string;
    focusGroup: string;
    /** A groupId, or `all` (the whole population). */
    comparatorGroup: string;
    baseline: number;
    target: number;
    doNothing?: number;
    pace: number;
    widening: { at: number; width: number; depth: number };
    /** With a comparator group: the share of the gap below the whole-population figure (the rest is above it). */
    focusShare?: number;
    revisedTarget?: { value: number; reason: string; decidedBy: string };
  };
}

export interface JourneyTemplate {
  key: string;
  title: string;
  ambition: string;
  outcomeArea: string;
  lead: string;
  partners: string[];
  manager: Actor;
  board: string;
  indicators: IndicatorTemplate[];
  plans: { key: string; intent: string; owner: string; dependsOn: string[] }[];
  changes: {
    whatChanged: string;
    forWhom: string;
    question: 'how-much' | 'how-well' | 'better-off';
    evidence: string;
  }[];
  /** Reports of activity rather than change: the kind the web form nudges against. */
  activities: string[];
  decisions: {
    summary: string;
    rationale: string;
    rejected: [string, string];
    forum: string;
    decidedBy: string;
    dissent?: [string, string];
  }[];
  lessons: string[];
  perspectives: {
    voice: 'community' | 'frontline' | 'partner' | 'scrutiny';
    stance: 'supports' | 'challenges' | 'neutral';
    statement: string;
    speaker: string;
  }[];
  challenges: { challenge: string; answer: string; upheld: boolean }[];
}

export const person = (id: string, name: string): Actor => ({ id, name, role: 'contributor' });

export const INSIGHT_TEAM: Actor = { id: 'city-insight-team', name: 'City Insight Team (demo)', role: 'contributor' };
export const SCRUTINY_OFFICER: Actor = {
  id: 'scrutiny-officer',
  name: 'Sam Whitfield, Scrutiny Officer',
  role: 'scrutineer',
};
export const PARTNERSHIP_OFFICE: Actor = { id: 'partnership-office', name: 'Partnership Office', role: 'admin' };
