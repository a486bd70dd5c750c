import { timingSafeEqual } from 'node:crypto';
import { evolveAccess, initialAccessState, type AccessState } from '../domain/access.js';
import { streamIds, type Actor, type LedgerEvent, type Role } from '../events/index.js';
import type { EventStore } from '../store/port.js';
import { hashToken } from './tokens.js';

/**
 * Who a token belongs to (tokens.ts: only their sha-256 is stored, in the `access` stream). The registry folds that stream and, before every check, reads on from the revision it knows (one indexed lookup
 * of the stream's head), so a revocation made by the CLI in another process counts at once. It is not one of the
 * runtime's projections for that reason (docs/decisions.md, "The access roster").
 */
export class AccessRegistry {
  private state: AccessState = initialAccessState();
  private revision = -1;

  constructor(private readonly store: EventStore) {}

  /** Fold whatever the access stream gained since we last looked. */
  async refresh(): Promise<void> {
    const head = await this.store.head(streamIds.access);
    if (!head || head.revision <= this.revision) return;
    for await (const e of this.store.readStream(streamIds.access, { fromRevision: this.revision + 1 })) {
      if (e.revision <= this.revision) continue; // a concurrent refresh folded it already
      this.state = evolveAccess(this.state, e as LedgerEvent);
      this.revision = e.revision;
    }
  }

  /** The actor a token belongs to, or null (unknown or revoked). Compares every hash in constant time. */
  async resolve(token: string): Promise<Actor | null> {
    await this.refresh();
    const presented = Buffer.from(hashToken(token), 'hex');
    let found: Actor | null = null;
    for (const [id, a] of this.state.actors) {
      const same = timingSafeEqual(presented, Buffer.from(a.tokenHash, 'hex'));
      if (same && !a.revoked) found = { id, name: a.name, role: a.role as Role };
    }
    return found;
  }

  /** The actor with this id while it is enrolled and not revoked (a web session's actor, looked up per request). */
  async actorOf(actorId: string): Promise<Actor | null> {
    await this.refresh();
    const a = this.state.actors.get(actorId);
    return a && !a.revoked ? { id: actorId, name: a.name, role: a.role as Role } : null;
  }

  /** Everyone enrolled, for `journey token list` (never the hashes). */
  async list(): Promise<{ actorId: string; name: string; role: string; revoked: boolean }[]> {
    await this.refresh();
    return [...this.state.actors].map(([actorId, a]) => ({ actorId, name: a.name, role: a.role, revoked: a.revoked }));
  }
}
