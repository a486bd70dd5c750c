import {
  comparePositions,
  entryNumber,
  keyIn,
  parseStreamId,
  sentenceOf,
  streamIds,
  type Actor,
  type EventType,
  type LedgerEvent,
  type StoredEvent,
} from '../src/events/index.js';
import { linkedIndicators, type LinkIndex } from './links.js';

/**
 * journey-timeline: a journey's timeline is every event of its own stream and of the streams of the indicators it
 * tracks (definitions, target revisions, measurements, corrections), as entries sorted by occurredAt, then position.
 * Corrections, challenges and supersessions are entries of their own: nothing is folded away.
 *
 * No state keeps the entries (docs/decisions.md, "Timelines are read back"): which streams belong to a journey
 * follows from the links the progress state keeps (links.ts), and the read side reads those streams back from the
 * store, cut where the states stand (projections/contexts.ts). The functions here are pure: streams in, entries out.
 */
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

/** The streams a journey's timeline is made of, given the links of the states it is read with: its own first. */
export const timelineStreams = (links: LinkIndex, journeyId: string): string[] => [
  streamIds.journey(journeyId),
  ...linkedIndicators(links, journeyId).map((id) => streamIds.indicator(id)),
];

/** One plain-English line per event: its descriptor's sentence (src/events/catalogue/), in the ledger's own words. */
const summarise = (e: LedgerEvent): string =>
  sentenceOf({ type: e.type, data: e.data, actor: e.actor, streamKey: parseStreamId(e.streamId)?.key ?? '' });

const entryOf = (e: LedgerEvent): TimelineEntry => ({
  position: e.position,
  entry: entryNumber(e),
  eventId: e.id,
  type: e.type,
  streamId: e.streamId,
  occurredAt: e.occurredAt,
  recordedAt: e.recordedAt,
  actor: e.actor,
  summary: summarise(e),
  data: e.data,
});

/**
 * The timeline of a journey from events read back: those of its streams (`timelineStreams` with the links the answer
 * is made with; any other event is left out), by occurredAt, then position.
 */
export function timelineOf(links: LinkIndex, journeyId: string, events: Iterable<StoredEvent>): TimelineEntry[] {
  const streams = new Set(timelineStreams(links, journeyId));
  const kept: { at: number; e: LedgerEvent }[] = [];
  for (const e of events) if (streams.has(e.streamId)) kept.push({ at: Date.parse(e.occurredAt), e: e as LedgerEvent });
  kept.sort((a, b) => a.at - b.at || comparePositions(a.e.position, b.e.position));
  return kept.map((x) => entryOf(x.e));
}

/** The events of the journey's own stream, in the order given. */
export function* ownEvents(journeyId: string, events: Iterable<StoredEvent>): Iterable<LedgerEvent> {
  for (const e of events) if (keyIn('journey', e.streamId) === journeyId) yield e as LedgerEvent;
}
