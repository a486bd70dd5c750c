import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize } from 'node:v8';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { checkpointsFor, nearestCheckpoint } from '../../projections/checkpoints.js';
import { ledgerContext, type ReadSources } from '../../projections/contexts.js';
import { foldAll, type LedgerProjections } from '../../projections/index.js';
import {
  accountabilitiesAnswer,
  decisionsAnswer,
  overviewAnswer,
  type ReadContext,
} from '../../projections/read-model.js';
import { replayLedger, type Cut } from '../../projections/replay.js';
import { startProjections } from '../../projections/runtime.js';
import type { StoredEvent } from '../../src/events/envelope.js';
import type { EventStore } from '../../src/store/port.js';
import { openSqliteStore, type SqliteEventStore } from '../../src/store/sqlite.js';
import { charter, ledgerBuilder } from './fixtures.js';
import { buildLedger, ledgerOp, type LedgerOp } from './random-ledger.js';

/** A store that counts the events every read hands out: what a cut read costs, counted rather than timed. */
function counting(store: SqliteEventStore): { store: EventStore; read: () => number; reset: () => void } {
  let read = 0;
  const wrapped = new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'readPages')
        return async function* (options?: Parameters<EventStore['readPages']>[0]) {
          for await (const page of target.readPages(options)) {
            read += page.length;
            yield page;
          }
        };
      if (prop === 'readStream' || prop === 'readAll')
        return async function* (...args: unknown[]) {
          for await (const e of (target[prop] as (...a: unknown[]) => AsyncIterable<StoredEvent>).apply(target, args)) {
            read += 1;
            yield e;
          }
        };
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  }) as EventStore;
  return { store: wrapped, read: () => read, reset: () => void (read = 0) };
}

const ctx = (states: LedgerProjections, referenceDay = '2026-11-25'): ReadContext => ({
  states,
  referenceDay,
  asOf: '2026-11-25T00:00:00.000Z',
  at: null,
});
const cityAnswers = (states: LedgerProjections) => ({
  overview: overviewAnswer(ctx(states)),
  decisions: decisionsAnswer(ctx(states), {}),
  accountabilities: accountabilitiesAnswer(ctx(states), {}),
  names: states.names,
});

const fixedClock = { now: () => new Date('2026-11-25T00:00:00.000Z') };
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempFile = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'checkpoints-'));
  dirs.push(dir);
  return join(dir, 'ledger.db');
};

/** Many events: each op of the random ledger repeated, so a handful of checkpoint intervals fit. */
const longLedger = (ops: LedgerOp[]): StoredEvent[] => buildLedger(ops);
const someOps = fc.sample(fc.array(ledgerOp, { minLength: 120, maxLength: 120 }), { numRuns: 1, seed: 18 })[0]!;

describe('an asOf cut is a position bound', () => {
  it('lastRecordedBy finds the last event recorded by the instant, compared as instants, at every edge', async () => {
    const b = ledgerBuilder();
    b.on('2026-02-01T10:00:00.000Z').journey('j1', 'JourneyCharted', charter('j1'));
    // Three events of one group commit share their recordedAt.
    for (const j of ['j2', 'j3', 'j4']) b.on('2026-02-01T11:00:00.000Z').journey(j, 'JourneyCharted', charter(j));
    b.on('2026-02-03T00:00:00.000Z').journey('j5', 'JourneyCharted', charter('j5'));
    const store = openSqliteStore({ file: ':memory:', checkpointMs: 0 });
    await store.restore(b.events);
    const at = (asOf: string) => store.lastRecordedBy(asOf);
    expect(await at('2026-01-01T00:00:00.000Z')).toBe('0');
    expect(await at('2026-02-01T10:00:00.000Z')).toBe('1');
    expect(await at('2026-02-01T10:59:59.999Z')).toBe('1');
    expect(await at('2026-02-01T11:00:00.000Z')).toBe('4');
    // The same instant written with an offset: compared as an instant, not as text.
    expect(await at('2026-02-01T12:00:00+01:00')).toBe('4');
    expect(await at('2026-02-02T23:59:59.999Z')).toBe('4');
    expect(await at('2026-02-03T00:00:00.000Z')).toBe('5');
    expect(await at('2099-01-01T00:00:00.000Z')).toBe('5');
    const empty = openSqliteStore({ file: ':memory:', checkpointMs: 0 });
    expect(await empty.lastRecordedBy('2026-01-01T00:00:00.000Z')).toBe('0');
    // Restored out of recording order: the events recorded by an instant are no prefix, and it says so.
    const late = ledgerBuilder();
    late.on('2026-02-01T10:00:00.000Z').journey('j1', 'JourneyCharted', charter('j1'));
    late.on('2026-01-01T00:00:00.000Z').journey('j9', 'JourneyCharted', charter('j9'));
    const unordered = openSqliteStore({ file: ':memory:', checkpointMs: 0 });
    await unordered.restore(late.events);
    expect(await unordered.lastRecordedBy('2026-01-15T00:00:00.000Z')).toBeNull();
    await unordered.close();
    await store.close();
    await empty.close();
  });

  it('an as-of replay of the ledger reads only the events up to the cut', async () => {
    const events = longLedger(someOps);
    const store = openSqliteStore({ file: ':memory:', checkpointMs: 0 });
    await store.restore(events);
    const c = counting(store);
    const cutAt = Math.floor(events.length / 3);
    const replayed = await replayLedger(c.store, { asOf: events[cutAt - 1]!.recordedAt });
    expect(replayed.events).toBe(cutAt);
    expect(c.read()).toBe(cutAt);
    expect(cityAnswers(replayed.states)).toEqual(cityAnswers(foldAll(events.slice(0, cutAt))));
    await store.close();
  });
});

describe('checkpoints', () => {
  it('an as-of read of the overview, decisions and accountabilities at any cut reads at most one checkpoint interval', async () => {
    const events = longLedger(someOps);
    expect(events.length).toBeGreaterThan(100);
    const interval = 10;
    const store = openSqliteStore({ file: ':memory:', checkpointMs: 0, clock: fixedClock });
    await store.restore(events);
    const c = counting(store);
    const runtime = startProjections(c.store, { checkpoints: checkpointsFor(c.store, { interval }), pageSize: 7 });
    await runtime.ready;
    await runtime.complete;
    // Saved asynchronously: one per boundary the ledger passed.
    await new Promise((r) => setTimeout(r, 20));
    expect(store.checkpoints.list(runtime.checkpoints!.version)).toHaveLength(Math.floor(events.length / interval));
    // The change names are saved in parts, each after the one before: the archive holds each once, not once per
    // checkpoint (a hundred copies at a million events).
    const version = runtime.checkpoints!.version;
    const parts = store.checkpoints
      .list(version)
      .map((x) => deserialize(store.checkpoints.state(version, x.position, 'names')!) as { changes: unknown[] });
    const saved = events.slice(0, Math.floor(events.length / interval) * interval);
    const changes = saved.filter((e) => e.type === 'ChangeReported').length;
    expect(changes).toBeGreaterThan(0);
    expect(parts.reduce((n, p) => n + p.changes.length, 0)).toBe(changes);
    const sources: ReadSources = { store: c.store, runtime, clock: fixedClock };
    for (let at = 1; at <= events.length; at++) {
      const cuts: Cut[] = [{ at: String(at) }];
      // An asOf exactly at the event's recordedAt keeps it and everything recorded before.
      if (at === events.length || events[at]!.recordedAt !== events[at - 1]!.recordedAt)
        cuts.push({ asOf: events[at - 1]!.recordedAt });
      for (const cut of cuts) {
        c.reset();
        const read = await ledgerContext(sources, cut);
        const answers = cityAnswers(read.states);
        expect(c.read(), `events read for ${JSON.stringify(cut)}`).toBeLessThanOrEqual(interval);
        expect(answers).toEqual(cityAnswers(foldAll(events.slice(0, at))));
      }
    }
    // Past the ledger's end, and before its start.
    for (const cut of [{ at: String(events.length + 1000) }, { asOf: '2099-01-01T00:00:00.000Z' }]) {
      c.reset();
      expect(cityAnswers((await ledgerContext(sources, cut)).states)).toEqual(cityAnswers(foldAll(events)));
      expect(c.read()).toBeLessThanOrEqual(interval);
    }
    expect(cityAnswers((await ledgerContext(sources, { asOf: '2000-01-01T00:00:00.000Z' })).states)).toEqual(
      cityAnswers(foldAll([])),
    );
    runtime.stop();
    await store.close();
  });

  it('a restart with saved checkpoints folds only the tail, every projection included', async () => {
    const events = longLedger(someOps);
    const file = tempFile();
    const first = openSqliteStore({ file, checkpointMs: 0 });
    const firstPart = events.slice(0, 130);
    await first.restore(firstPart);
    const interval = 40;
    const one = startProjections(first, { checkpoints: checkpointsFor(first, { interval }) });
    await one.ready;
    await new Promise((r) => setTimeout(r, 20));
    one.stop();
    await first.close();

    // Later events written while no server ran.
    const again = openSqliteStore({ file, checkpointMs: 0 });
    await again.restore(events.slice(130));
    const c = counting(again);
    const two = startProjections(c.store, { checkpoints: checkpointsFor(c.store, { interval }) });
    await two.ready;
    const lastCheckpoint = Math.floor(130 / interval) * interval; // 120
    expect(c.read()).toBe(events.length - lastCheckpoint);
    expect(two.folded()).toBe(events.length - lastCheckpoint);
    const whole = foldAll(events);
    expect(two.snapshot()).toEqual(whole);
    // The stream heads (a warm report's digest) came back with the checkpoint and moved on with the tail.
    const heads = new Map(events.map((e) => [e.streamId, { revision: e.revision, hash: e.hash }]));
    expect(new Map(two.heads())).toEqual(heads);
    expect(cityAnswers(two.snapshot())).toEqual(cityAnswers(whole));
    // Nothing is folded from the ledger's start in the background: complete reads nothing more.
    await two.complete;
    expect(c.read()).toBe(events.length - lastCheckpoint);
    two.stop();
    await again.close();
  });

  it('a checkpoint of another reducer version, or of another ledger, is never served', async () => {
    const events = longLedger(someOps);
    const file = tempFile();
    const store = openSqliteStore({ file, checkpointMs: 0 });
    await store.restore(events);
    const runtime = startProjections(store, { checkpoints: checkpointsFor(store, { interval: 30, version: 'v-old' }) });
    await runtime.ready;
    await new Promise((r) => setTimeout(r, 20));
    runtime.stop();
    expect(store.checkpoints.list('v-old').length).toBeGreaterThan(0);

    // A changed reducer: the old version's checkpoints are dropped, and a restart folds everything.
    const c = counting(store);
    const changed = startProjections(c.store, {
      checkpoints: checkpointsFor(c.store, { interval: 30, version: 'v-new' }),
    });
    await changed.ready;
    expect(c.read()).toBe(events.length);
    expect(store.checkpoints.list('v-old')).toEqual([]);
    await new Promise((r) => setTimeout(r, 20));
    changed.stop();

    // A checkpoint whose head is not this ledger's (made from another ledger): dropped with every later one.
    const db = new Database(file);
    db.prepare("UPDATE projection_checkpoints SET head = 'f00d' WHERE version = 'v-new' AND position = 90").run();
    db.close();
    const cp = checkpointsFor(store, { interval: 30, version: 'v-new' })!;
    expect((await nearestCheckpoint(cp, '100'))?.position).toBe('60');
    expect(store.checkpoints.list('v-new').map((x) => x.position)).toEqual(['30', '60']);
    await store.close();
  });
});
