import type { Actor, EventData, EventType } from '../events/index.js';
import {
  JOURNEYS,
  LOCALITIES,
  type BreakdownTemplate,
  type IndicatorTemplate,
  type JourneyTemplate,
} from './city/index.js';

/** An event the generator has decided on but not yet sealed into the ledger (no revision, no hashes yet). */
export interface Draft {
  type: EventType;
  streamId: string;
  data: EventData;
  actor: Actor;
  /** recordedAt in epoch milliseconds: when the demo ledger "learned" it. */
  ms: number;
}

export const DAY_MS = 86_400_000;

/** One quarter of the demo's span: its period name and [start, end) in epoch ms. */
export interface Quarter {
  index: number;
  period: string;
  year: number;
  q: number;
  startMs: number;
  endMs: number;
}

export function quartersBetween(startYear: number, nowMs: number): Quarter[] {
  const out: Quarter[] = [];
  for (let year = startYear, q = 1, index = 0; ; index += 1) {
    const startMs = Date.UTC(year, (q - 1) * 3, 1);
    if (startMs > nowMs) break;
    out.push({ index, period: `${year}-Q${q}`, year, q, startMs, endMs: Date.UTC(year, q * 3, 1) });
    q += 1;
    if (q > 4) {
      q = 1;
      year += 1;
    }
  }
  return out;
}

export const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
/** The last day of a quarter as epoch ms (midnight UTC). */
export const quarterEndMs = (year: number, q: number): number => Date.UTC(year, q * 3, 0);

/** One journey of the demo city: a template, made unique by locality when the city is scaled up. */
export interface JourneyPlan {
  index: number;
  template: JourneyTemplate;
  journeyId: string;
  title: string;
  /** The id suffix shared by the journey's indicators and items ('' for the first five). */
  suffix: string;
  indicators: { indicatorId: string; template: IndicatorTemplate }[];
  planIds: Map<string, string>;
}

export function journeyPlan(index: number): JourneyPlan {
  const template = JOURNEYS[index % JOURNEYS.length] as JourneyTemplate;
  const round = Math.floor(index / JOURNEYS.length);
  let suffix = '';
  let title = template.title;
  if (round > 0) {
    const locality = LOCALITIES[(round - 1) % LOCALITIES.length] as string;
    const lap = Math.floor((round - 1) / LOCALITIES.length);
    suffix = `-${locality}${lap > 0 ? `-${lap + 1}` : ''}`;
    const name = locality.replace(/-/g, ' ');
    title = `${template.title}, ${name} locality${lap > 0 ? ` ${lap + 1}` : ''}`;
  }
  return {
    index,
    template,
    title,
    suffix,
    journeyId: `${template.key}${suffix}`,
    indicators: template.indicators.map((t) => ({ indicatorId: `${t.key}${suffix}`, template: t })),
    planIds: new Map(template.plans.map((p) => [p.key, `${template.key}${suffix}-${p.key}`])),
  };
}

/**
 * The illustrative trajectory: from the baseline, a share (`pace`) of the planned improvement by the
 * horizon, with a little seeded noise; rounded to the indicator's decimals.
 */
export function trajectoryValue(t: IndicatorTemplate, fraction: number, noise: number): number {
  const spread = Math.abs(t.target - t.baseline);
  const raw = t.baseline + (t.target - t.baseline) * t.pace * fraction + noise * spread * 0.04;
  const f = 10 ** t.decimals;
  return Math.round(raw * f) / f;
}

/**
 * The illustrative gap: from its baseline, a share (`pace`) of the planned narrowing by the horizon, less a bump
 * around `widening.at` where the gap opened up again, with a little seeded noise; rounded to `decimals`.
 */
export function gapValue(g: BreakdownTemplate['gap'], fraction: number, noise: number, decimals: number): number {
  const spread = Math.abs(g.target - g.baseline);
  const bump = g.widening.depth * Math.max(0, 1 - Math.abs(fraction - g.widening.at) / g.widening.width);
  const raw = g.baseline + (g.target - g.baseline) * (g.pace * fraction - bump) + noise * spread * 0.02;
  const f = 10 ** decimals;
  return Math.round(raw * f) / f;
}
