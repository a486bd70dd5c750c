import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock, sequentialIds } from '../../src/clock.js';
import { DomainError } from '../../src/domain/errors.js';
import { Ledger } from '../../src/app/ledger.js';
import type { Actor } from '../../src/events/index.js';
import { ConcurrencyError, type EventStore } from '../../src/store/port.js';
import { openSqliteStore, type SqliteEventStore } from '../../src/store/sqlite.js';

/** The command handler over a real (in-memory) store: batching, refusals, idempotency, concurrency. */
const ada: Actor = { id: 'ada', name: 'Ada', role: 'contributor' };
const clock = fixedClock('2026-11-25T12:00:00Z');
let store: SqliteEventStore;
let appends: number;
let ledger: Ledger;

beforeEach(async () => {
  store = openSqliteStore({ file: ':memory:', clock });
  appends = 0;
  const counting: EventStore = Object.assign(Object.create(store) as EventStore, {
    append: (...args: Parameters<EventStore['append']>) => {
      appends += 1;
      return store.append(...args);
    },
  });
  ledger = new Ledger({ store: counting, clock, newId: sequentialIds('x') });
  await ledger.handle(ada, {
    type: 'CharterJourney',
    journeyId: 'j1',
    title: 'T',
    ambition: 'A',
    horizon: '2030-12-31',
    lead: 'L',
  });
  appends = 0;
});
afterEach(async () => store.close());

const lesson = (lessonId: string) => ({
  type: 'HarvestLesson' as const,
  journeyId: 'j1',
  lessonId,
  learned: `lesson ${lessonId}`,
});

describe('Ledger.handle', () => {
  it('decides concurrent commands on one stream in turn and shares appends between them', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => ledger.handle(ada, lesson(`l${i % 30}`))),
    );
    const ok = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(ok).toHaveLength(30);
    expect(refused).toHaveLength(10);
    expect(refused.every((r) => r.reason instanceof DomainError && r.reason.kind === 'conflict')).toBe(true);
    expect(appends).toBeLessThan(30);
    expect((await store.head('journey-j1'))?.revision).toBe(30);
  });

  it('answers each command with its own event', async () => {
    const [a, b] = await Promise.all([ledger.handle(ada, lesson('la')), ledger.handle(ada, lesson('lb'))]);
    expect(a.appended.id).toBe('la');
    expect(b.appended.id).toBe('lb');
    expect(b.appended.revision).toBe(a.appended.revision + 1);
  });

  it('with the same If-Match, exactly one of several concurrent commands wins', async () => {
    const outcomes = await Promise.allSettled(
      ['la', 'lb', 'lc'].map((id) => ledger.handle(ada, lesson(id), { ifMatch: 0 })),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'rejected' && o.reason instanceof ConcurrencyError)).toHaveLength(2);
  });

  it('the same Idempotency-Key twice at once writes once and answers both with the same result', async () => {
    const [a, b] = await Promise.all([
      ledger.handle(ada, lesson('lk'), { idempotencyKey: 'once' }),
      ledger.handle(ada, lesson('lk'), { idempotencyKey: 'once' }),
    ]);
    expect(a.appended).toEqual(b.appended);
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    expect((await store.head('journey-j1'))?.revision).toBe(1);
  });

  it('decides again when another process wrote in between', async () => {
    const other = new Ledger({ store, clock, newId: sequentialIds('y') });
    await ledger.handle(ada, lesson('first')); // cached at revision 1
    await other.handle(ada, lesson('theirs')); // revision 2, unknown to `ledger`'s cache until it reads on
    const r = await ledger.handle(ada, lesson('theirs-too'));
    expect(r.appended.revision).toBe(3);
    await expect(ledger.handle(ada, lesson('theirs'))).rejects.toThrow(/lesson theirs already exists/);
  });
});

describe('the id a write answers with', () => {
  it('is the item the event created or names, never a reference inside it', async () => {
    await ledger.handle(ada, {
      type: 'AdoptPlan',
      journeyId: 'j1',
      planId: 'plan-a',
      intent: 'i',
      owner: 'o',
      accountableTo: 'a',
    });
    const change = await ledger.handle(ada, {
      type: 'ReportChange',
      journeyId: 'j1',
      changeId: 'change-a',
      planId: 'plan-a',
      whatChanged: 'w',
      forWhom: 'f',
      evidence: ['e'],
      occurredAt: '2026-01-01',
      question: 'better-off',
    });
    expect(change.appended.id).toBe('change-a');
    const revised = await ledger.handle(ada, {
      type: 'RevisePlan',
      journeyId: 'j1',
      planId: 'plan-a',
      reason: 'r',
      owner: 'p',
    });
    expect(revised.appended.id).toBe('plan-a');
    const reframed = await ledger.handle(ada, { type: 'ReframeJourney', journeyId: 'j1', reason: 'r', title: 'New' });
    expect(reframed.appended.id).toBe('j1');
  });
});
