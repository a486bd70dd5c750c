import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { comparePositions, type StoredEvent } from '../src/events/index.js';
import {
  memoryCheckpointArchive,
  type CheckpointArchive,
  type CheckpointSummary,
} from '../src/store/checkpoint-archive.js';
import type { EventStore } from '../src/store/port.js';
import type { Head } from '../src/store/verify.js';
import type { CityNamesState } from './city-names.js';
import { initialStates, PROJECTION_KEYS, type LedgerProjections, type ProjectionKey } from './index.js';

/**
 * Checkpoints (docs/decisions.md, "Checkpoints"): every projection's state after each `interval`-th event of the
 * ledger, serialized and saved in the store's archive, so a cut read folds at most one interval on top of the nearest
 * checkpoint before it, and a restart folds only what came after the last one. Every projection is saved: none keeps
 * every event's data (docs/decisions.md, "Timelines are read back").
 *
 * A checkpoint is keyed by the reducers' version (a digest of the sources of every reducer and of the events they
 * read) and by the ledger's Merkle root up to it: a changed reducer or a rewritten ledger never gets a stale state.
 */

/** Events between checkpoints, chosen by measurement (docs/decisions.md, "Performance"). */
export const DEFAULT_CHECKPOINT_INTERVAL = 10_000;

export interface Checkpoints {
  readonly archive: CheckpointArchive;
  readonly interval: number;
  readonly version: string;
  readonly store: EventStore;
  /** Checkpoints whose head was checked against the ledger in this process: by position, the head checked. */
  readonly checked: Map<string, string>;
  /** How many change names a saved checkpoint of this process holds (namesPart): the next one saves the rest. */
  namesSaved: number;
}

/**
 * Checkpoints for a store: in its own file when it keeps one (SQLite), in memory otherwise. None without a Merkle
 * tree, which keys them.
 */
export function checkpointsFor(
  store: EventStore,
  options: { interval?: number; version?: string } = {},
): Checkpoints | null {
  if (store.tree === undefined) return null;
  const interval = options.interval ?? DEFAULT_CHECKPOINT_INTERVAL;
  if (!Number.isSafeInteger(interval) || interval < 1) throw new RangeError(`checkpoint interval ${interval}`);
  const version = options.version ?? reducersVersion();
  const archive = store.checkpoints ?? memoryCheckpointArchive();
  archive.discard(version);
  return { archive, interval, version, store, checked: new Map(), namesSaved: 0 };
}

let sourcesDigest: string | null = null;
/**
 * A digest of the reducers' sources (this folder) and of the events' (src/events): the files the build ships, so a
 * deployed change to any reducer, or to how events are read, makes every saved checkpoint another version's.
 */
export function reducersVersion(): string {
  if (sourcesDigest !== null) return sourcesDigest;
  const here = dirname(fileURLToPath(import.meta.url));
  const hash = createHash('sha256').update('checkpoint format 3\n');
  for (const dir of [here, join(here, '..', 'src', 'events')]) {
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
      .sort();
    for (const f of files)
      hash
        .update(f)
        .update('\n')
        .update(readFileSync(join(dir, f)))
        .update('\n');
  }
  sourcesDigest = hash.digest('hex');
  return sourcesDigest;
}

/** True after the event with this ordinal: a checkpoint belongs there. */
export const isBoundary = (cp: Checkpoints, ordinal: number): boolean => (ordinal + 1) % cp.interval === 0;

export type StreamHeads = Map<string, Head>;
/** Saved beside the states: every stream's head, the ledger digest's input (a warm report's). */
const HEADS = 'heads';

/** What capture() took: the bytes to save, and how many change names they hold with the earlier checkpoints'. */
export interface Captured {
  bytes: Map<string, Uint8Array>;
  namesTo: number;
}

/**
 * The city names (city-names.ts) grow with every change reported, and every checkpoint is kept: saved whole, the
 * archive would hold the same words once per checkpoint. So a checkpoint saves the other kinds whole and, of the
 * change names (in the order they were reported), only the part [from, to) not already held by a saved checkpoint of
 * this process; loading walks back through the earlier checkpoints until the parts reach the first change
 * (docs/decisions.md, "Timelines are read back").
 */
interface NamesPart {
  rest: Omit<CityNamesState, 'change'>;
  from: number;
  to: number;
  changes: [string, string][];
}

function namesPart(names: CityNamesState, from: number): NamesPart {
  const { change, ...rest } = names;
  const start = Math.min(from, change.size);
  const changes: [string, string][] = [];
  let i = 0;
  for (const entry of change) if (i++ >= start) changes.push(entry);
  return { rest, from: start, to: change.size, changes };
}

/** The states and heads to save, serialized now (the live ones move on once the caller returns). */
export function capture(cp: Checkpoints, states: LedgerProjections, heads: StreamHeads): Captured {
  const bytes = new Map<string, Uint8Array>();
  for (const key of PROJECTION_KEYS)
    bytes.set(key, serialize(key === 'names' ? namesPart(states.names, cp.namesSaved) : states[key]));
  bytes.set(HEADS, serialize(heads));
  return { bytes, namesTo: states.names.change.size };
}

function partAt(cp: Checkpoints, at: CheckpointSummary): NamesPart {
  const bytes = cp.archive.state(cp.version, at.position, 'names');
  if (bytes === null) throw new Error(`checkpoint at ${at.position} has no names state`);
  return deserialize(bytes) as NamesPart;
}

/** The city names at a checkpoint: its part, and the earlier checkpoints' parts before it. */
function namesAt(cp: Checkpoints, at: CheckpointSummary): CityNamesState {
  const last = partAt(cp, at);
  const parts = [last.changes];
  let need = last.from;
  const earlier = cp.archive.list(cp.version).filter((c) => comparePositions(c.position, at.position) < 0);
  for (let i = earlier.length - 1; i >= 0 && need > 0; i--) {
    const p = partAt(cp, earlier[i] as CheckpointSummary);
    if (p.from >= need || p.to < need) continue;
    parts.push(p.changes.slice(0, need - p.from));
    need = p.from;
  }
  if (need > 0)
    throw new Error(`checkpoint at ${at.position}: no earlier checkpoint holds the first ${need} change names`);
  const change = new Map<string, string>();
  for (let i = parts.length - 1; i >= 0; i--)
    for (const [id, words] of parts[i] as [string, string][]) change.set(id, words);
  return { ...last.rest, change };
}

/** Every stream's head at a checkpoint. */
export function headsAt(cp: Checkpoints, at: CheckpointSummary): StreamHeads {
  const bytes = cp.archive.state(cp.version, at.position, HEADS);
  if (bytes === null) throw new Error(`checkpoint at ${at.position} has no stream heads`);
  return deserialize(bytes) as StreamHeads;
}

const headAt = async (cp: Checkpoints, ordinal: number): Promise<string> =>
  (await (cp.store.tree as NonNullable<EventStore['tree']>).treeHead(ordinal + 1)).rootHash;

/** Saves what capture() took after `event`. */
export async function saveCheckpoint(cp: Checkpoints, event: StoredEvent, captured: Captured) {
  const head = await headAt(cp, event.ordinal);
  const states = captured.bytes;
  cp.archive.save({ position: event.position, ordinal: event.ordinal, version: cp.version, head, states });
  cp.checked.set(event.position, head);
  // Only once saved: a part never starts past what a saved checkpoint holds.
  cp.namesSaved = Math.max(cp.namesSaved, captured.namesTo);
}

/**
 * The last checkpoint at or before `position` whose ledger is still the one it was made from. A checkpoint whose
 * head no longer matches (the file was rewritten or replaced) is dropped, with every later one.
 */
export async function nearestCheckpoint(cp: Checkpoints, position: string): Promise<CheckpointSummary | null> {
  const all = cp.archive.list(cp.version);
  for (let i = all.length - 1; i >= 0; i--) {
    const c = all[i] as CheckpointSummary;
    if (comparePositions(c.position, position) > 0) continue;
    if (cp.checked.get(c.position) === c.head) return c;
    let head: string | null;
    try {
      head = await headAt(cp, c.ordinal);
    } catch {
      head = null; // the tree no longer reaches that far
    }
    if (head === c.head) {
      cp.checked.set(c.position, head);
      return c;
    }
    const before = i > 0 ? (all[i - 1] as CheckpointSummary).position : '0';
    cp.archive.discard(cp.version, before);
    // The dropped checkpoints may have held the latest change names: the next one saves them all again.
    cp.namesSaved = 0;
    for (const p of [...cp.checked.keys()]) if (comparePositions(p, before) > 0) cp.checked.delete(p);
  }
  return null;
}

/** One projection's state at a checkpoint (a fresh copy, the caller's to fold on); the initial state at none. */
export function stateAt<K extends ProjectionKey>(
  cp: Checkpoints,
  at: CheckpointSummary | null,
  key: K,
): LedgerProjections[K] {
  if (at === null) return initialStates()[key];
  if (key === 'names') return namesAt(cp, at) as LedgerProjections[K];
  const bytes = cp.archive.state(cp.version, at.position, key);
  if (bytes === null) throw new Error(`checkpoint at ${at.position} has no ${key} state`);
  return deserialize(bytes) as LedgerProjections[K];
}
