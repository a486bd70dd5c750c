import { nextTurn, type Clock, type IdGenerator } from '../clock.js';
import { descriptorOfCommand, type Actor, type CommandType, type NewEvent, type StoredEvent } from '../events/index.js';
import type { DecideContext, Decider } from '../domain/decider.js';
import { conflict } from '../domain/errors.js';
import { ConcurrencyError, DuplicateEventError, type AppendResult, type EventStore } from '../store/port.js';
import { idempotentEventId, requestFingerprint } from './ids.js';
import { appendAll, knownReferences, toNewEvents } from './store-io.js';
import { appendedOf, StreamCache, type Appended, type Loaded } from './stream-cache.js';

/**
 * The command handler for one kind of stream, generic over its decider: read the stream → decide → append with
 * the revision it read as the expected revision.
 *
 * Commands for one stream queue up; each turn takes every waiting command, decides them one after another on
 * the state the previous ones leave, and appends all their events in ONE append (one commit: concurrent
 * requests on a busy journey share an fsync instead of waiting for one each). A command whose rule is broken
 * is refused alone; the others go ahead. If another process appended in between, the store refuses the
 * expected revision and the commands are decided again on what it wrote (unless the caller sent If-Match:
 * then 409).
 */
export interface HandleOptions {
  /** The stream revision the caller last saw: the write is refused (409) when the stream has moved on. */
  ifMatch?: number;
  /** The event ids are derived from (actor, key): a retry finds them stored and returns the first result. */
  idempotencyKey?: string;
  correlationId?: string;
}

export interface HandleResult {
  appended: Appended;
  replayed: boolean;
  events: StoredEvent[];
}

export interface HandlerDeps {
  store: EventStore;
  clock: Clock;
  newId: IdGenerator;
  cacheSize?: number;
}

interface Job<C> {
  actor: Actor;
  command: C;
  options: HandleOptions;
  known: DecideContext['known'];
  resolve(r: HandleResult): void;
  reject(e: unknown): void;
  attempts: number;
  /** Decide and append this one on its own (after a shared append failed, each gets its own answer). */
  solo: boolean;
}

/** Some commands of a batch broke rules: each with the index of its command. Nothing was written. */
export class BatchRefused extends Error {
  override readonly name = 'BatchRefused';
  constructor(readonly failures: { index: number; error: unknown }[]) {
    super(`${failures.length} command(s) refused`);
  }
}

export type ManyOptions = HandleOptions & { dryRun?: boolean; onProgress?: (decided: number) => void };

const RETRIES = 5;
const MAX_BATCH = 500;

export class CommandHandler<S, C extends { type: CommandType }> {
  private readonly cache: StreamCache<S>;
  /** Streams with a turn running, and the commands waiting for the next one. */
  private readonly queues = new Map<string, Job<C>[]>();

  constructor(
    private readonly decider: Decider<S, C>,
    private readonly deps: HandlerDeps,
  ) {
    this.cache = new StreamCache(deps.store, decider, deps.cacheSize);
  }

  async handle(actor: Actor, command: C, options: HandleOptions = {}): Promise<HandleResult> {
    const streamId = this.decider.streamOf(command);
    const known = await knownReferences(this.deps.store, command);
    const keyed = withFingerprint(actor, options, command);
    return new Promise<HandleResult>((resolve, reject) => {
      const job: Job<C> = { actor, command, options: keyed, known, resolve, reject, attempts: 0, solo: false };
      const queue = this.queues.get(streamId);
      if (queue) {
        queue.push(job);
        return;
      }
      this.queues.set(streamId, [job]);
      void this.drain(streamId);
    });
  }

  private async drain(streamId: string): Promise<void> {
    const queue = this.queues.get(streamId) as Job<C>[];
    try {
      while (queue.length > 0) {
        const soloAt = queue.findIndex((j, i) => j.solo && i > 0);
        const batch = (queue[0] as Job<C>).solo
          ? queue.splice(0, 1)
          : queue.splice(0, Math.min(MAX_BATCH, soloAt < 0 ? queue.length : soloAt));
        await this.turn(streamId, batch, queue).catch((e: unknown) => {
          for (const j of batch) j.reject(e);
        });
      }
    } finally {
      this.queues.delete(streamId);
    }
  }

  /** One turn for one stream: read on, decide each command, one append for all that passed. */
  private async turn(streamId: string, jobs: Job<C>[], queue: Job<C>[]): Promise<void> {
    const loaded = await this.cache.load(streamId);
    const now = this.deps.clock.now();
    let state = loaded.state;
    let revision = loaded.revision;
    const events: NewEvent[] = [];
    const parts: { job: Job<C>; count: number }[] = [];
    const later: Job<C>[] = [];
    const firstIds = new Set<string>();
    for (const job of jobs) {
      try {
        const { idempotencyKey, ifMatch } = job.options;
        if (idempotencyKey !== undefined) {
          const firstId = idempotentEventId(job.actor.id, idempotencyKey, 0);
          const stored = loaded.ids.get(firstId);
          if (stored) {
            if (!(await this.sameRequest(stored, job.options.correlationId, [job.command]))) throw keyReused();
            job.resolve({ appended: stored, replayed: true, events: [] });
            continue;
          }
          // The same request twice in one turn: answer the second once the first is stored.
          if (firstIds.has(firstId)) {
            later.push(job);
            continue;
          }
          firstIds.add(firstId);
        }
        if (ifMatch !== undefined && ifMatch !== revision)
          throw new ConcurrencyError(streamId, ifMatch, revision < 0 ? 'no_stream' : revision);
        const decided = this.decider.decide(job.command, state, { now, newId: this.deps.newId, known: job.known });
        const mine = toNewEvents(job.actor, decided, job.options, this.deps.newId);
        state = decided.reduce((s, d) => this.decider.evolve(s, d), state);
        revision += mine.length;
        events.push(...mine);
        parts.push({ job, count: mine.length });
      } catch (e) {
        job.reject(e);
      }
    }
    queue.unshift(...later);
    if (parts.length === 0) return;
    let result: AppendResult;
    try {
      result = await this.deps.store.append(streamId, events, {
        expectedRevision: loaded.revision < 0 ? 'no_stream' : loaded.revision,
      });
    } catch (e) {
      if (parts.length > 1) {
        // Decide each again on its own, on fresh state: each gets its own answer.
        for (const p of parts) p.job.solo = true;
        queue.unshift(...parts.map((p) => p.job));
        return;
      }
      const job = (parts[0] as { job: Job<C> }).job;
      if (e instanceof ConcurrencyError && job.options.ifMatch === undefined && job.attempts < RETRIES) {
        job.attempts += 1; // another process appended in between: decide again on what it wrote
        queue.unshift(job);
        return;
      }
      job.reject(e instanceof DuplicateEventError && job.options.idempotencyKey !== undefined ? keyReused() : e);
      return;
    }
    this.cache.remember(streamId, loaded, result.events);
    let offset = 0;
    for (const { job, count } of parts) {
      const mine = result.events.slice(offset, offset + count);
      offset += count;
      job.resolve({
        appended: appendedOf(mine[mine.length - 1] as StoredEvent),
        replayed: result.replayed,
        events: mine,
      });
    }
  }

  /**
   * Several commands, possibly on several streams of this kind, all or none (CSV import): every command is decided
   * on the state its predecessors left; every broken rule is collected (by the command's index) before anything is
   * written; then one atomic append where the store offers it. A concurrent write to one of the streams makes it
   * start again on fresh state.
   */
  async handleMany(
    actor: Actor,
    commands: C[],
    options: ManyOptions = {},
  ): Promise<{ results: HandleResult[]; replayed: boolean }> {
    const knowns: DecideContext['known'][] = [];
    for (const c of commands) {
      knowns.push(await knownReferences(this.deps.store, c));
      if (knowns.length % 500 === 0) await nextTurn(); // a big import leaves room for other requests
    }
    const keyed = withFingerprint(actor, options, commands);
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.tryMany(actor, commands, knowns, keyed);
      } catch (e) {
        if (e instanceof ConcurrencyError && attempt < RETRIES) continue;
        // The key's first event is stored in another stream than this request's first: another request's key.
        if (e instanceof DuplicateEventError && options.idempotencyKey !== undefined) throw keyReused();
        throw e;
      }
    }
  }

  private async tryMany(
    actor: Actor,
    commands: C[],
    knowns: DecideContext['known'][],
    options: ManyOptions,
  ): Promise<{ results: HandleResult[]; replayed: boolean }> {
    const streams = commands.map((c) => this.decider.streamOf(c));
    const loaded = new Map<string, Loaded<S>>();
    for (const s of streams) if (!loaded.has(s)) loaded.set(s, await this.cache.load(s));
    if (options.idempotencyKey !== undefined && streams[0] !== undefined) {
      const first = loaded
        .get(streams[0])
        ?.ids.get(idempotentEventId(actor.id, batchKey(options.idempotencyKey, 0), 0));
      if (first) {
        if (!(await this.sameRequest(first, options.correlationId, commands))) throw keyReused();
        return { results: [{ appended: first, replayed: true, events: [] }], replayed: true };
      }
    }
    const states = new Map([...loaded].map(([id, l]) => [id, l.state]));
    const pending = new Map<string, NewEvent[]>();
    const failures: { index: number; error: unknown }[] = [];
    const now = this.deps.clock.now();
    for (const [i, c] of commands.entries()) {
      const s = streams[i] as string;
      try {
        const before = states.get(s) as S;
        const decided = this.decider.decide(c, before, { now, newId: this.deps.newId, known: knowns[i] });
        states.set(
          s,
          decided.reduce((st, d) => this.decider.evolve(st, d), before),
        );
        const keyed =
          options.idempotencyKey === undefined
            ? options
            : { ...options, idempotencyKey: batchKey(options.idempotencyKey, i) };
        const list = pending.get(s) ?? [];
        list.push(...toNewEvents(actor, decided, keyed, this.deps.newId));
        pending.set(s, list);
      } catch (error) {
        failures.push({ index: i, error });
      }
      if (i % 500 === 499) {
        options.onProgress?.(i + 1);
        await nextTurn();
      }
    }
    if (failures.length > 0) throw new BatchRefused(failures);
    if (options.dryRun) return { results: [], replayed: false };
    const appends = [...pending].map(([streamId, events]) => {
      const l = loaded.get(streamId) as Loaded<S>;
      return { streamId, events, expectedRevision: l.revision < 0 ? ('no_stream' as const) : l.revision };
    });
    const appendResults = await appendAll(this.deps.store, appends);
    const results = appendResults.map((r) => {
      this.cache.remember(r.streamId, loaded.get(r.streamId) as Loaded<S>, r.events);
      return {
        appended: appendedOf(r.events[r.events.length - 1] as StoredEvent),
        replayed: r.replayed,
        events: r.events,
      };
    });
    return { results, replayed: false };
  }

  /**
   * Whether the request stored under an Idempotency-Key is the one asked for again: its events carry the request's
   * fingerprint; events keyed before fingerprints were kept are compared by their event type.
   */
  private async sameRequest(stored: Appended, fingerprint: string | undefined, commands: C[]): Promise<boolean> {
    for await (const e of this.deps.store.readStream(stored.streamId, { fromRevision: stored.revision })) {
      if (e.id !== stored.eventId) return false;
      if (e.correlationId !== undefined) return e.correlationId === fingerprint;
      return commands.length > 0 && e.type === descriptorOfCommand((commands[0] as C).type).type;
    }
    return false;
  }
}

const keyReused = () =>
  conflict(
    'this Idempotency-Key was already used for a different request (another route or another body): nothing was written; use a new key',
    'Idempotency-Key',
  );

/** With an Idempotency-Key, the events are stamped with the request's fingerprint (ids.ts). */
function withFingerprint<O extends HandleOptions>(actor: Actor, options: O, request: unknown): O {
  if (options.idempotencyKey === undefined || options.correlationId !== undefined) return options;
  return { ...options, correlationId: requestFingerprint(actor.id, options.idempotencyKey, request) };
}

/** Each command of a batch gets its own key, derived from the request's. */
const batchKey = (key: string, index: number): string => `${key}\u0000${index}`;
