import type { Actor } from '../src/events/envelope.js';

/**
 * Every stored event carries its own parsed copy of its actor; a million-event state would keep a million equal
 * objects. Projections keep one shared, frozen object per distinct actor instead (equal by value, so folding
 * stays deterministic). The cache only grows with the number of distinct actors.
 */
const actors = new Map<string, Actor>();

export function internActor(a: Actor): Actor {
  const known = actors.get(a.id);
  if (known !== undefined && known.name === a.name && known.role === a.role) return known;
  const shared = Object.freeze({ id: a.id, name: a.name, role: a.role });
  if (known === undefined || actors.size < 100_000) actors.set(a.id, shared);
  return shared;
}
