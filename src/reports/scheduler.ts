import type { Clock, IdGenerator } from '../clock.js';
import { previousQuarter, quarterOf, type Actor } from '../events/index.js';
import type { HeadSigner } from '../store/merkle/signer.js';
import type { EventStore } from '../store/port.js';
import type { ProjectionRuntime } from '../../projections/runtime.js';
import { reportFolder } from './model.js';
import { publish, publishedReport, type PublishResult } from './publish.js';

/**
 * The quarterly scheduler of `journey serve`: at start and then hourly it looks at the injected
 * clock and publishes the previous quarter if nobody has yet. Safe with several server instances: publish
 * appends with expectedRevision 'no_stream', so at most one of them writes `report-{period}`.
 * A ledger with no journey charted by the quarter's end gets no report (nothing to say yet).
 */
export interface SchedulerOptions {
  store: EventStore;
  clock: Clock;
  actor?: Actor;
  outDir?: string;
  newId?: IdGenerator;
  /** Signs each report's tree head (LEDGER_SIGNING_KEY). */
  signer?: HeadSigner;
  intervalMs?: number;
  /** Injected timers (tests); the global ones by default. */
  timers?: { setInterval: (f: () => void, ms: number) => unknown; clearInterval: (h: unknown) => void };
  log?: (message: string) => void;
  /** The server's projections: a report is then made from them and their checkpoints, without a ledger scan (model.ts reportFolder). */
  runtime?: ProjectionRuntime;
}

export type CheckOutcome =
  | { action: 'published'; period: string; result: PublishResult }
  | { action: 'already-published' | 'nothing-to-report'; period: string };

export const SCHEDULER_ACTOR: Actor = { id: 'report-scheduler', name: 'Quarterly report scheduler', role: 'system' };

export function reportScheduler(o: SchedulerOptions) {
  const actor = o.actor ?? SCHEDULER_ACTOR;
  let running: Promise<CheckOutcome> | null = null;

  async function checkOnce(): Promise<CheckOutcome> {
    const now = o.clock.now();
    const period = previousQuarter(quarterOf(now.toISOString().slice(0, 10)));
    if (await publishedReport(o.store, period)) return { action: 'already-published', period };
    const result = await publish(o.store, period, {
      actor,
      now,
      ...(o.outDir === undefined ? {} : { outDir: o.outDir }),
      ...(o.newId ? { newId: o.newId } : {}),
      ...(o.signer ? { signer: o.signer } : {}),
      ...(o.runtime ? { folder: reportFolder(o.store, period, o.runtime) } : {}),
      skipEmpty: true,
    });
    if (result.published) {
      o.log?.(
        `published the report for ${period}, made from the first ${result.record?.treeHead.treeSize ?? '?'} entries`,
      );
      return { action: 'published', period, result };
    }
    return { action: result.record === null ? 'nothing-to-report' : 'already-published', period };
  }

  /** One check; overlapping calls share the one in flight. */
  const check = (): Promise<CheckOutcome> => {
    running ??= checkOnce().finally(() => {
      running = null;
    });
    return running;
  };

  const timers = o.timers ?? {
    setInterval: (f: () => void, ms: number) => setInterval(f, ms).unref(),
    clearInterval: (h: unknown) => clearInterval(h as NodeJS.Timeout),
  };
  let handle: unknown = null;
  const tick = () => {
    check().catch((e: unknown) => o.log?.(`report scheduler: ${e instanceof Error ? e.message : String(e)}`));
  };
  return {
    check,
    start(): void {
      if (handle !== null) return;
      tick();
      handle = timers.setInterval(tick, o.intervalMs ?? 3_600_000);
    },
    stop(): void {
      if (handle !== null) timers.clearInterval(handle);
      handle = null;
    },
  };
}
