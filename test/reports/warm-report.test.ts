import { describe, expect, it } from 'vitest';
import { checkpointsFor } from '../../projections/checkpoints.js';
import { startProjections } from '../../projections/runtime.js';
import { seedDemo } from '../../src/demo/index.js';
import { buildReport, reportFolder } from '../../src/reports/model.js';
import { renderReport } from '../../src/reports/render.js';
import type { StoredEvent } from '../../src/events/envelope.js';
import { inWindow, periodWindow } from '../../src/events/index.js';
import type { EventStore } from '../../src/store/port.js';
import { openSqliteStore } from '../../src/store/sqlite.js';

/** The store with a count of the events its reads hand out: by pages (the ledger in order) and by stream. */
function counting(store: EventStore) {
  const read = { pages: 0, streams: 0 };
  const wrapped: EventStore = Object.create(store) as EventStore;
  Object.assign(wrapped, {
    async *readPages(options?: Parameters<EventStore['readPages']>[0]) {
      for await (const page of store.readPages(options)) {
        read.pages += page.length;
        yield page;
      }
    },
    async *readStream(...args: Parameters<EventStore['readStream']>) {
      for await (const e of store.readStream(...args)) {
        read.streams += 1;
        yield e as StoredEvent;
      }
    },
  });
  return {
    store: wrapped,
    read,
    reset: () => {
      read.pages = 0;
      read.streams = 0;
    },
  };
}

const quarters = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => [1, 2, 3, 4].map((q) => `${from + i}-Q${q}`)).flat();

describe('the running server’s quarterly report (warm)', () => {
  it('is the cold report, byte for byte, in every quarter: one interval and the quarter’s own events read, no ledger scan', async () => {
    const sqlite = openSqliteStore({ file: ':memory:', checkpointMs: 0 });
    await seedDemo(sqlite, { now: '2026-11-25T00:00:00Z', journeys: 2, years: 6, seed: 3 });
    const all: StoredEvent[] = [];
    for await (const e of sqlite.readAll()) all.push(e);
    const c = counting(sqlite);
    // A small interval, so that a challenge answered in a quarter often quotes a change from before the checkpoint
    // the warm fold starts at (read from its journey's stream).
    const interval = 10;
    const runtime = startProjections(c.store, { checkpoints: checkpointsFor(c.store, { interval }) });
    await runtime.ready;
    await runtime.complete;
    expect(runtime.folded()).toBe(all.length);
    const position = runtime.position();
    const { treeSize } = await sqlite.tree.treeHead();
    let streamReads = 0;
    for (const period of quarters(2021, 2026)) {
      const folder = reportFolder(c.store, period, runtime);
      c.reset();
      const warm = await folder.report();
      const w = periodWindow(period);
      const inQuarter = all.filter((e) => inWindow(e.recordedAt, w)).length;
      // From the checkpoint before the previous quarter's end (what moved since, docs/decisions.md "Reports") to the
      // period's end: at most one interval, then the quarter's own events.
      expect(c.read.pages, `events read for ${period}`).toBeLessThanOrEqual(interval + inQuarter);
      streamReads += c.read.streams;
      expect(warm.position).toBe(position);
      const cold = await buildReport(sqlite, period, treeSize);
      expect(renderReport(warm), period).toEqual(renderReport(cold));
    }
    // Some quarter's challenge quoted a change reported before the events its fold read.
    expect(streamReads).toBeGreaterThan(0);
    runtime.stop();
    await sqlite.close();
  });
});
