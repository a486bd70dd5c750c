import type { IdGenerator } from '../clock.js';
import {
  descriptorOfCommand,
  eventSchemas,
  referencesOf,
  streamIds,
  type Actor,
  type CommandType,
  type NewEvent,
} from '../events/index.js';
import type { DecideContext, Decided } from '../domain/decider.js';
import { invalidAll, type RuleBroken } from '../domain/errors.js';
import type { AppendResult, EventStore } from '../store/port.js';
import { idempotentEventId } from './ids.js';

/** The command handler's dealings with the store around a decision: what it looks up, what it appends. */

/**
 * Whether the indicators and journeys a command refers to exist (a stream exists once it is defined/charted): the
 * decider does no I/O, so the shell looks them up first (the references are the event descriptor's).
 */
export async function knownReferences(
  store: EventStore,
  command: { type: CommandType },
): Promise<DecideContext['known']> {
  const d = descriptorOfCommand(command.type);
  const refs = referencesOf(d.type, command, d);
  const indicators = new Set<string>();
  const journeys = new Set<string>();
  const exists = async (streamId: string) => (await store.head(streamId)) !== null;
  for (const id of refs.indicators) if (await exists(streamIds.indicator(id))) indicators.add(id);
  for (const id of refs.journeys) if (await exists(streamIds.journey(id))) journeys.add(id);
  return { indicators, journeys };
}

/** A decider's events as the store takes them: ids (derived from the Idempotency-Key when there is one), actor. */
export function toNewEvents(
  actor: Actor,
  decided: Decided[],
  options: { idempotencyKey?: string; correlationId?: string },
  newId: IdGenerator,
): NewEvent[] {
  const problems: RuleBroken[] = [];
  const events = decided.map((d, i): NewEvent => {
    // A last guard: whatever a decider returns must be a valid event of the catalogue.
    const parsed = eventSchemas[d.type].safeParse(d.data);
    if (!parsed.success)
      for (const issue of parsed.error.issues) problems.push({ path: issue.path.join('.'), message: issue.message });
    const id = options.idempotencyKey !== undefined ? idempotentEventId(actor.id, options.idempotencyKey, i) : newId();
    return {
      id,
      type: d.type,
      data: d.data,
      // Exactly who, never more: the actor a door resolved may carry its scope, which is not the event's business.
      actor: { id: actor.id, name: actor.name, role: actor.role },
      ...(options.correlationId !== undefined ? { correlationId: options.correlationId } : {}),
    } as NewEvent;
  });
  if (problems.length > 0) throw invalidAll(problems);
  return events;
}

/** Optional capability of a store (SQLite): several streams in one transaction, all or none. */
interface AtomicAppender {
  appendMany(
    appends: { streamId: string; events: NewEvent[]; expectedRevision: number | 'no_stream' | 'any' }[],
  ): AppendResult[] | Promise<AppendResult[]>;
}
const canAppendMany = (store: EventStore): store is EventStore & AtomicAppender =>
  typeof (store as Partial<AtomicAppender>).appendMany === 'function';

/**
 * Several streams' events in one atomic append where the store offers it; without a multi-stream transaction
 * (EventStoreDB) each stream is still all-or-nothing on its own.
 */
export async function appendAll(
  store: EventStore,
  appends: { streamId: string; events: NewEvent[]; expectedRevision: number | 'no_stream' }[],
): Promise<AppendResult[]> {
  if (canAppendMany(store)) return store.appendMany(appends);
  const out: AppendResult[] = [];
  for (const a of appends) out.push(await store.append(a.streamId, a.events, { expectedRevision: a.expectedRevision }));
  return out;
}
