import type { KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256Hex } from '../events/index.js';
import { checkTreeHeadSignature, keyIdOf } from '../store/merkle/signing.js';
import { verifyConsistency } from '../store/merkle/verify-proofs.js';
import type { EventStore } from '../store/port.js';
import { eventRef, isSigned } from '../store/tree-verifier.js';
import { verifyLedger, type LedgerClaim } from '../store/verify.js';
import { buildReport, ReportCutError, type ReportTreeHead } from './model.js';
import { isSafeFileName, publishedReport, ReportPeriodError } from './publish.js';
import { renderReport } from './render.js';

export interface FileCheck {
  name: string;
  published: string;
  rendered: string | null;
  /** The file's sha-256 on disk; null when it is missing; undefined when files were not looked at. */
  onDisk: string | null | undefined;
  ok: boolean;
}

/** One check of a published report: passed, failed, or not made (`ok: null`, saying why). */
export interface ReportCheck {
  ok: boolean | null;
  what: string;
}

export interface VerifyReportResult {
  ok: boolean;
  period: string;
  /** The report's cut: the first treeSize events in ledger order. */
  treeSize: number;
  treeHead: ReportTreeHead;
  checks: ReportCheck[];
  /** `ok` null: not compared, the chains under it are broken (the digest of stored hashes proves nothing then). */
  digest: { published: string; actual: string; ok: boolean | null };
  files: FileCheck[];
}

export interface VerifyReportOptions {
  /** Where the published files are; each must be there and match (unless skipFiles). */
  dir?: string;
  /** Do not look at the files on disk: the ledger alone is checked (say so where this is used). */
  skipFiles?: boolean;
  /** The key the report's tree head must be signed with; without it the signature is not checked. */
  publicKey?: KeyObject;
}

/**
 * `journey report verify` (docs/decisions.md, "Reports survive a migration"): the published report is checked against
 * the ledger it was made from, named by its tree size, so it verifies in any store the ledger was migrated to.
 *
 * 1. The tree head's signature, with the given public key.
 * 2. Every chain among the first treeSize events, and the Merkle root recomputed from them equal to the report's
 *    head, as the heads of the previous report and of every TreeHeadSigned among them; the digest of the cut equal to
 *    the one recorded. An insider who edits any event of the cut and recomputes every hash, the stored tree and the
 *    digest still changes the recomputed root, which the signature pins: the first event after the last head that
 *    still matches is named.
 * 3. Its consistency with the previous report's head, with a consistency proof from the store's tree.
 * 4. The report rendered again from the same cut gives each file's recorded sha-256, and each file on disk matches
 *    (a missing file fails, unless skipFiles).
 */
export async function verifyReport(
  store: EventStore,
  period: string,
  options: VerifyReportOptions = {},
): Promise<VerifyReportResult> {
  const published = await publishedReport(store, period);
  if (!published) throw new ReportPeriodError(`no report has been published for ${period}`);
  const { record, event } = published;
  const head = record.treeHead as ReportTreeHead | undefined;
  if (!head)
    throw new ReportPeriodError(
      `the report for ${period} carries no tree head (it was published by an older version): its cut cannot be placed in ledger order`,
    );
  const checks: ReportCheck[] = [];
  checks.push(signatureCheck(head, options.publicKey));

  const own: LedgerClaim = {
    head,
    where: `the report for ${period}`,
    carrier: eventRef(event.ordinal, event),
    digest: record.digest,
  };
  const ledger = await verifyLedger(store, {
    upTo: head.treeSize,
    claims: [own],
    ...(options.publicKey ? { publicKey: options.publicKey } : {}),
  });
  const b = ledger.firstBroken;
  checks.push(
    b
      ? {
          ok: false,
          what: `the ledger up to entry ${head.treeSize}: stream ${b.streamId} revision ${b.revision} position ${b.position}: ${b.reason}`,
        }
      : {
          ok: true,
          what: `the ledger up to entry ${head.treeSize}: every chain intact, the Merkle root recomputed from the events is the report's (${head.rootHash}), and ${others(ledger.heads.total - 1)} among them match`,
        },
  );
  checks.push(await consistencyCheck(store, period, head, ledger.events === head.treeSize));

  let rendered = new Map<string, string>();
  let actualDigest = ledger.digest;
  try {
    const model = await buildReport(store, period, head.treeSize);
    actualDigest = model.digest;
    rendered = new Map(renderReport({ ...model, treeHead: head }).map((f) => [f.name, f.sha256]));
  } catch (e) {
    if (!(e instanceof ReportCutError)) throw e;
    checks.push({ ok: false, what: `rendering again: ${e.message}` });
  }
  const files: FileCheck[] = [];
  const dir = options.skipFiles ? undefined : (options.dir ?? '.');
  for (const f of record.files) {
    const onDisk = dir === undefined ? undefined : await sha256Of(dir, f.name);
    const again = rendered.get(f.name) ?? null;
    files.push({
      name: f.name,
      published: f.sha256,
      rendered: again,
      onDisk,
      ok: again === f.sha256 && (onDisk === undefined || onDisk === f.sha256),
    });
  }
  const digest = { published: record.digest, actual: actualDigest, ok: b ? null : record.digest === actualDigest };
  const ok = digest.ok !== false && files.every((f) => f.ok) && checks.every((c) => c.ok !== false);
  return { ok, period, treeSize: head.treeSize, treeHead: head, checks, digest, files };
}

const others = (n: number): string => (n === 1 ? '1 other tree head' : `${n} other tree heads`);

function signatureCheck(head: ReportTreeHead, publicKey: KeyObject | undefined): ReportCheck {
  if (!isSigned(head))
    return { ok: null, what: 'tree head signature: none (the ledger had no signing key when the report was made)' };
  if (!publicKey)
    return {
      ok: null,
      what: `tree head signature: not checked (signed by key ${head.keyId}); give --public-key <pem> to check it`,
    };
  const signed = checkTreeHeadSignature(head, publicKey);
  return signed.ok
    ? { ok: true, what: `tree head signature: signed at ${head.signedAt} by key ${keyIdOf(publicKey)}` }
    : { ok: false, what: `tree head signature: ${signed.reason}` };
}

/** The previous report is the last one published from a shorter cut; the store's tree must prove one extends the other. */
async function consistencyCheck(
  store: EventStore,
  period: string,
  head: ReportTreeHead,
  ledgerReachesCut: boolean,
): Promise<ReportCheck> {
  const previous = await previousReport(store, period, head.treeSize);
  if (!previous) return { ok: null, what: 'consistency with the previous report: there is no earlier report' };
  const what = `consistency with the report for ${previous.period} (${previous.head.treeSize} entries)`;
  if (!ledgerReachesCut) return { ok: false, what: `${what}: the ledger no longer holds ${head.treeSize} entries` };
  if (previous.head.treeSize === 0) return { ok: true, what: `${what}: it was made from an empty ledger` };
  const proof = await store.tree.consistencyProof(previous.head.treeSize, head.treeSize);
  const check = verifyConsistency({ ...proof, fromRoot: previous.head.rootHash, toRoot: head.rootHash });
  return check.ok ? { ok: true, what: `${what}: proved` } : { ok: false, what: `${what}: ${check.reason}` };
}

/** The published report with the largest cut smaller than `treeSize` (other than `period`'s own). */
async function previousReport(
  store: EventStore,
  period: string,
  treeSize: number,
): Promise<{ period: string; head: ReportTreeHead } | null> {
  let best: { period: string; head: ReportTreeHead } | null = null;
  let seen = 0;
  for await (const page of store.readPages({ pageSize: 5000 })) {
    for (const e of page) {
      if (seen >= treeSize) return best;
      seen += 1;
      if (e.type !== 'ReportPublished') continue;
      const d = e.data as { period: string; treeHead?: ReportTreeHead };
      if (d.period === period || !d.treeHead || d.treeHead.treeSize > treeSize) continue;
      if (!best || d.treeHead.treeSize >= best.head.treeSize) best = { period: d.period, head: d.treeHead };
    }
  }
  return best;
}

async function sha256Of(dir: string, name: string): Promise<string | null> {
  if (!isSafeFileName(name)) return null;
  return readFile(join(dir, name)).then(
    (b) => sha256Hex(b),
    () => null,
  );
}
