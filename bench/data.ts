import { v7 as uuidv7 } from 'uuid';
import type { EventData } from '../src/events/catalogue.js';
import {
  type Actor,
  deriveOccurredAt,
  eventHash,
  GENESIS_HASH,
  type NewEvent,
  SCHEMA_VERSION,
  type StoredEvent,
} from '../src/events/envelope.js';

/**
 * The bench's own events: deterministic, valid against the catalogue, the size of what a manager writes.
 * The append figures and their baselines (raw insert, Emmett) all write exactly these payloads.
 */

export const BENCH_ACTOR: Actor = { id: 'bench-writer', name: 'Bench Writer', role: 'contributor' };

const FOR_WHOM = [
  'care leavers aged 18-21',
  'families in temporary accommodation',
  'year 6 pupils in the east locality',
  'older people discharged from hospital',
  'small businesses on the high street',
];
const WHAT = [
  'now have a named key worker within five working days',
  'are seen by a GP within two weeks of moving',
  'attend school on more days than last term',
  'return home with a care plan agreed before discharge',
  'can reach an adviser in person every week',
];

/** A ChangeReported payload, the commonest write in the ledger (about 400 bytes of JSON). */
export function changeData(n: number): EventData<'ChangeReported'> {
  const day = 1 + (n % 28);
  return {
    changeId: `change-${n}`,
    whatChanged: `${WHAT[n % WHAT.length]!} (cohort ${n % 97}); checked against the case management system`,
    forWhom: FOR_WHOM[n % FOR_WHOM.length]!,
    evidence: [`measurement-${n % 1000}`, 'Quarterly case audit, sample of 40 files, reviewed by the service lead'],
    occurredAt: `2026-0${1 + (n % 9)}-${String(day).padStart(2, '0')}`,
    question: 'better-off',
    indicatorIds: [`indicator-${n % 7}`],
  };
}

export function changeEvent(n: number): NewEvent<'ChangeReported'> {
  return { id: uuidv7(), type: 'ChangeReported', data: changeData(n), actor: BENCH_ACTOR };
}

/**
 * The same events as stored rows, chained and hashed as the store would (hashing is done here, before any
 * clock starts, so the raw baseline measures inserting rows only).
 */
export function storedChain(
  streamId: string,
  events: NewEvent[],
  startRevision: number,
  prevHash: string,
  recordedAt: string,
): StoredEvent[] {
  const out: StoredEvent[] = [];
  let prev = prevHash;
  events.forEach((e, i) => {
    const base = {
      id: e.id,
      type: e.type,
      streamId,
      revision: startRevision + i,
      recordedAt,
      occurredAt: deriveOccurredAt(e.type, e.data, recordedAt),
      actor: e.actor,
      data: e.data,
      prevHash: prev,
    };
    const hash = eventHash(base);
    out.push({ ...base, position: '0', schemaVersion: SCHEMA_VERSION, hash } as StoredEvent);
    prev = hash;
  });
  return out;
}

export { GENESIS_HASH };

/** Day `d` after 2020-01-01 as an instant, for recordedAt of the synthetic ledger. */
export const dayInstant = (d: number): string => new Date(Date.UTC(2020, 0, 1) + d * 86_400_000).toISOString();
