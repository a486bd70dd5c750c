import { deriveOccurredAt, eventHash, GENESIS_HASH, SCHEMA_VERSION, type EventRecord } from '../events/index.js';
import { JourneyScript } from './journey-script.js';
import type { ScriptContext } from './script-base.js';
import { deriveSeed, demoUuid, mulberry32 } from './prng.js';
import { journeyPlan, quartersBetween, type Draft } from './timeline.js';

export interface DemoOptions {
  /** The generator's "now": nothing is recorded after it. Passed in, never read from a clock. */
  now: string | Date;
  journeys?: number;
  /** How many calendar years the demo spans, ending with the year of `now` (default 6: 2021 to 2026). */
  years?: number;
  seed?: number;
  /** Approximate total number of events wanted (for benchmarks); filler changes and perspectives make up the difference. */
  events?: number;
  /** Events per page handed out (default 5,000). */
  pageSize?: number;
}

/** Roughly how many events one journey tells per quarter before any filler; used to size the filler. */
const BASE_EVENTS_PER_JOURNEY_QUARTER = 7;

export interface DemoShape {
  journeys: number;
  years: number;
  seed: number;
  startYear: number;
  endYear: number;
  quarters: number;
  extraPerQuarter: number;
}

export function demoShape(options: DemoOptions): DemoShape {
  const nowMs = new Date(options.now).getTime();
  if (Number.isNaN(nowMs)) throw new RangeError(`not an instant: ${String(options.now)}`);
  const journeys = options.journeys ?? 5;
  const years = options.years ?? 6;
  if (!Number.isInteger(journeys) || journeys < 1 || journeys > 10_000)
    throw new RangeError('journeys must be a whole number from 1 to 10,000');
  if (!Number.isInteger(years) || years < 2 || years > 50)
    throw new RangeError('years must be a whole number from 2 to 50');
  const endYear = new Date(nowMs).getUTCFullYear();
  const startYear = endYear - years + 1;
  const quarters = quartersBetween(startYear, nowMs).length;
  const wanted = options.events ?? 0;
  const extraPerQuarter = Math.max(0, Math.round(wanted / (journeys * quarters)) - BASE_EVENTS_PER_JOURNEY_QUARTER);
  return { journeys, years, seed: options.seed ?? 1, startYear, endYear, quarters, extraPerQuarter };
}

/**
 * The demo city as complete, hash-chained events, a page at a time and in recordedAt order, ready for
 * `store.restore()` (the admin import path: the only way historic recordedAt times may enter a ledger).
 *
 * `position` is '0' in every event handed out: a placeholder, because positions are the store's own and
 * restore assigns them. Everything else (id, revision, recordedAt, occurredAt, actor, prevHash, hash) is final.
 * Memory stays bounded by one quarter's events, so a million-event city streams in pages.
 */
export function* generateDemo(options: DemoOptions): Generator<EventRecord[]> {
  const nowMs = new Date(options.now).getTime();
  const shape = demoShape(options);
  const pageSize = options.pageSize ?? 5_000;
  const quarters = quartersBetween(shape.startYear, nowMs);
  const ctx: ScriptContext = {
    startYear: shape.startYear,
    endYear: shape.endYear,
    quarters,
    extraPerQuarter: shape.extraPerQuarter,
  };
  const scripts = Array.from(
    { length: shape.journeys },
    (_, i) => new JourneyScript(journeyPlan(i), ctx, mulberry32(deriveSeed(shape.seed, i + 1))),
  );
  const idPrng = mulberry32(deriveSeed(shape.seed, 0));
  const heads = new Map<string, { revision: number; hash: string }>();

  const seal = (d: Draft): EventRecord => {
    const head = heads.get(d.streamId) ?? { revision: -1, hash: GENESIS_HASH };
    const recordedAt = new Date(d.ms).toISOString();
    const e: EventRecord = {
      id: demoUuid(d.ms, idPrng),
      type: d.type,
      streamId: d.streamId,
      revision: head.revision + 1,
      position: '0',
      recordedAt,
      occurredAt: deriveOccurredAt(d.type, d.data, recordedAt),
      actor: d.actor,
      data: d.data,
      schemaVersion: SCHEMA_VERSION,
      prevHash: head.hash,
      hash: '',
    };
    e.hash = eventHash(e);
    heads.set(d.streamId, { revision: e.revision, hash: e.hash });
    return e;
  };

  let pending: Draft[] = [];
  let page: EventRecord[] = [];
  for (const quarter of quarters) {
    for (const script of scripts) pending.push(...script.quarter(quarter));
    const cut = Math.min(quarter.endMs, nowMs + 1);
    const due: Draft[] = [];
    const later: Draft[] = [];
    for (const d of pending) (d.ms < cut ? due : later).push(d);
    pending = later;
    // A stable sort keeps causal order for drafts at the same instant (they were pushed in story order).
    due.sort((a, b) => a.ms - b.ms);
    for (const d of due) {
      page.push(seal(d));
      if (page.length >= pageSize) {
        yield page;
        page = [];
      }
    }
  }
  // Drafts dated after `now` have not happened yet: an answer still awaited, an accountability not yet discharged.
  if (page.length > 0) yield page;
}
