import {
  comparePositions,
  entryNumber,
  idNames,
  keyIn,
  parseStreamId,
  sentenceOf,
  type Actor,
  type EventType,
  type LedgerEvent,
  type Names,
  type StoredEvent,
} from '../src/events/index.js';
import { internActor } from './intern.js';
import { linkedIndicators, noteLinks, type LinkIndex } from './links.js';

/**
 * journey-timeline: per journey, every event of its stream and of the indicators it tracks
 * (definitions, target revisions, measurements, corrections), as entries sorted by occurredAt, then position.
 * Corrections, challenges and supersessions are entries of their own: nothing is folded away.
 *
 * evolve MUTATES the state it is given (see progress.ts): one push per event. Entries keep a reference to the
 * event's data (no copy) but not its hashes; the summary sentence and the sort happen at query time, per journey,
 * so a million-event rebuild stays light.
 */
type Stored<T extends EventType> = Pick<
  StoredEvent<T>,
  'position' | 'ordinal' | 'type' | 'streamId' | 'occurredAt' | 'recordedAt' | 'actor' | 'data'
> & { eventId: string };
/** What the state keeps per event: the entry without its summary. */
export type StoredEntry = { [T in EventType]: Stored<T> }[EventType];
export interface TimelineEntry {
  position: string;
  /** The entry number people see and pages anchor at (`#pos-<entry>`): the event's ordinal + 1, the same in every store. */
  entry: number;
  eventId: string;
  type: EventType;
  streamId: string;
  occurredAt: string;
  recordedAt: string;
  actor: Actor;
  summary: string;
  data: LedgerEvent['data'];
}
export interface TimelineState {
  journeys: Map<string, StoredEntry[]>;
  indicators: Map<string, StoredEntry[]>;
  links: LinkIndex;
}

/** One plain-English line per event: its descriptor's sentence (src/events/catalogue/), in the ledger's own words. */
export const summarise = (e: StoredEntry, names: Names = idNames): string =>
  sentenceOf({ type: e.type, data: e.data, actor: e.actor, streamKey: parseStreamId(e.streamId)?.key ?? '' }, names);

// type and data come from the same event, so they stay paired; TypeScript cannot see that through the spread.
const entryOf = (e: LedgerEvent): StoredEntry =>
  ({
    position: e.position,
    ordinal: e.ordinal,
    eventId: e.id,
    type: e.type,
    streamId: e.streamId,
    occurredAt: e.occurredAt,
    recordedAt: e.recordedAt,
    actor: internActor(e.actor),
    data: e.data,
  }) as StoredEntry;

const withSummary = (e: StoredEntry): TimelineEntry => ({
  position: e.position,
  entry: entryNumber(e),
  eventId: e.eventId,
  type: e.type,
  streamId: e.streamId,
  occurredAt: e.occurredAt,
  recordedAt: e.recordedAt,
  actor: e.actor,
  summary: summarise(e),
  data: e.data,
});

function push(map: Map<string, StoredEntry[]>, key: string, entry: StoredEntry): void {
  const list = map.get(key);
  if (list) list.push(entry);
  else map.set(key, [entry]);
}

function evolve(state: TimelineState, e: LedgerEvent): TimelineState {
  noteLinks(state.links, e);
  const journeyId = keyIn('journey', e.streamId);
  if (journeyId !== null) push(state.journeys, journeyId, entryOf(e));
  else {
    const indicatorId = keyIn('indicator', e.streamId);
    if (indicatorId !== null) push(state.indicators, indicatorId, entryOf(e));
  }
  return state;
}

const byOccurredThenPosition = (a: StoredEntry, b: StoredEntry): number => {
  const ta = Date.parse(a.occurredAt);
  const tb = Date.parse(b.occurredAt);
  return ta !== tb ? ta - tb : comparePositions(a.position, b.position);
};

/** The journey's timeline, or null when nothing of the journey is in the state. */
function journeyTimeline(state: TimelineState, journeyId: string): TimelineEntry[] | null {
  const own = state.journeys.get(journeyId);
  if (!own) return null;
  const all = [...own];
  for (const id of linkedIndicators(state.links, journeyId))
    for (const x of state.indicators.get(id) ?? []) all.push(x);
  return all.sort(byOccurredThenPosition).map(withSummary);
}

/** How many entries of a list (in position order, as folded) lie at or before `position`. */
function countUpTo(list: readonly StoredEntry[], position: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (comparePositions((list[mid] as StoredEntry).position, position) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The timeline as it stood after the event at `position`, from a later state: entries are only ever appended, in
 * position order, so an earlier state is a prefix of every list. The prefix shares every entry with the later state
 * (docs/decisions.md, "Checkpoints"); the links are made again from the entries kept.
 */
function upTo(state: TimelineState, position: string): TimelineState {
  const out: TimelineState = { journeys: new Map(), indicators: new Map(), links: new Map() };
  for (const [from, to] of [
    [state.journeys, out.journeys],
    [state.indicators, out.indicators],
  ] as const) {
    for (const [key, list] of from) {
      const n = countUpTo(list, position);
      if (n === 0) continue;
      const kept = n === list.length ? list.slice() : list.slice(0, n);
      to.set(key, kept);
      for (const x of kept) noteLinks(out.links, x as unknown as LedgerEvent);
    }
  }
  return out;
}

export const journeyTimelineProjection = {
  name: 'journey-timeline' as const,
  initialState: (): TimelineState => ({ journeys: new Map(), indicators: new Map(), links: new Map() }),
  evolve,
  upTo,
  query: {
    journey: journeyTimeline,
    indicator: (state: TimelineState, indicatorId: string): TimelineEntry[] =>
      [...(state.indicators.get(indicatorId) ?? [])].sort(byOccurredThenPosition).map(withSummary),
  },
};
