import type { Observable } from 'rxjs';
import type { EventRecord, NewEvent, StoredEvent } from '../events/envelope.js';
import type { CheckpointArchive } from './checkpoint-archive.js';
import type { LedgerTree } from './merkle/ledger-tree.js';

/** `n` (the stream's current last revision), `no_stream` (must not exist yet) or `any`. */
export type ExpectedRevision = number | 'no_stream' | 'any';

export interface AppendOptions {
  expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  streamId: string;
  /** Revision of the last event appended (the stream's new head). */
  revision: number;
  /** Position of the last event appended, as a decimal string. */
  position: string;
  events: StoredEvent[];
  /** True when every event id was already stored at that place: an idempotent retry, nothing written. */
  replayed: boolean;
}

export interface ReadAllOptions {
  /** Only events with position > after (exclusive), as a decimal string. */
  after?: string;
  /** Only events with position <= to (inclusive). */
  to?: string;
  pageSize?: number;
  /** A long read: the store may read pages ahead on another thread while the caller folds (SQLite files do). */
  ahead?: boolean;
}

export interface ReadStreamOptions {
  /** First revision to read (inclusive). */
  fromRevision?: number;
  /** Only events with position <= to. */
  to?: string;
  /** Only events recorded at or before this instant (an asOf cut); the store may filter before parsing. */
  recordedBy?: string;
}

/** The exact asOf test every store applies: recordedAt <= the cut, compared as instants, not as text. */
export const recordedWithin = (recordedBy: string): ((recordedAt: string) => boolean) => {
  const limit = Date.parse(recordedBy);
  return (recordedAt) => Date.parse(recordedAt) <= limit;
};

export interface StreamHead {
  revision: number;
  hash: string;
  position: string;
}

/**
 * The one port every store implements. Every event read (readStream, readAll, readPages, live$, an append's result)
 * carries its ordinal, its place in ledger order (docs/decisions.md, "Ordinals and entry numbers"). Reads are async
 * iterables in position order; appends are
 * all-or-nothing per call; `live$` emits every event appended after subscription (by this process or,
 * after `tail()`, by another process sharing the store), in position order.
 */
export interface EventStore {
  readonly kind: 'sqlite' | 'eventstoredb';
  /** Where it lives, for logs and errors (never includes credentials). */
  readonly description: string;
  /** True when positions are 1, 2, 3… with no gaps, so verify can also catch a removed last event. */
  readonly densePositions: boolean;
  append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult>;
  /**
   * Admin restore and migration: stores events exactly as given (ids, times, actor, revisions, hashes) in the
   * order given, all or nothing; positions (and ordinals) are the store's own. Refuses an event whose revision or prevHash
   * does not continue its stream's chain. Events already present (same id at the same place) are skipped.
   */
  restore(events: readonly EventRecord[]): Promise<{ written: number; skipped: number }>;
  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<StoredEvent>;
  readAll(options?: ReadAllOptions): AsyncIterable<StoredEvent>;
  /** The same as readAll, a page at a time: folding a page is cheaper than an event at a time. */
  readPages(options?: ReadAllOptions): AsyncIterable<StoredEvent[]>;
  /** The head of a stream, or null when it has no events. */
  head(streamId: string): Promise<StreamHead | null>;
  /** Position of the last event in the ledger ('0' when empty). */
  lastPosition(): Promise<string>;
  /**
   * A position no event recorded at or before `instant` lies beyond ('0' when none), found without reading the events:
   * an asOf cut then reads up to it and no further. Stores without an index on the recording time leave it out.
   */
  positionRecordedBy?(instant: string): Promise<string>;
  /**
   * The position of the last event recorded at or before `asOf` ('0' when none), when the events recorded by it are a
   * prefix of the ledger (recordedAt never went backwards along positions); null when they are not. A cut read from a
   * checkpoint needs the prefix (docs/decisions.md, "Checkpoints").
   */
  lastRecordedBy?(asOf: string): Promise<string | null>;
  /** Where projection checkpoints are saved, when the store keeps them in its own file. */
  readonly checkpoints?: CheckpointArchive;
  /** Picks up events appended by other processes and emits them on live$ (a no-op where the store pushes). */
  tail(): Promise<void>;
  /**
   * Optional: a number that changes whenever another connection (another process) has committed since it was last
   * read; this process's own commits never change it (they are on live$). A reader that keeps a stream's state can
   * skip its query while it is unchanged (docs/decisions.md, "What a request reads"). SQLite: PRAGMA data_version.
   */
  externalVersion?(): number;
  readonly live$: Observable<StoredEvent>;
  /**
   * Whether the store can take writes now (for /readyz): throws StoreUnavailableError saying why not (its file
   * removed or replaced, its disk full). Stores without such a check are ready while they answer.
   */
  check?(): Promise<void>;
  /**
   * The Merkle tree over every event in ledger order (docs/decisions.md, "Witnessed ledger"): kept in the file on
   * SQLite, in memory on EventStoreDB. It also tells an event's ordinal from its position (`leafIndexOf`).
   */
  readonly tree: LedgerTree;
  close(): Promise<void>;
}

export class ConcurrencyError extends Error {
  override readonly name = 'ConcurrencyError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${streamId} is at revision ${actual}, expected ${expected}`);
  }
}

/** An event id that is already stored somewhere else than where this append would put it. */
export class DuplicateEventError extends Error {
  override readonly name = 'DuplicateEventError';
  constructor(
    readonly eventId: string,
    readonly streamId: string,
  ) {
    super(`event ${eventId} is already stored in ${streamId}`);
  }
}

/** A restore whose events do not continue their streams' chains. */
export class ChainError extends Error {
  override readonly name = 'ChainError';
  constructor(
    message: string,
    readonly streamId: string,
    readonly revision: number,
  ) {
    super(message);
  }
}

export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

/**
 * An append bigger than the store takes in one piece (EventStoreDB's maximum append size): refused before anything
 * is written. `status` 413 (Content Too Large) is what the API answers: the request asks the ledger to store more at
 * once than it can, a client's matter, and a smaller request succeeds.
 */
export class AppendTooLargeError extends Error {
  override readonly name = 'AppendTooLargeError';
  readonly status = 413;
  constructor(
    message: string,
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(message);
  }
}
