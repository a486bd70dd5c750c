import {
  ANY,
  NO_STREAM,
  AccessDeniedError,
  DeadlineExceededError,
  StreamDeletedError,
  UnavailableError,
  WrongExpectedVersionError,
  type RecordedEvent,
} from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import { eventHash, GENESIS_HASH, type StoredEvent } from '../../src/events/envelope.js';
import { ConcurrencyError, StoreUnavailableError } from '../../src/store/port.js';
import {
  compareEsdbPositions,
  decodeEvent,
  describeEsdbUrl,
  encodeEvent,
  fromEsdbRevision,
  isEsdbUrl,
  isLedgerEvent,
  isSystemEvent,
  mapEsdbError,
  positionFromString,
  positionToString,
  toEsdbEventId,
  toEsdbExpectedRevision,
} from '../../src/store/eventstoredb/mapping.js';
import { parseEsdbSettings } from '../../src/store/eventstoredb/settings.js';

const stored = (over: Partial<StoredEvent> = {}): StoredEvent => {
  const base = {
    id: 'lesson-1',
    type: 'LessonHarvested',
    streamId: 'journey-school-readiness',
    revision: 0,
    position: '0',
    recordedAt: '2026-11-25T09:00:00.000Z',
    occurredAt: '2026-11-25T09:00:00.000Z',
    actor: { id: 'alice', name: 'Alice Contributor', role: 'contributor' },
    data: { lessonId: 'lesson-1', learned: 'Go to the school gate' },
    schemaVersion: 1,
    prevHash: GENESIS_HASH,
    ...over,
  } as Omit<StoredEvent, 'hash'>;
  return { ...base, hash: eventHash(base) } as StoredEvent;
};

/** What the client hands back for an event it read: data and metadata through JSON, as on the wire. */
const asRecorded = (e: StoredEvent, streamName = e.streamId): RecordedEvent => {
  const wire = encodeEvent(e);
  return {
    streamId: streamName,
    id: wire.id,
    revision: BigInt(e.revision),
    type: wire.type,
    isJson: true,
    created: new Date(0),
    data: JSON.parse(JSON.stringify(wire.data)) as Record<string, unknown>,
    metadata: JSON.parse(JSON.stringify(wire.metadata)) as Record<string, unknown>,
  };
};

describe('expected revision mapping', () => {
  it('maps n to a BigInt revision, no_stream to NO_STREAM and any to ANY', () => {
    expect(toEsdbExpectedRevision(7)).toBe(7n);
    expect(toEsdbExpectedRevision(0)).toBe(0n);
    expect(toEsdbExpectedRevision('no_stream')).toBe(NO_STREAM);
    expect(toEsdbExpectedRevision('any')).toBe(ANY);
  });
  it('refuses a revision that is not one', () => {
    expect(() => toEsdbExpectedRevision(-1)).toThrow(RangeError);
    expect(() => toEsdbExpectedRevision(1.5)).toThrow(RangeError);
  });
  it("reads the client's current revision back", () => {
    expect(fromEsdbRevision(4n)).toBe(4);
    expect(fromEsdbRevision('no_stream')).toBe('no_stream');
  });
});

describe('positions', () => {
  it('keeps commit positions beyond 2^53 exact as decimal strings', () => {
    const big = 2n ** 60n + 7n;
    expect(positionToString({ commit: big, prepare: big })).toBe('1152921504606846983');
    expect(positionFromString('1152921504606846983')).toEqual({ commit: big, prepare: big });
  });
  it('refuses a position that is not a decimal number', () => {
    expect(() => positionFromString('12e3')).toThrow(RangeError);
    expect(() => positionFromString('-1')).toThrow(RangeError);
  });
  it('orders by commit, then prepare', () => {
    expect(compareEsdbPositions({ commit: 2n, prepare: 1n }, { commit: 1n, prepare: 9n })).toBe(1);
    expect(compareEsdbPositions({ commit: 2n, prepare: 1n }, { commit: 2n, prepare: 3n })).toBe(-1);
    expect(compareEsdbPositions({ commit: 2n, prepare: 2n }, { commit: 2n, prepare: 2n })).toBe(0);
  });
});

describe('event ids', () => {
  it('keeps a UUID as it is and maps any other id to a stable name-based UUID', () => {
    const v7 = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    expect(toEsdbEventId(v7)).toBe(v7);
    expect(toEsdbEventId(v7.toUpperCase())).toBe(v7);
    const mapped = toEsdbEventId('lesson-1');
    expect(mapped).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(toEsdbEventId('lesson-1')).toBe(mapped);
    expect(toEsdbEventId('lesson-2')).not.toBe(mapped);
  });
});

describe('metadata round trip', () => {
  it('carries the envelope in metadata and data as the JSON data, so the hash still holds after a read', () => {
    const e = stored({ correlationId: 'req-1', causationId: 'ev-0' });
    const wire = encodeEvent(e);
    expect(wire.contentType).toBe('application/json');
    expect(wire.type).toBe('LessonHarvested');
    expect(wire.data).toEqual(e.data);
    expect(wire.metadata).toMatchObject({
      id: 'lesson-1',
      revision: 0,
      prevHash: GENESIS_HASH,
      hash: e.hash,
      $correlationId: 'req-1',
    });
    const back = decodeEvent(asRecorded(e), { commit: 2n ** 53n + 1n, prepare: 2n ** 53n + 1n });
    expect(back).toEqual({ ...e, position: '9007199254740993' });
    expect(eventHash(back)).toBe(e.hash);
  });
  it('leaves absent correlation and causation ids absent', () => {
    const back = decodeEvent(asRecorded(stored()), { commit: 5n, prepare: 5n });
    expect('correlationId' in back).toBe(false);
    expect('causationId' in back).toBe(false);
  });
  it('takes stream and revision from the server, so an event moved elsewhere fails its hash', () => {
    const e = stored();
    const moved = decodeEvent({ ...asRecorded(e, 'journey-other'), revision: 3n }, { commit: 5n, prepare: 5n });
    expect(moved.streamId).toBe('journey-other');
    expect(moved.revision).toBe(3);
    expect(eventHash(moved)).not.toBe(moved.hash);
  });
  it("strips the ledger's stream prefix in a shared server", () => {
    const e = stored();
    expect(decodeEvent(asRecorded(e, `t1-${e.streamId}`), { commit: 5n, prepare: 5n }, 't1-').streamId).toBe(
      e.streamId,
    );
  });
  it('refuses an event without a ledger envelope, of an unknown type, or without a position', () => {
    const e = asRecorded(stored());
    expect(() => decodeEvent({ ...e, metadata: { hash: 'x' } }, { commit: 1n, prepare: 1n })).toThrow(
      /no ledger envelope/,
    );
    expect(() => decodeEvent({ ...e, type: 'SomethingElse' }, { commit: 1n, prepare: 1n })).toThrow(/does not know/);
    expect(() => decodeEvent(e, undefined)).toThrow(/22\.6 or later/);
  });
  it('tells system events apart', () => {
    expect(isSystemEvent('$stats-127.0.0.1:2113', '$statsCollected')).toBe(true);
    expect(isSystemEvent('journey-a', '$>')).toBe(true);
    expect(isSystemEvent('$$journey-a', '$metadata')).toBe(true);
    expect(isSystemEvent('journey-a', 'LessonHarvested')).toBe(false);
  });
});

describe('error mapping', () => {
  const ctx = { description: 'esdb://***@db:2113?tls=false', streamId: 'journey-a', expected: 3 as const };
  it('maps WrongExpectedVersionError to the port ConcurrencyError with the actual revision', () => {
    const err = new WrongExpectedVersionError(undefined, { streamName: 'journey-a', expected: 3n, current: 5n });
    const mapped = mapEsdbError(err, ctx);
    expect(mapped).toBeInstanceOf(ConcurrencyError);
    expect(mapped).toMatchObject({ streamId: 'journey-a', expected: 3, actual: 5 });
    const none = mapEsdbError(
      new WrongExpectedVersionError(undefined, { streamName: 'journey-a', expected: 3n, current: NO_STREAM }),
      ctx,
    );
    expect(none).toMatchObject({ actual: 'no_stream' });
  });
  it('maps an unreachable server or a passed deadline to StoreUnavailableError naming the store, not its password', () => {
    for (const err of [
      new UnavailableError(undefined, 'No connection established'),
      new DeadlineExceededError(undefined, 'Deadline exceeded'),
    ]) {
      const mapped = mapEsdbError(err, ctx);
      expect(mapped).toBeInstanceOf(StoreUnavailableError);
      expect((mapped as Error).message).toContain('esdb://***@db:2113');
    }
    expect(mapEsdbError(new AccessDeniedError(undefined, 'denied'), ctx)).toBeInstanceOf(StoreUnavailableError);
    expect((mapEsdbError(new Error('Failed to discover after 10 attempts'), ctx) as Error).message).toMatch(
      /unavailable: Failed to discover/,
    );
  });
  it('passes other errors through', () => {
    const err = new StreamDeletedError(undefined, 'journey-a');
    expect(mapEsdbError(err, ctx)).toBe(err);
    const plain = new TypeError('boom');
    expect(mapEsdbError(plain, ctx)).toBe(plain);
  });
});

describe('store URLs', () => {
  it('never shows credentials and knows its schemes', () => {
    expect(describeEsdbUrl('esdb://admin:changeit@db:2113?tls=true')).toBe('esdb://***@db:2113?tls=true');
    expect(isEsdbUrl('esdb://db:2113?tls=false')).toBe(true);
    expect(isEsdbUrl('esdb+discover://cluster.local:2113')).toBe(true);
    expect(isEsdbUrl('sqlite:./data/ledger.db')).toBe(false);
  });
});

describe("which events of $all are the ledger's", () => {
  it('takes the ledger streams under the prefix, and nothing else', () => {
    expect(isLedgerEvent('journey-a', 'LessonHarvested', '')).toBe(true);
    expect(isLedgerEvent('access', 'ActorEnrolled', '')).toBe(true);
    expect(isLedgerEvent('order-17', 'OrderPlaced', '')).toBe(false); // another application
    expect(isLedgerEvent('links', '$>', '')).toBe(false); // a link event in a user stream
    expect(isLedgerEvent('$ce-journey', 'LessonHarvested', '')).toBe(false);
    expect(isLedgerEvent('city-journey-a', 'LessonHarvested', 'city-')).toBe(true);
    expect(isLedgerEvent('journey-a', 'LessonHarvested', 'city-')).toBe(false); // outside the namespace
    // In a ledger stream an unknown type is still the ledger's: decoding reports it rather than skipping it.
    expect(isLedgerEvent('journey-a', 'Unknown', '')).toBe(true);
  });
});

describe('store URL settings', () => {
  it("takes the ledger's own parameters out and keeps the client's", () => {
    const s = parseEsdbSettings(
      'esdb://u:p@db:2113?tls=true&streamPrefix=city-&maxAppendSize=2097152&defaultDeadline=3000',
    );
    expect(s).toMatchObject({
      connectionString: 'esdb://u:p@db:2113?tls=true&defaultDeadline=3000',
      streamPrefix: 'city-',
      maxAppendSize: 2_097_152,
      deadlineMs: 3000,
    });
    expect(s.description).not.toContain(':p@');
    expect(parseEsdbSettings('esdb://db:2113?tls=false')).toMatchObject({
      streamPrefix: '',
      maxAppendSize: 1_048_576,
      deadlineMs: 10_000,
    });
  });

  it('refuses what would misbehave quietly, saying what to do instead', () => {
    expect(() => parseEsdbSettings('esdb://db?throwOnAppendFailure=false')).toThrow(/leave the setting out/);
    expect(() => parseEsdbSettings('esdb://db?tls=true&tlsVerifyCert=false')).toThrow(/tlsCAFile=/);
    expect(() => parseEsdbSettings('esdb://db?maxAppendSize=lots')).toThrow(/maxAppendSize must be/);
    expect(() => parseEsdbSettings('esdb://db?streamPrefix=%24all')).toThrow(/streamPrefix must be/);
    expect(() => parseEsdbSettings('esdb://db:2113?tls=maybe')).toThrow(/not a valid EventStoreDB connection string/);
  });
});
