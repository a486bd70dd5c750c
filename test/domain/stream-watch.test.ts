import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccessRegistry } from '../../src/app/access-registry.js';
import { Ledger } from '../../src/app/ledger.js';
import { hashToken } from '../../src/app/tokens.js';
import { fixedClock, sequentialIds } from '../../src/clock.js';
import { DomainError } from '../../src/domain/errors.js';
import type { Actor, StoredEvent } from '../../src/events/index.js';
import type { EventStore } from '../../src/store/port.js';
import { openSqliteStore, type SqliteEventStore } from '../../src/store/sqlite.js';

/**
 * What a request reads (docs/decisions.md): the command handler's stream cache and the access registry ask the store
 * only when their stream may have moved: this process's commits are seen on live$, another process's (here another
 * connection to the same file) through PRAGMA data_version. Each test counts the queries and checks the answers.
 */
const clock = fixedClock('2026-11-25T12:00:00Z');
const ada: Actor = { id: 'ada', name: 'Ada', role: 'contributor' };
const SYSTEM: Actor = { id: 'cli:test', name: 'test', role: 'system' };
let dir: string;
let file: string;
let store: SqliteEventStore;
let other: SqliteEventStore;
let reads: { head: number; readStream: number };
let counted: EventStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jl-watch-'));
  file = join(dir, 'ledger.db');
  store = openSqliteStore({ file, clock });
  other = openSqliteStore({ file, clock }); // another process, as far as SQLite can tell
  reads = { head: 0, readStream: 0 };
  counted = Object.assign(Object.create(store) as EventStore, {
    append: (...args: Parameters<EventStore['append']>) => store.append(...args),
    head: (id: string) => {
      reads.head += 1;
      return store.head(id);
    },
    readStream: (...args: Parameters<EventStore['readStream']>) => {
      reads.readStream += 1;
      return store.readStream(...args);
    },
  });
});
afterEach(async () => {
  await other.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const lesson = (lessonId: string) => ({
  type: 'HarvestLesson' as const,
  journeyId: 'j1',
  lessonId,
  learned: `lesson ${lessonId}`,
});
const charter = {
  type: 'CharterJourney' as const,
  journeyId: 'j1',
  title: 'T',
  ambition: 'A',
  horizon: '2030-12-31',
  lead: 'L',
};

describe('the store says whether another connection wrote', () => {
  it('externalVersion: unchanged by our own commits, changed by another connection, and tail() then emits its events', async () => {
    const seen: StoredEvent[] = [];
    store.live$.subscribe((e) => seen.push(e));
    const ledger = new Ledger({ store, clock, newId: sequentialIds('a') });
    const v0 = store.externalVersion();
    await ledger.handle(ada, charter);
    expect(store.externalVersion()).toBe(v0);
    await store.tail();
    expect(seen.map((e) => e.revision)).toEqual([0]);
    await new Ledger({ store: other, clock, newId: sequentialIds('b') }).handle(ada, lesson('from-elsewhere'));
    expect(store.externalVersion()).not.toBe(v0);
    await store.tail();
    expect(seen.map((e) => e.revision)).toEqual([0, 1]);
    await store.tail(); // nothing new: nothing emitted twice
    expect(seen).toHaveLength(2);
  });
});

describe('the command handler reads a stream only when it may have moved', () => {
  it('decides on its kept state with no query after its own writes', async () => {
    const ledger = new Ledger({ store: counted, clock, newId: sequentialIds('a') });
    await ledger.handle(ada, charter);
    reads.readStream = 0;
    for (let i = 0; i < 5; i++) await ledger.handle(ada, lesson(`l${i}`));
    expect(reads.readStream).toBe(0);
    expect((await store.head('journey-j1'))?.revision).toBe(5);
  });

  it('reads on when another process appended, and decides on what it wrote (no refused append, no retry)', async () => {
    let appends = 0;
    const counting = Object.assign(Object.create(counted) as EventStore, {
      append: (...args: Parameters<EventStore['append']>) => {
        appends += 1;
        return store.append(...args);
      },
    });
    const ledger = new Ledger({ store: counting, clock, newId: sequentialIds('a') });
    await ledger.handle(ada, charter);
    await new Ledger({ store: other, clock, newId: sequentialIds('b') }).handle(ada, lesson('taken'));
    reads.readStream = 0;
    appends = 0;
    // The other process's lesson is seen before deciding: the same lesson id is refused by the rule, not the store.
    await expect(ledger.handle(ada, lesson('taken'))).rejects.toBeInstanceOf(DomainError);
    expect(reads.readStream).toBe(1);
    expect(appends).toBe(0);
    const r = await ledger.handle(ada, lesson('next'));
    expect(r.appended.revision).toBe(2);
    expect(appends).toBe(1);
  });

  it('reads on after an append made in this process outside the handler (seen on live$)', async () => {
    const ledger = new Ledger({ store: counted, clock, newId: sequentialIds('a') });
    await ledger.handle(ada, charter);
    await new Ledger({ store, clock, newId: sequentialIds('b') }).handle(ada, lesson('taken'));
    reads.readStream = 0;
    await expect(ledger.handle(ada, lesson('taken'))).rejects.toBeInstanceOf(DomainError);
    expect(reads.readStream).toBe(1);
  });

  it('an Idempotency-Key used by another process for another body is still refused', async () => {
    const ledger = new Ledger({ store: counted, clock, newId: sequentialIds('a') });
    await ledger.handle(ada, charter);
    await new Ledger({ store: other, clock, newId: sequentialIds('b') }).handle(ada, lesson('first'), {
      idempotencyKey: 'k1',
    });
    const again = await ledger.handle(ada, lesson('first'), { idempotencyKey: 'k1' });
    expect(again.replayed).toBe(true);
    await expect(ledger.handle(ada, lesson('second'), { idempotencyKey: 'k1' })).rejects.toMatchObject({
      kind: 'conflict',
    });
    expect((await store.head('journey-j1'))?.revision).toBe(1);
  });
});

describe('the access registry', () => {
  const token = 'jl_a-token-for-the-registry-test';
  const enrol = (ledger: Ledger) =>
    ledger.handle(SYSTEM, {
      type: 'EnrollActor',
      actorId: 'bea',
      name: 'Bea',
      role: 'contributor',
      tokenHash: hashToken(token),
    });
  const revoke = (ledger: Ledger) => ledger.handle(SYSTEM, { type: 'RevokeAccess', actorId: 'bea', reason: 'left' });

  it('resolves a token without a query while the access stream cannot have moved', async () => {
    const ledger = new Ledger({ store, clock, newId: sequentialIds('a') });
    await enrol(ledger);
    const registry = new AccessRegistry(counted);
    expect(await registry.resolve(token)).toMatchObject({ id: 'bea', role: 'contributor' });
    reads.head = 0;
    for (let i = 0; i < 5; i++) expect((await registry.resolve(token))?.id).toBe('bea');
    expect(await registry.resolve('jl_not-a-token-anyone-holds')).toBeNull();
    expect(reads.head).toBe(0);
  });

  it('a revocation made through this process counts at the next request', async () => {
    const ledger = new Ledger({ store, clock, newId: sequentialIds('a') });
    await enrol(ledger);
    const registry = new AccessRegistry(counted);
    expect((await registry.resolve(token))?.id).toBe('bea');
    await revoke(ledger);
    expect(await registry.resolve(token)).toBeNull();
    expect(await registry.actorOf('bea')).toBeNull();
  });

  it('a revocation made by another process counts at the next request', async () => {
    await enrol(new Ledger({ store, clock, newId: sequentialIds('a') }));
    const registry = new AccessRegistry(counted);
    expect((await registry.resolve(token))?.id).toBe('bea');
    await revoke(new Ledger({ store: other, clock, newId: sequentialIds('b') }));
    reads.head = 0;
    expect(await registry.resolve(token)).toBeNull();
    expect(reads.head).toBe(1);
  });
});
