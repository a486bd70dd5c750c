import { describe, expect, it } from 'vitest';
import { checkpointsFor } from '../../projections/checkpoints.js';
import { startProjections } from '../../projections/runtime.js';
import { seedDemo } from '../../src/demo/index.js';
import { buildReport, reportFolder } from '../../src/reports/model.js';
import { renderReport } from '../../src/reports/render.js';
import type { StoredEvent } from '../../src/events/envelope.js';
import { periodWindow } from '../../src/events/index.js';
import type { EventStore } from '../../src/store/port.js';
import { openSqliteStore } from '../../src/store/sqlite.js';

/** The store with a count of the events its reads hand out. */
function counting(store: EventStore): { store: EventStore; read: () => number; reset: () => void } {
  let read = 0;
  const wrapped: EventStore = Object.create(store) as EventStore;
  Object.assign(wrapped, {
    async *readPages(options?: Parameters<EventStore['readPages']>[0]) {
      for await (const page of store.readPages(options)) {
        read += page.length;
        yield page;
      }
    },
    async *readStream(...args: Parameters<EventStore['readStream']>) {
      for await (const e of store.readStream(...args)) {
        read += 1;
        yield e as StoredEvent;
      }
    },
  });
  return { store: wrapped, read: () => read, reset: () => void (read = 0) };
}

describe('the running server’s quarterly report (warm)', () => {
  it('is the cold report, made from the live projections and checkpoints, reading at most one interval per cut', async () => {
    const sqlite = openSqliteStore({ file: ':memory:', checkpointMs: 0 });
    await seedDemo(sqlite, { now: '2026-11-25T00:00:00Z', journeys: 2, years: 6, seed: 3 });
    const c = counting(sqlite);
    const interval = 50;
    const runtime = startProjections(c.store, { checkpoints: checkpointsFor(c.store, { interval }) });
    await runtime.ready;
    await runtime.complete;
    const events = runtime.folded();
    expect(events).toBeGreaterThan(4 * interval);
    const position = runtime.position();
    const all: StoredEvent[] = [];
    for await (const e of sqlite.readAll()) all.push(e);
    for (const period of ['2023-Q2', '2025-Q4', '2026-Q3', '2026-Q4']) {
      const folder = reportFolder(c.store, period, runtime);
      c.reset();
      const warm = await folder.report();
      // Two cuts: the period's end, and the previous quarter's end for what moved since (docs/decisions.md, "Reports");
      // and the journeys' own streams up to the period's end, read back for the window's facts (no state keeps a
      // journey's events: docs/decisions.md, "Timelines are read back").
      const end = periodWindow(period).to;
      const journeyEvents = all.filter((e) => e.streamId.startsWith('journey-') && e.recordedAt <= end).length;
      expect(c.read(), `events read for ${period}`).toBeLessThanOrEqual(2 * interval + journeyEvents);
      expect(warm.position).toBe(position);
      const cold = await buildReport(sqlite, period, (await sqlite.tree.treeHead()).treeSize);
      expect(renderReport(warm)).toEqual(renderReport(cold));
    }
    runtime.stop();
    await sqlite.close();
  });
});
