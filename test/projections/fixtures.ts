import type { EventData, EventType } from '../../src/events/catalogue.js';
import {
  deriveOccurredAt,
  eventHash,
  GENESIS_HASH,
  SCHEMA_VERSION,
  type Actor,
  type StoredEvent,
} from '../../src/events/envelope.js';
import { streamIds } from '../../src/events/streams.js';

/**
 * A ledger of StoredEvents built by hand, exactly as a store would have stored them: positions 1, 2, 3…,
 * revisions and the hash chain per stream, recordedAt from a test clock that moves one minute per event unless
 * set with `on(instant)`. Reducers only need events, so no store is involved.
 */
export const alice: Actor = { id: 'alice', name: 'Alice Manager', role: 'contributor' };
export const sam: Actor = { id: 'sam', name: 'Sam Scrutiny', role: 'scrutineer' };

export interface LedgerBuilder {
  readonly events: StoredEvent[];
  /** Set the recordedAt of the next event (later events follow a minute apart). */
  on(instant: string): LedgerBuilder;
  append<T extends EventType>(streamId: string, type: T, data: EventData<T>, actor?: Actor): StoredEvent<T>;
  journey<T extends EventType>(journeyId: string, type: T, data: EventData<T>, actor?: Actor): StoredEvent<T>;
  indicator<T extends EventType>(indicatorId: string, type: T, data: EventData<T>, actor?: Actor): StoredEvent<T>;
}

export function ledgerBuilder(start = '2026-01-05T09:00:00.000Z'): LedgerBuilder {
  const events: StoredEvent[] = [];
  const heads = new Map<string, { revision: number; hash: string }>();
  let clock = Date.parse(start);
  const builder: LedgerBuilder = {
    events,
    on(instant) {
      clock = Date.parse(instant);
      return builder;
    },
    append(streamId, type, data, actor = alice) {
      const head = heads.get(streamId) ?? { revision: -1, hash: GENESIS_HASH };
      const recordedAt = new Date(clock).toISOString();
      clock += 60_000;
      const base = {
        prevHash: head.hash,
        id: `ev-${events.length + 1}`,
        type,
        streamId,
        revision: head.revision + 1,
        recordedAt,
        occurredAt: deriveOccurredAt(type, data, recordedAt),
        actor,
        data,
      };
      const stored: StoredEvent<typeof type> = {
        ...base,
        position: String(events.length + 1),
        ordinal: events.length,
        schemaVersion: SCHEMA_VERSION,
        hash: eventHash(base),
      };
      heads.set(streamId, { revision: stored.revision, hash: stored.hash });
      events.push(stored);
      return stored;
    },
    journey: (journeyId, type, data, actor) => builder.append(streamIds.journey(journeyId), type, data, actor),
    indicator: (indicatorId, type, data, actor) => builder.append(streamIds.indicator(indicatorId), type, data, actor),
  };
  return builder;
}

/** A journey charted with sensible defaults. */
export const charter = (journeyId: string, title = `Journey ${journeyId}`): EventData<'JourneyCharted'> => ({
  journeyId,
  title,
  ambition: 'A good place to bring up children',
  horizon: '2029-12-31',
  lead: 'Children’s Partnership',
});

export const indicatorDefinition = (
  indicatorId: string,
  over: Partial<EventData<'IndicatorDefined'>> = {},
): EventData<'IndicatorDefined'> => ({
  indicatorId,
  name: `Indicator ${indicatorId}`,
  unit: '%',
  direction: 'increase',
  frequency: 'annual',
  baseline: { value: 60, period: '2021' },
  target: { value: 70, period: '2029' },
  ...over,
});

/** A decision with a complete written record unless fields are overridden. */
export const decision = (
  decisionId: string,
  over: Partial<EventData<'DecisionTaken'>> = {},
): EventData<'DecisionTaken'> => ({
  decisionId,
  summary: `Decision ${decisionId}`,
  decidedBy: 'Cabinet',
  decidedAt: '2026-03-01T10:00:00Z',
  rationale: 'The evidence points this way',
  optionsConsidered: [{ option: 'Do nothing', reasonNotChosen: 'The curve would not turn' }],
  interestsDeclared: [],
  ...over,
});
