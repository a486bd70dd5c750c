import type { Clock } from '../clock.js';
import { dateToInstant, dayOf } from '../events/index.js';
import type { EventStore } from '../store/port.js';
import { demoShape, generateDemo, type DemoOptions } from './generator.js';

export interface SeedResult {
  written: number;
  skipped: number;
  journeys: number;
  years: number;
  seed: number;
  lastPosition: string;
}

/**
 * Seed a store with the demo city through `restore` (the admin import path), a page at a time.
 * Seeding the same store twice with the same options writes nothing the second time (restore skips events
 * already present at their place); seeding over a different ledger fails with the store's ChainError.
 */
export async function seedDemo(
  store: EventStore,
  options: DemoOptions,
  onPage?: (progress: { written: number; skipped: number }) => void,
): Promise<SeedResult> {
  const shape = demoShape(options);
  let written = 0;
  let skipped = 0;
  for (const page of generateDemo(options)) {
    const r = await store.restore(page);
    written += r.written;
    skipped += r.skipped;
    onPage?.({ written, skipped });
  }
  return {
    written,
    skipped,
    journeys: shape.journeys,
    years: shape.years,
    seed: shape.seed,
    lastPosition: await store.lastPosition(),
  };
}

/**
 * The demo's "now" by default: the start of today (UTC), so seeding twice on one day gives the same ledger byte for
 * byte.
 */
export const demoToday = (clock: Clock): string => dateToInstant(dayOf(clock.now()));
