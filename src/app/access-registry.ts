import { evolveAccess, initialAccessState, type AccessState, type EnrolledActor } from '../domain/access.js';
import type { Principal } from '../domain/policy.js';
import {
  comparePositions,
  streamIds,
  type JourneyScope,
  type LedgerEvent,
  type Role,
  type StoredEvent,
} from '../events/index.js';
import { recordedWithin, type EventStore, type ReadStreamOptions } from '../store/port.js';
import { hashToken } from './tokens.js';
import { StreamWatch } from './stream-watch.js';

/**
 * Who a token belongs to (tokens.ts: only their sha-256 is stored, in the `access` stream), with its role and
 * scope. The registry folds that stream and, before every check, makes sure it holds the stream's head: this
 * process's own access events are seen as they commit, another process's through the store's externalVersion, and
 * when either says the stream may have moved (or the store cannot tell) it reads on from the revision it knows. So a
 * revocation or a scope change made by the CLI in another process counts at the next request. It is not one of the
 * runtime's projections for that reason (docs/decisions.md, "The access roster", "What a request reads").
 */
export class AccessRegistry {
  private state: AccessState = initialAccessState();
  private revision = -1;
  /** The store's externalVersion when the stream was last read. */
  private version: number | null = null;
  /** Enrolled, unrevoked actors by their token's sha-256 (hex), rebuilt whenever the state changes. */
  private byHash = new Map<string, Principal>();
  private readonly watch: StreamWatch;

  constructor(private readonly store: EventStore) {
    this.watch = new StreamWatch(store, (streamId) => streamId === streamIds.access);
  }

  /** Fold whatever the access stream gained since we last looked. */
  async refresh(): Promise<void> {
    if (this.watch.unchanged(streamIds.access, this.revision, this.version)) return;
    const version = this.watch.version();
    const head = await this.store.head(streamIds.access);
    if (head && head.revision > this.revision) {
      for await (const e of this.store.readStream(streamIds.access, { fromRevision: this.revision + 1 })) {
        if (e.revision <= this.revision) continue; // a concurrent refresh folded it already
        this.state = evolveAccess(this.state, e as LedgerEvent);
        this.revision = e.revision;
      }
      this.byHash = new Map(
        [...this.state.actors]
          .filter(([, a]) => !a.revoked)
          .map(([id, a]) => [a.tokenHash.toLowerCase(), principalOf(id, a)]),
      );
    }
    this.version = version;
  }

  /**
   * The actor a token belongs to, with its scope, or null (unknown or revoked): looked up by the token's sha-256. What
   * a lookup's timing could tell is about the hash of what was sent, which a guesser cannot steer towards a stored one,
   * not about any token (docs/decisions.md, "Bearer tokens are looked up by their SHA-256").
   */
  async resolve(token: string): Promise<Principal | null> {
    await this.refresh();
    return this.byHash.get(hashToken(token)) ?? null;
  }

  /** The actor with this id, with its scope, while it is enrolled and not revoked (a web session's, per request). */
  async actorOf(actorId: string): Promise<Principal | null> {
    await this.refresh();
    const a = this.state.actors.get(actorId);
    return !a || a.revoked ? null : principalOf(actorId, a);
  }
}

/** Frozen: one principal serves every request of its token until the access stream moves. */
const principalOf = (id: string, a: EnrolledActor): Principal =>
  Object.freeze({ id, name: a.name, role: a.role as Role, ...(a.scope ? { scope: a.scope } : {}) });

/** One line of the access roster: never the token's hash. `since`: when its current scope was set. */
export interface RosterEntry {
  actorId: string;
  name: string;
  role: string;
  revoked: boolean;
  scope: JourneyScope | null;
  since: string | null;
}

/**
 * The access roster as it stood at a cut (events recorded by `asOf`, or up to position `at`), or now: the access
 * stream replayed to the cut, so who could write where at any past instant can be read back (scrutineers, admins).
 */
export async function accessRosterAt(
  store: EventStore,
  cut: { asOf: string } | { at: string } | null,
): Promise<RosterEntry[]> {
  const options: ReadStreamOptions = cut === null ? {} : 'asOf' in cut ? { recordedBy: cut.asOf } : { to: cut.at };
  let state = initialAccessState();
  const since = new Map<string, string>();
  const recorded = cut !== null && 'asOf' in cut ? recordedWithin(cut.asOf) : () => true;
  const inside = (e: StoredEvent) =>
    recorded(e.recordedAt) && (cut === null || !('at' in cut) || comparePositions(e.position, cut.at) <= 0);
  for await (const e of store.readStream(streamIds.access, options)) {
    if (!inside(e)) continue;
    state = evolveAccess(state, e as LedgerEvent);
    if (e.type === 'ActorEnrolled' || e.type === 'AccessScopeChanged')
      since.set((e.data as { actorId: string }).actorId, e.recordedAt);
  }
  return [...state.actors].map(([actorId, a]) => ({
    actorId,
    name: a.name,
    role: a.role,
    revoked: a.revoked,
    scope: a.scope ?? null,
    since: since.get(actorId) ?? null,
  }));
}
