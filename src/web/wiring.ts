import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  accountabilitiesAnswer,
  decisionsAnswer,
  indicatorAnswer,
  journeyAnswer,
  overviewAnswer,
  timelineAnswer,
  type ReadContext,
} from '../../projections/read-model.js';
import type { LedgerProjections } from '../../projections/index.js';
import { progress, type IndicatorProgress } from '../../projections/progress.js';
import { replayJourney } from '../../projections/replay.js';
import type { ProjectionRuntime } from '../../projections/runtime.js';
import { systemClock, type Clock } from '../clock.js';
import type { StoredEvent } from '../events/index.js';
import type { EventStore } from '../store/port.js';
import type { ReportListing, WebIndicator, WebJourney, WebReads } from './read-model.js';

/**
 * Builds the web's read port from the projections: the live runtime for "now", replayJourney for a cut.
 * Before each read it tails the store, so appends by another process (the CLI) show at once.
 * Published reports are listed from ReportPublished events (watched on live$); their files are read from
 * `reportsDir` (REPORTS_DIR, default ./reports) as `<dir>/<period>/<name>` or `<dir>/<name>`, and served
 * only while their sha-256 still matches the one published.
 */
export interface ProjectionReadsOptions {
  store: EventStore;
  runtime: ProjectionRuntime;
  clock?: Clock;
  reportsDir?: string;
}

const dayOf = (iso: string) => iso.slice(0, 10);

export function projectionReads(o: ProjectionReadsOptions): WebReads & { close(): void } {
  const clock = o.clock ?? systemClock;
  const reportsDir = o.reportsDir ?? process.env.REPORTS_DIR ?? './reports';
  const live = async (): Promise<ReadContext> => {
    await o.store.tail();
    await o.runtime.ready;
    const now = clock.now().toISOString();
    return { states: o.runtime.snapshot(), referenceDay: dayOf(now), asOf: now, at: null };
  };
  const withPoints = (states: LedgerProjections, p: IndicatorProgress): WebIndicator => {
    const record = progress.query.record(states.progress, p.indicatorId);
    const points = (record?.measurements ?? []).map((m) => ({
      period: m.period,
      value: m.value,
      correctedFrom: m.corrections.length > 0 ? m.recordedValue : null,
    }));
    return { ...p, points };
  };
  const journeyOf = (ctx: ReadContext, journeyId: string): WebJourney | null => {
    const a = journeyAnswer(ctx, journeyId);
    if (!a) return null;
    const dependents = new Map<string, string[]>();
    for (const p of a.plans) for (const d of p.dependsOn) dependents.set(d, [...(dependents.get(d) ?? []), p.planId]);
    return {
      ...a,
      indicators: a.indicators.map((p) => withPoints(ctx.states, p)),
      plans: a.plans.map((p) => ({ ...p, dependents: dependents.get(p.planId) ?? [] })),
      timeline: timelineAnswer(ctx, journeyId)?.entries ?? [],
    };
  };

  // Published reports, from the ledger.
  const reports = new Map<string, ReportListing>();
  const note = (e: StoredEvent) => {
    if (e.type !== 'ReportPublished') return;
    const d = e.data as ReportListing;
    reports.set(d.period, {
      period: d.period,
      position: d.position,
      digest: d.digest,
      files: d.files,
      publishedAt: e.recordedAt,
    });
  };
  const sub = o.store.live$.subscribe(note);
  const scanned = (async () => {
    for await (const page of o.store.readPages()) for (const e of page) note(e);
  })();

  return {
    async overview() {
      return overviewAnswer(await live()).journeys;
    },
    async journey(journeyId, cut) {
      if (!cut) return journeyOf(await live(), journeyId);
      await o.runtime.ready;
      const replayed = await replayJourney(o.store, journeyId, cut, {
        indicatorIds: o.runtime.indicatorsOf(journeyId),
      });
      return journeyOf({ states: replayed.states, referenceDay: dayOf(cut.asOf), asOf: cut.asOf, at: null }, journeyId);
    },
    async indicator(indicatorId) {
      const ctx = await live();
      const a = indicatorAnswer(ctx, indicatorId);
      return a && { ...a, chart: withPoints(ctx.states, a.progress) };
    },
    async decisions(filter) {
      const ctx = await live();
      const all = decisionsAnswer(ctx, {
        ...(filter.decidedBy ? { decidedBy: filter.decidedBy } : {}),
        ...(filter.from ? { fromMs: Date.parse(`${filter.from}T00:00:00Z`) } : {}),
        ...(filter.to ? { toMs: Date.parse(`${filter.to}T23:59:59.999Z`) } : {}),
      }).decisions;
      return filter.journeyId ? all.filter((d) => d.journeyId === filter.journeyId) : all;
    },
    async accountabilities(filter) {
      return accountabilitiesAnswer(await live(), filter).accountabilities;
    },
    async reports() {
      await scanned;
      return [...reports.values()].sort((a, b) => (a.period < b.period ? 1 : -1));
    },
    async reportFile(period, name) {
      await scanned;
      const listed = reports.get(period)?.files.find((f) => f.name === name);
      if (!listed || !/^[A-Za-z0-9._-]{1,128}$/.test(name) || !/^[0-9A-Za-z-]{4,16}$/.test(period)) return null;
      for (const path of [join(reportsDir, period, name), join(reportsDir, name)]) {
        const bytes = await readFile(path).catch(() => null);
        if (bytes && createHash('sha256').update(bytes).digest('hex') === listed.sha256) return bytes.toString('utf8');
      }
      return null;
    },
    close() {
      sub.unsubscribe();
    },
  };
}
