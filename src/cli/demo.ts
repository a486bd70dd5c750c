import type { Command } from 'commander';
import { systemClock } from '../clock.js';
import { demoShape, demoToday, seedDemo, DEMO_CITY } from '../demo/index.js';
import { dateToInstant, isInstant, isIsoDate } from '../events/index.js';
import { CliError, usingStore, withStoreOption } from './common.js';
import { progressBar } from './progress.js';

interface DemoCliOptions {
  store?: string;
  journeys: string;
  years: string;
  seed: string;
  events?: string;
  now?: string;
}

const wholeNumber = (name: string, text: string): number => {
  if (!/^\d+$/.test(text)) throw new CliError(`--${name} must be a whole number, not ${JSON.stringify(text)}`);
  return Number(text);
};

/**
 * The generator's "now". By default the start of today (UTC), so running the demo twice on one day gives the
 * same ledger byte for byte; --now pins it for anything that must be reproducible across days.
 */
export function demoNow(text: string | undefined, clock = systemClock): string {
  if (text === undefined) return demoToday(clock);
  if (isIsoDate(text)) return dateToInstant(text);
  if (isInstant(text)) return new Date(text).toISOString();
  throw new CliError(`--now must be a date (YYYY-MM-DD) or a UTC instant, not ${JSON.stringify(text)}`);
}

/** journey demo: seed a realistic (illustrative) demo city through the admin restore path. */
export function registerDemo(program: Command): void {
  withStoreOption(
    program
      .command('demo')
      .description(
        `seed the illustrative demo city of ${DEMO_CITY}: five journeys from 2021 to now (figures are not real)`,
      ),
  )
    .option('--journeys <n>', 'how many journeys (beyond five, the five repeat by locality)', '5')
    .option('--years <n>', 'how many years, ending this year', '6')
    .option('--seed <n>', 'seed of the generator: the same seed gives the same ledger', '1')
    .option('--events <n>', 'approximate total number of events, for benchmarks (adds filler changes and perspectives)')
    .option('--now <date>', 'the demo\'s "now" (default: the start of today, UTC)')
    .action(async (opts: DemoCliOptions) => {
      const options = {
        now: demoNow(opts.now),
        journeys: wholeNumber('journeys', opts.journeys),
        years: wholeNumber('years', opts.years),
        seed: wholeNumber('seed', opts.seed),
        ...(opts.events === undefined ? {} : { events: wholeNumber('events', opts.events) }),
      };
      let shape;
      try {
        shape = demoShape(options);
      } catch (e) {
        throw new CliError(e instanceof Error ? e.message : String(e));
      }
      const estimate = shape.journeys * shape.quarters * (7 + shape.extraPerQuarter);
      const started = performance.now();
      const result = await usingStore(opts, async (store) => {
        const bar = progressBar('seeding', estimate);
        try {
          return await seedDemo(store, options, ({ written, skipped }) =>
            bar.update(Math.min(estimate, written + skipped)),
          );
        } finally {
          bar.stop();
        }
      });
      const seconds = (performance.now() - started) / 1000;
      process.stdout.write(
        `demo city seeded: ${result.written} events written (${result.skipped} already present), ${result.journeys} journeys, ` +
          `${shape.startYear} to ${shape.endYear}, seed ${result.seed}, last position ${result.lastPosition}, ${seconds.toFixed(1)} s\n`,
      );
    });
}
