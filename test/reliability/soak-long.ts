/**
 * The 60 s soak, run by hand (not in the suite, which runs a few seconds of the same thing):
 *
 *   npx tsc -p tsconfig.json        # the soak drives the compiled `journey serve`
 *   SOAK_SECONDS=60 node --no-warnings --loader ts-node/esm/transpile-only test/reliability/soak-long.ts
 *
 * Prints the figures (and the RSS samples) and exits 1 when a promise is broken: an error, a lost write, a broken
 * chain, RSS still climbing in the last quarter, or a WAL past 80 MB.
 */
import { runSoak } from './soak-run.js';

const seconds = Number(process.env.SOAK_SECONDS ?? 60);
const connections = Number(process.env.SOAK_CONNECTIONS ?? 20);
const f = await runSoak({ seconds, connections, log: (l) => console.log(l) });
console.log(`RSS samples every 250 ms (MB): ${f.rssMb.join(' ')}`);
const broken = [
  f.errors + f.timeouts + f.non2xx > 0 && `errors ${f.errors}, timeouts ${f.timeouts}, non-2xx ${f.non2xx}`,
  f.lostWrites > 0 && `${f.lostWrites} acknowledged writes lost`,
  !f.verifyOk && 'verify failed',
  f.rssLastQuarterMb > f.rssSecondQuarterMb * 1.5 + 32 &&
    `RSS still climbing: ${f.rssSecondQuarterMb} → ${f.rssLastQuarterMb} MB`,
  f.walPeakMb >= 80 && `WAL reached ${f.walPeakMb} MB`,
].filter(Boolean);
if (broken.length > 0) {
  console.error(`BROKEN: ${broken.join('; ')}`);
  process.exitCode = 1;
}
