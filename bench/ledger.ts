import { v7 as uuidv7 } from 'uuid';
import type { EventData, EventType } from '../src/events/catalogue.js';
import { type NewEvent, type StoredEvent } from '../src/events/envelope.js';
import { INSERT_SQL } from '../src/store/sqlite-schema.js';
import { BENCH_ACTOR, changeData, dayInstant, GENESIS_HASH, storedChain } from './data.js';
import { openRawDb, toParams } from './raw.js';

/**
 * The bench's own scaled ledger, used when the demo generator is not there: `journeys` journeys, each with
 * `perJourney` events between its journey stream (90 %) and its three indicator streams (10 %), recorded over
 * six years in time order (recordedAt never goes backwards along positions, as the store guarantees).
 * Rows are chained and hashed exactly as the store would and written with one raw insert per 10,000 rows:
 * this prepares data, it is not measured.
 */

const DAYS = 6 * 365;
const INDICATORS_PER_JOURNEY = 3;

type Made = { type: EventType; data: EventData };
const made = <T extends EventType>(type: T, data: EventData<T>): Made => ({ type, data: data as EventData });

function journeyEvent(j: string, k: number, day: number): Made {
  if (k === 0) {
    return made('JourneyCharted', {
      journeyId: j,
      title: `Journey ${j}`,
      ambition: 'A good place to live, to work and to bring up children by 2026',
      horizon: '2026-12-31',
      lead: 'Partnership board',
      outcomeArea: 'Children and families',
      partners: ['Council', 'NHS'],
    });
  }
  if (k <= 5) {
    return made('PlanAdopted', {
      planId: `plan-${k}`,
      intent: 'Families get help before crisis',
      owner: 'Head of early help',
      accountableTo: 'Partnership board',
      indicatorIds: [`${j}-ind-${k % INDICATORS_PER_JOURNEY}`],
      ...(k > 1 ? { dependsOn: [`plan-${k - 1}`] } : {}),
    });
  }
  const date = dayInstant(day).slice(0, 10);
  // Challenges, answers and discharges refer back to the change or accountability made 1 to 9 events before.
  switch (k < 20 ? 9 : k % 20) {
    case 0:
    case 1:
      return made('DecisionTaken', {
        decisionId: `decision-${k}`,
        summary: 'Fund two more family key workers for the east locality',
        decidedBy: 'Cabinet member for children',
        decidedAt: dayInstant(day),
        rationale: 'Waiting times doubled in a year',
        forum: 'Cabinet',
        planId: `plan-${1 + (k % 5)}`,
        optionsConsidered: [{ option: 'Do nothing', reasonNotChosen: 'Waiting times keep rising' }],
        interestsDeclared: [],
        dissent: k % 3 === 0 ? [{ who: 'Cllr Patel', view: 'Fund the voluntary sector instead' }] : [],
        expectedEffect: [{ indicatorId: `${j}-ind-0`, value: 70, by: '2026-Q4' }],
      });
    case 2:
    case 3:
      return made('PerspectiveVoiced', {
        perspectiveId: `perspective-${k}`,
        voice: 'community',
        stance: k % 2 === 0 ? 'supports' : 'challenges',
        statement: 'Parents at the east family hub say the new key workers answer the phone the same day',
        speaker: 'Parent forum',
      });
    case 4:
      return made('LessonHarvested', {
        lessonId: `lesson-${k}`,
        learned: 'Co-locating health visitors with the hub halved the referral time',
        tags: ['early-help'],
      });
    case 5:
      return made('AccountabilityAssigned', {
        accountabilityId: `acc-${k}`,
        holder: 'Head of early help',
        accountableTo: 'board',
        for: 'Referral time under 10 days',
        dueBy: dayInstant(day + 90).slice(0, 10),
      });
    case 6:
      return made('AccountabilityDischarged', {
        accountabilityId: `acc-${k - 1}`,
        evidence: ['Board minutes, item 4'],
      });
    case 7:
      return made('ChangeChallenged', {
        changeId: `change-${k - 8}`,
        challengeId: `ch-${k}`,
        challenge: 'Is the sample representative?',
      });
    case 8:
      return made('ChallengeAnswered', {
        changeId: `change-${k - 9}`,
        challengeId: `ch-${k - 1}`,
        answer: 'Yes: all 40 files',
        upheld: false,
      });
    default:
      return made('ChangeReported', { ...changeData(k), changeId: `change-${k}`, occurredAt: date });
  }
}

function indicatorEvent(j: string, i: number, k: number, day: number): Made {
  const indicatorId = `${j}-ind-${i}`;
  if (k === 0) {
    return made('IndicatorDefined', {
      indicatorId,
      name: `Children seen within 10 days (${i})`,
      unit: '%',
      direction: 'increase',
      baseline: { value: 60, period: '2020' },
      target: { value: 70, period: '2026' },
      frequency: 'monthly',
      journeyIds: [j],
      source: 'Bench data',
      doNothing: { value: 58, period: '2026' },
    });
  }
  return made('MeasurementRecorded', {
    measurementId: `m-${k}`,
    period: dayInstant(day).slice(0, 7),
    value: 60 + (k % 50) / 5,
    source: 'Bench data',
  });
}

export const journeyIdOf = (n: number): string => `bench-journey-${String(n).padStart(3, '0')}`;

/** Writes the scaled ledger into `file` (replacing it). Returns how many events it holds. */
export function writeSyntheticLedger(file: string, journeys: number, perJourney: number): number {
  const db = openRawDb(file);
  const insert = db.prepare(INSERT_SQL);
  const writeRows = db.transaction((rows: StoredEvent[]) => {
    for (const r of rows) insert.run(...toParams(r));
  });
  const heads = new Map<string, { revision: number; hash: string }>();
  const counts = new Map<string, number>();
  let pending: StoredEvent[] = [];
  let total = 0;
  const add = (streamId: string, m: Made, recordedAt: string): void => {
    const head = heads.get(streamId) ?? { revision: -1, hash: GENESIS_HASH };
    const e: NewEvent = { id: uuidv7(), type: m.type, data: m.data, actor: BENCH_ACTOR } as NewEvent;
    const [row] = storedChain(streamId, [e], head.revision + 1, head.hash, recordedAt);
    heads.set(streamId, { revision: row!.revision, hash: row!.hash });
    pending.push(row!);
    total += 1;
    if (pending.length >= 10_000) {
      writeRows(pending);
      pending = [];
    }
  };
  // Time order: step s of every journey, then step s + 1; a tenth of the steps go to an indicator stream.
  for (let s = 0; s < perJourney; s++) {
    const day = Math.floor((s * DAYS) / perJourney);
    for (let n = 0; n < journeys; n++) {
      const j = journeyIdOf(n);
      const recordedAt = new Date(Date.parse(dayInstant(day)) + n * 1000).toISOString();
      const toIndicator = s < INDICATORS_PER_JOURNEY + 1 ? s >= 1 : s % 10 === 0;
      const streamId = toIndicator ? `indicator-${j}-ind-${s % INDICATORS_PER_JOURNEY}` : `journey-${j}`;
      const k = counts.get(streamId) ?? 0;
      counts.set(streamId, k + 1);
      const m = toIndicator ? indicatorEvent(j, s % INDICATORS_PER_JOURNEY, k, day) : journeyEvent(j, k, day);
      add(streamId, m, recordedAt);
    }
  }
  if (pending.length > 0) writeRows(pending);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return total;
}
