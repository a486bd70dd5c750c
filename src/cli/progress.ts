import cliProgress from 'cli-progress';

/** A progress bar on stderr when it is a terminal; silent otherwise, so piped output and tests stay clean. */
export function progressBar(
  label: string,
  total: number,
): { update(n: number): void; increment(n?: number): void; stop(): void } {
  if (!process.stderr.isTTY) return { update: () => {}, increment: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`,
      stream: process.stderr,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { update: (n) => bar.update(n), increment: (n = 1) => bar.increment(n), stop: () => bar.stop() };
}
