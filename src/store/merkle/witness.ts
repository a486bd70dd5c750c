import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { canonicalJson } from '../../events/canonical.js';
import { SignedTreeHeadSchema } from '../../events/index.js';
import type { SignedTreeHead } from './tree-head.js';

/**
 * The witness file (CHECKPOINTS_FILE): one signed tree head per line, as canonical JSON, appended and never
 * rewritten, so an operator can copy it anywhere and check the ledger against it later.
 */

export class WitnessFileError extends Error {
  override readonly name = 'WitnessFileError';
}

/** Every line must be a signed tree head; the first bad line is named. A final newline is allowed, blank lines not. */
export function parseWitness(text: string, source: string): SignedTreeHead[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line, i) => {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new WitnessFileError(`${source} line ${i + 1} is not JSON`);
    }
    const parsed = SignedTreeHeadSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
      throw new WitnessFileError(
        `${source} line ${i + 1} is not a signed tree head: ${where}${issue?.message ?? 'invalid'}`,
      );
    }
    return parsed.data;
  });
}

export function readWitnessFile(file: string): SignedTreeHead[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new WitnessFileError(`cannot read the witness file ${file}: ${(e as Error).message}`);
  }
  return parseWitness(text, file);
}

/** Append one head as a line and fsync, so an acknowledged head survives a crash. */
export function appendToWitness(file: string, head: SignedTreeHead): void {
  const line = canonicalJson(SignedTreeHeadSchema.parse(head)) + '\n';
  mkdirSync(dirname(file), { recursive: true });
  const fd = openSync(file, 'a', 0o644);
  try {
    writeSync(fd, line);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
