import type { Actor, EventData, EventType } from '../events/index.js';
import { streamIds } from '../events/index.js';
import type { Prng } from './prng.js';
import { DAY_MS, type Draft, type JourneyPlan, type Quarter } from './timeline.js';

export interface ScriptContext {
  startYear: number;
  /** The horizon year: targets are for this year, journeys' horizon is its last day. */
  endYear: number;
  quarters: Quarter[];
  /** Extra changes and perspectives per journey per quarter, to scale the ledger for benchmarks. */
  extraPerQuarter: number;
}
export const HOUR_MS = 3_600_000;
export const periodLabelOf = (q: Quarter): string => `Q${q.q} ${q.year}`;
export const CORRECTION_REASONS = [
  'Late returns from two providers added',
  'Duplicate records removed after data cleansing',
  'Provider resubmitted its figures',
];

/** What every scene of a journey's story uses: where its drafts go, the journey's ids, and the moments it picks. */
export abstract class ScriptBase {
  protected readonly out: Draft[] = [];
  protected readonly changeIds: string[] = [];
  protected readonly decisionIds: string[] = [];
  protected readonly journeyStream: string;

  constructor(
    protected readonly jp: JourneyPlan,
    protected readonly ctx: ScriptContext,
    protected readonly prng: Prng,
  ) {
    this.journeyStream = streamIds.journey(jp.journeyId);
  }

  protected push<T extends EventType>(type: T, streamId: string, data: EventData<T>, actor: Actor, ms: number): void {
    this.out.push({ type, streamId, data, actor, ms });
  }
  protected journey<T extends EventType>(
    type: T,
    data: EventData<T>,
    ms: number,
    actor: Actor = this.jp.template.manager,
  ): void {
    this.push(type, this.journeyStream, data, actor, ms);
  }
  /** A moment `day` days into the quarter, in office hours. */
  protected at(quarter: Quarter, day: number): number {
    return quarter.startMs + day * DAY_MS + this.prng.int(8, 17) * HOUR_MS + this.prng.int(0, 59) * 60_000;
  }
  protected id(kind: string): string {
    return `${this.jp.journeyId}-${kind}`;
  }
  protected planId(key: string): string {
    return this.jp.planIds.get(key) ?? this.id(key);
  }
  protected get indicatorIds(): string[] {
    return this.jp.indicators.map((i) => i.indicatorId);
  }
  protected fraction(ms: number): number {
    const from = Date.UTC(this.ctx.startYear - 1, 11, 31);
    return (ms - from) / (Date.UTC(this.ctx.endYear, 11, 31) - from);
  }
}
