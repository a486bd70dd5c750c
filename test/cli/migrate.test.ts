import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { migrateLedger, registerMigrate } from '../../src/cli/migrate.js';
import { openEventStoreDbStore } from '../../src/store/eventstoredb.js';
import { StoreUnavailableError, type EventStore } from '../../src/store/port.js';
import { openSqliteStore, type SqliteEventStore } from '../../src/store/sqlite.js';
import { verifyLedger } from '../../src/store/verify.js';
import { collect, lesson, measurement } from '../support/events.js';
import { FakeEsdb } from '../store/eventstoredb.fake.js';

let dir: string;
const file = (name: string) => join(dir, name);
const clock = fixedClock('2026-11-25T09:00:00.000Z');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-migrate-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A small ledger: two journeys and an indicator, appended in interleaved order, 21 events. */
async function seed(store: SqliteEventStore): Promise<void> {
  await store.append('journey-school-readiness', [lesson(), lesson()], { expectedRevision: 'no_stream' });
  await store.append('indicator-good-level', [measurement('2021', 60), measurement('2022', 61.2)], {
    expectedRevision: 'no_stream',
  });
  for (let i = 0; i < 8; i += 1) {
    clock.advance(60_000);
    await store.append('journey-school-readiness', [lesson()], { expectedRevision: 'any' });
    await store.append('journey-healthy-weight', [lesson()], { expectedRevision: 'any' });
  }
  await store.append('indicator-good-level', [measurement('2023', 62.5)], { expectedRevision: 1 });
}

const ids = async (store: SqliteEventStore) =>
  (await collect(store.readAll())).map((e) => [e.id, e.streamId, e.revision, e.recordedAt, e.hash]);

describe('migrateLedger (SQLite → SQLite)', () => {
  it('copies every event with its id, order, times, actor and hash, and the target verifies with the same digest', async () => {
    const source = openSqliteStore({ file: file('source.db'), clock });
    const target = openSqliteStore({ file: file('target.db') });
    await seed(source);
    const result = await migrateLedger(source, target, { pageSize: 5 });
    expect(result).toMatchObject({ copied: 21, alreadyThere: 0, same: true });
    expect(result.target.digest).toBe((await verifyLedger(source)).digest);
    expect(await ids(target)).toEqual(await ids(source));
    expect((await collect(target.readAll())).map((e) => e.actor)).toEqual(
      (await collect(source.readAll())).map((e) => e.actor),
    );
    await source.close();
    await target.close();
  });

  it('resumes after an interrupted copy: continues where it stopped and never duplicates', async () => {
    const source = openSqliteStore({ file: file('source.db'), clock });
    await seed(source);
    const target = openSqliteStore({ file: file('target.db') });
    const interrupted = migrateLedger(source, target, {
      pageSize: 4,
      afterPage: (copied) => {
        if (copied >= 8) throw new Error('power cut');
      },
    });
    await expect(interrupted).rejects.toThrow('power cut');
    expect((await collect(target.readAll())).length).toBe(8);

    const pages: number[] = [];
    const resumed = await migrateLedger(source, target, { pageSize: 4, onProgress: (done) => pages.push(done) });
    expect(resumed).toMatchObject({ copied: 13, alreadyThere: 8, same: true });
    expect(pages[0]).toBe(8); // the bar starts where the first run stopped
    expect(await ids(target)).toEqual(await ids(source));

    const again = await migrateLedger(source, target);
    expect(again).toMatchObject({ copied: 0, alreadyThere: 21, same: true });
    expect((await collect(target.readAll())).length).toBe(21);
    await source.close();
    await target.close();
  });

  it('copies what the source gained since the last run', async () => {
    const source = openSqliteStore({ file: file('source.db'), clock });
    const target = openSqliteStore({ file: file('target.db') });
    await seed(source);
    await migrateLedger(source, target);
    await source.append('journey-healthy-weight', [lesson()], { expectedRevision: 7 });
    const result = await migrateLedger(source, target);
    expect(result).toMatchObject({ copied: 1, alreadyThere: 21, same: true });
    await source.close();
    await target.close();
  });

  it('refuses a target that holds events of another ledger, and writes nothing', async () => {
    const source = openSqliteStore({ file: file('source.db'), clock });
    const target = openSqliteStore({ file: file('target.db'), clock });
    await seed(source);
    await target.append('journey-elsewhere', [lesson()], { expectedRevision: 'no_stream' });
    await expect(migrateLedger(source, target)).rejects.toThrow(/not this ledger's.*journey-elsewhere@0/);
    expect((await collect(target.readAll())).length).toBe(1);
    await source.close();
    await target.close();
  });
});

describe('migrateLedger to EventStoreDB and back (over the strict server fake)', () => {
  const esdb = async (fake: FakeEsdb) => openEventStoreDbStore('esdb://fake:2113?tls=false', { client: fake });
  const summary = async (store: EventStore) => (await collect(store.readAll())).map((e) => [e.id, e.hash]);

  it('moves a ledger to EventStoreDB, resumes after an interruption, and keeps the digest', async () => {
    const source = openSqliteStore({ file: ':memory:', clock });
    await seed(source);
    const target = await esdb(new FakeEsdb());
    await expect(
      migrateLedger(source, target, {
        pageSize: 5,
        afterPage: (n) => {
          if (n >= 10) throw new Error('lost');
        },
      }),
    ).rejects.toThrow('lost');
    const resumed = await migrateLedger(source, target, { pageSize: 5 });
    expect(resumed).toMatchObject({ copied: 11, alreadyThere: 10, same: true });
    expect(await summary(target)).toEqual(await summary(source));
    await source.close();
    await target.close();
  });

  it('fresh, killed part-way through a page (the server gone mid-restore), resumed, then back again the same way', async () => {
    const source = openSqliteStore({ file: file('source.db'), clock });
    await seed(source);
    const digest = (await verifyLedger(source)).digest;

    // SQLite → EventStoreDB: the server goes away after 3 appends of the first 8-event page (it cuts per stream).
    const fake = new FakeEsdb();
    const there = await esdb(fake);
    fake.unavailableAfterAppends = 3;
    await expect(migrateLedger(source, there, { pageSize: 8 })).rejects.toBeInstanceOf(StoreUnavailableError);
    fake.unavailable = false;
    fake.unavailableAfterAppends = null;
    const partial = (await collect(there.readAll())).length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(8);
    const resumed = await migrateLedger(source, there, { pageSize: 8 });
    expect(resumed).toMatchObject({ copied: 21 - partial, alreadyThere: partial, same: true });
    expect(resumed.target.digest).toBe(digest);
    expect(await summary(there)).toEqual(await summary(source));

    // Switch-over: the source gained an event meanwhile; one more run copies it.
    await source.append('journey-healthy-weight', [lesson()], { expectedRevision: 7 });
    expect(await migrateLedger(source, there)).toMatchObject({ copied: 1, alreadyThere: 21, same: true });
    await source.close();

    // And back: EventStoreDB → a new SQLite file, killed after the first page, resumed from EventStoreDB positions.
    const back = openSqliteStore({ file: file('back.db') });
    await expect(
      migrateLedger(there, back, {
        pageSize: 6,
        afterPage: (n) => {
          if (n >= 6) throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    const home = await migrateLedger(there, back, { pageSize: 6 });
    expect(home).toMatchObject({ copied: 16, alreadyThere: 6, same: true });
    expect(await summary(back)).toEqual(await summary(there));
    expect((await verifyLedger(back)).digest).toBe((await verifyLedger(there)).digest);
    await back.close();
    await there.close();
  });
});

describe('journey migrate --to', () => {
  const run = async (...args: string[]) => {
    const program = new Command().exitOverride();
    registerMigrate(program);
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await program.parseAsync(['node', 'journey', 'migrate', ...args]);
      return out.mock.calls.map((c) => String(c[0])).join('');
    } finally {
      out.mockRestore();
    }
  };

  it('migrates from --store to --to and prints the verified digest', async () => {
    const source = openSqliteStore({ file: file('source.db'), clock });
    await seed(source);
    const digest = (await verifyLedger(source)).digest;
    await source.close();
    const printed = await run(
      '--store',
      `sqlite:${file('source.db')}`,
      '--to',
      `sqlite:${file('target.db')}`,
      '--page-size',
      '7',
    );
    expect(printed).toContain('21 events copied (0 already there)');
    expect(printed).toContain(`digest ${digest} (same as the source)`);
    const again = await run('--store', `sqlite:${file('source.db')}`, '--to', `sqlite:${file('target.db')}`);
    expect(again).toContain('0 events copied (21 already there)');
  });

  it('refuses to migrate a store into itself', async () => {
    await expect(run('--store', `sqlite:${file('a.db')}`, '--to', `sqlite:${file('a.db')}`)).rejects.toThrow(
      /same store/,
    );
  });
});
