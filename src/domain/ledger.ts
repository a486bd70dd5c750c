import type { Clock, IdGenerator } from '../clock.js';
import { eventSchemas, type Actor, type NewEvent, type StoredEvent } from '../events/index.js';
import { ConcurrencyError, DuplicateEventError, type AppendResult, type EventStore } from '../store/port.js';
import type { Command, DecideContext, Decided } from './commands.js';
import { conflict, invalidAll, type RuleBroken } from './errors.js';
import { idempotentEventId, KeyedMutex, subjectIdOf } from './ids.js';
import { decideAny, modelFor, referencesOf, streamOf, type StreamModel } from './streams.js';

/**
 * The command handler (the shell around the pure deciders): read the stream → decide → append with the
 * revision it read as the expected revision. Within this process, one command per stream at a time (so
 * concurrent requests without If-Match do not fail each other); another process writing in between shows up
 * as a ConcurrencyError, and the command is decided again on the fresh state, unless the caller sent If-Match.
 */
export interface HandleOptions {
  /** The stream revision the caller last saw: the write is refused (409) when the stream has moved on. */
  ifMatch?: number;
  /** The event ids are derived from (actor, key): a retry finds them stored and returns the first result. */
  idempotencyKey?: string;
  correlationId?: string;
}

/** What the API answers: the item the event is about, and where the event went. */
export interface Appended { id: string; eventId: string; streamId: string; revision: number; position: string }
export interface HandleResult { appended: Appended; replayed: boolean; events: StoredEvent[] }

export interface LedgerDeps { store: EventStore; clock: Clock; newId: IdGenerator; cacheSize?: number }

interface Loaded { state: unknown; revision: number; ids: Map<string, Appended> }

/** Optional capability of a store (SQLite): several streams in one transaction, all or none. */
export interface AtomicAppender {
  appendMany(appends: { streamId: string; events: NewEvent[]; expectedRevision: number | 'no_stream' | 'any' }[]): AppendResult[] | Promise<AppendResult[]>;
}
export const canAppendMany = (store: EventStore): store is EventStore & AtomicAppender =>
  typeof (store as Partial<AtomicAppender>).appendMany === 'function';

const RETRIES = 5;

export class Ledger {
  private readonly mutex = new KeyedMutex();
  /** Recently used streams' states: events are immutable, so a cached state is a valid prefix to read on from. */
  private readonly cache = new Map<string, Loaded>();

  constructor(private readonly deps: LedgerDeps) {}

  get store(): EventStore { return this.deps.store; }

  async handle(actor: Actor, command: Command, options: HandleOptions = {}): Promise<HandleResult> {
    const { streamId, key } = streamOf(command);
    const known = await this.lookUp(command);
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.mutex.run(streamId, async () => {
          const loaded = await this.load(streamId, modelFor(command));
          if (options.idempotencyKey !== undefined) {
            const first = loaded.ids.get(idempotentEventId(actor.id, options.idempotencyKey, 0));
            if (first) return { appended: first, replayed: true, events: [] };
          }
          if (options.ifMatch !== undefined && options.ifMatch !== loaded.revision) {
            throw new ConcurrencyError(streamId, options.ifMatch, loaded.revision < 0 ? 'no_stream' : loaded.revision);
          }
          const decided = decideAny(command, loaded.state, { now: this.deps.clock.now(), newId: this.deps.newId, known });
          const events = this.toNewEvents(actor, decided, options);
          const result = await this.appendTo(streamId, events, loaded.revision, options);
          this.remember(streamId, key, loaded, modelFor(command), result.events);
          const last = result.events[result.events.length - 1] as StoredEvent;
          return { appended: appendedOf(last, key), replayed: result.replayed, events: result.events };
        });
      } catch (e) {
        // Another process appended between our read and our write: decide again on what it wrote.
        if (e instanceof ConcurrencyError && options.ifMatch === undefined && attempt < RETRIES) continue;
        throw e;
      }
    }
  }

  /**
   * Several commands, possibly on several streams, all or none (CSV import): every command is decided on the
   * state its predecessors left; every broken rule is collected (by the command's index) before anything is
   * written; then one atomic append where the store offers it.
   */
  async handleMany(actor: Actor, commands: Command[], options: HandleOptions & { dryRun?: boolean; onProgress?: (decided: number) => void } = {}): Promise<{ results: HandleResult[]; replayed: boolean }> {
    const streams = commands.map(streamOf);
    const knowns = await Promise.all(commands.map((c) => this.lookUp(c)));
    return this.mutex.runAll(streams.map((s) => s.streamId), async () => {
      const loaded = new Map<string, Loaded>();
      for (const [i, c] of commands.entries()) {
        const s = streams[i] as { streamId: string };
        if (!loaded.has(s.streamId)) loaded.set(s.streamId, await this.load(s.streamId, modelFor(c)));
      }
      if (options.idempotencyKey !== undefined && streams[0]) {
        const first = loaded.get(streams[0].streamId)?.ids.get(idempotentEventId(actor.id, batchKey(options.idempotencyKey, 0), 0));
        if (first) return { results: [{ appended: first, replayed: true, events: [] }], replayed: true };
      }
      const states = new Map([...loaded].map(([id, l]) => [id, l.state]));
      const pending = new Map<string, NewEvent[]>();
      const failures: { index: number; error: unknown }[] = [];
      commands.forEach((c, i) => {
        const s = (streams[i] as { streamId: string }).streamId;
        try {
          const decided = decideAny(c, states.get(s), { now: this.deps.clock.now(), newId: this.deps.newId, known: knowns[i] });
          const model = modelFor(c);
          states.set(s, decided.reduce((st, d) => model.evolve(st, d), states.get(s)));
          const keyed = options.idempotencyKey === undefined ? options : { ...options, idempotencyKey: batchKey(options.idempotencyKey, i) };
          const list = pending.get(s) ?? [];
          list.push(...this.toNewEvents(actor, decided, keyed));
          pending.set(s, list);
        } catch (error) {
          failures.push({ index: i, error });
        }
        if (i % 500 === 499) options.onProgress?.(i + 1);
      });
      if (failures.length > 0) throw new BatchRefused(failures);
      if (options.dryRun) return { results: [], replayed: false };
      const appends = [...pending].map(([streamId, events]) => {
        const l = loaded.get(streamId) as Loaded;
        return { streamId, events, expectedRevision: l.revision < 0 ? ('no_stream' as const) : l.revision };
      });
      const appendResults = canAppendMany(this.deps.store)
        ? await this.deps.store.appendMany(appends)
        // Without a multi-stream transaction (EventStoreDB), each stream is still all-or-nothing on its own.
        : await sequential(appends.map((a) => () => this.deps.store.append(a.streamId, a.events, { expectedRevision: a.expectedRevision })));
      const results = appendResults.map((r) => {
        const c = commands.find((_, j) => streams[j]?.streamId === r.streamId) as Command;
        const key = streamOf(c).key;
        this.remember(r.streamId, key, loaded.get(r.streamId) as Loaded, modelFor(c), r.events);
        return { appended: appendedOf(r.events[r.events.length - 1] as StoredEvent, key), replayed: r.replayed, events: r.events };
      });
      return { results, replayed: false };
    });
  }

  private toNewEvents(actor: Actor, decided: Decided[], options: HandleOptions): NewEvent[] {
    const problems: RuleBroken[] = [];
    const events = decided.map((d, i): NewEvent => {
      // A last guard: whatever a decider returns must be a valid event of the catalogue.
      const parsed = eventSchemas[d.type].safeParse(d.data);
      if (!parsed.success) for (const issue of parsed.error.issues) problems.push({ path: issue.path.join('.'), message: issue.message });
      const id = options.idempotencyKey !== undefined ? idempotentEventId(actor.id, options.idempotencyKey, i) : this.deps.newId();
      return {
        id, type: d.type, data: d.data, actor,
        ...(options.correlationId !== undefined ? { correlationId: options.correlationId } : {}),
      } as NewEvent;
    });
    if (problems.length > 0) throw invalidAll(problems);
    return events;
  }

  private async appendTo(streamId: string, events: NewEvent[], revision: number, options: HandleOptions): Promise<AppendResult> {
    try {
      return await this.deps.store.append(streamId, events, { expectedRevision: revision < 0 ? 'no_stream' : revision });
    } catch (e) {
      if (e instanceof DuplicateEventError && options.idempotencyKey !== undefined) {
        throw conflict('this Idempotency-Key was already used for a different request: use a new key', 'Idempotency-Key');
      }
      throw e;
    }
  }

  /** Read the stream on from what is cached (usually nothing new): the state, its revision and its event ids. */
  private async load(streamId: string, model: StreamModel): Promise<Loaded> {
    const cached = this.cache.get(streamId);
    const loaded: Loaded = cached ? { state: cached.state, revision: cached.revision, ids: cached.ids } : { state: model.initial(), revision: -1, ids: new Map() };
    const key = streamId.slice(streamId.indexOf('-') + 1);
    const fresh: StoredEvent[] = [];
    for await (const e of this.deps.store.readStream(streamId, { fromRevision: loaded.revision + 1 })) fresh.push(e);
    return fresh.length === 0 ? loaded : this.remember(streamId, key, loaded, model, fresh);
  }

  private remember(streamId: string, key: string, from: Loaded, model: StreamModel, events: StoredEvent[]): Loaded {
    let { state, revision } = from;
    const ids = from.ids;
    for (const e of events) {
      if (e.revision <= revision) continue;
      state = model.evolve(state, e as Decided);
      revision = e.revision;
      ids.set(e.id, appendedOf(e, key));
    }
    const next = { state, revision, ids };
    this.cache.delete(streamId);
    this.cache.set(streamId, next);
    if (this.cache.size > (this.deps.cacheSize ?? 256)) this.cache.delete(this.cache.keys().next().value as string);
    return next;
  }

  /** Whether the indicators and journeys a command refers to exist (a stream exists once it is defined/charted). */
  private async lookUp(command: Command): Promise<DecideContext['known']> {
    const refs = referencesOf(command);
    const exists = async (streamId: string) => (await this.deps.store.head(streamId)) !== null;
    const indicators = new Set<string>();
    const journeys = new Set<string>();
    for (const id of refs.indicators) if (await exists(`indicator-${id}`)) indicators.add(id);
    for (const id of refs.journeys) if (await exists(`journey-${id}`)) journeys.add(id);
    return { indicators, journeys };
  }
}

/** Some commands of a batch broke rules: each with the index of its command. Nothing was written. */
export class BatchRefused extends Error {
  override readonly name = 'BatchRefused';
  constructor(readonly failures: { index: number; error: unknown }[]) {
    super(`${failures.length} command(s) refused`);
  }
}

/** Each command of a batch gets its own key, derived from the request's. */
const batchKey = (key: string, index: number): string => `${key}\u0000${index}`;

const appendedOf = (e: StoredEvent, streamKey: string): Appended => ({
  id: subjectIdOf(e.data, streamKey), eventId: e.id, streamId: e.streamId, revision: e.revision, position: e.position,
});

async function sequential<T>(tasks: (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = [];
  for (const t of tasks) out.push(await t());
  return out;
}
