import type { Clock, IdGenerator } from '../clock.js';
import { streamIds, type Actor, type EventData, type StoredEvent } from '../events/index.js';
import type { HeadSigner } from '../store/merkle/signer.js';
import type { SignedTreeHead } from '../store/merkle/tree-head.js';
import type { EventStore } from '../store/port.js';

/** Who signs tree heads when the server does it by itself. */
export const HEAD_SIGNER_ACTOR: Actor = { id: 'ledger-signer', name: 'Ledger tree head signer', role: 'system' };

export interface SignHeadOptions {
  signer: HeadSigner;
  clock: Clock;
  newId: IdGenerator;
  actor: Actor;
}

/**
 * Sign the ledger's current tree head and record it: a line of the witness file (the signer keeps it there first),
 * then a TreeHeadSigned event in the `ledger` stream. The head is the ledger's as it stood before that event (if
 * another writer appends in between, the head is of fewer events than precede the event: it still covers exactly
 * the first treeSize events). See docs/decisions.md, "Witnessed ledger".
 */
export async function signLedgerHead(
  store: EventStore,
  o: SignHeadOptions,
): Promise<{ head: SignedTreeHead; event: StoredEvent }> {
  const head = o.signer.sign(await store.tree.treeHead(), o.clock.now().toISOString());
  const result = await store.append(
    streamIds.ledger,
    [{ id: o.newId(), type: 'TreeHeadSigned', data: head, actor: o.actor }],
    { expectedRevision: 'any' },
  );
  return { head, event: result.events[0] as StoredEvent };
}

/**
 * The server's signing: at start and then every `intervalMs` (a day by default) while it runs, unless nothing was
 * appended since the last head this ledger signed (its last event is that TreeHeadSigned), so a restart loop does
 * not grow the ledger. Failures are logged and retried at the next tick: signing never stops the server.
 */
export function headSigning(
  store: EventStore,
  o: SignHeadOptions & {
    intervalMs?: number;
    log?: (message: string) => void;
    /** Injected timers (tests); the global ones by default. */
    timers?: { setInterval: (f: () => void, ms: number) => unknown; clearInterval: (h: unknown) => void };
  },
) {
  let running: Promise<void> | null = null;
  const once = async (): Promise<void> => {
    const last = await lastLedgerHead(store);
    const { treeSize } = await store.tree.treeHead();
    if (last && last.event.ordinal === treeSize - 1 && last.head.treeSize === treeSize - 1) return;
    const { head } = await signLedgerHead(store, o);
    o.log?.(`signed the tree head of ${head.treeSize} events (root ${head.rootHash}, key ${head.keyId})`);
  };
  const tick = () => {
    running ??= once()
      .catch((e: unknown) => o.log?.(`tree head signing failed: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timers = o.timers ?? {
    setInterval: (f: () => void, ms: number) => setInterval(f, ms).unref(),
    clearInterval: (h: unknown) => clearInterval(h as NodeJS.Timeout),
  };
  let timer: unknown = null;
  return {
    /** Sign now (and then every interval); resolves once the first head is signed or its failure logged. */
    start(): Promise<void> {
      timer ??= timers.setInterval(() => void tick(), o.intervalMs ?? 24 * 3_600_000);
      return tick();
    },
    async stop(): Promise<void> {
      if (timer !== null) timers.clearInterval(timer);
      timer = null;
      await running;
    },
  };
}

/** The last TreeHeadSigned of the `ledger` stream, or null. */
async function lastLedgerHead(
  store: EventStore,
): Promise<{ head: EventData<'TreeHeadSigned'>; event: StoredEvent } | null> {
  const h = await store.head(streamIds.ledger);
  if (!h) return null;
  for await (const e of store.readStream(streamIds.ledger, { fromRevision: h.revision }))
    if (e.type === 'TreeHeadSigned') return { head: e.data as EventData<'TreeHeadSigned'>, event: e };
  return null;
}

/**
 * Every signed tree head the ledger holds, in order of size: TreeHeadSigned events and published reports' heads
 * (`reports`, from the published-reports projection). Unsigned report heads are left out.
 */
export async function signedHeads(
  store: EventStore,
  reports: readonly { treeHead: EventData<'ReportPublished'>['treeHead'] }[],
): Promise<SignedTreeHead[]> {
  const heads: SignedTreeHead[] = [];
  for await (const e of store.readStream(streamIds.ledger))
    if (e.type === 'TreeHeadSigned') heads.push(e.data as EventData<'TreeHeadSigned'>);
  for (const r of reports) if ('signature' in r.treeHead) heads.push(r.treeHead);
  return heads.sort((a, b) => a.treeSize - b.treeSize || (a.signedAt < b.signedAt ? -1 : 1));
}
