import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../src/cli.js';

let dir: string;
let out: string[];
const run = (...args: string[]) =>
  buildProgram()
    .exitOverride()
    .parseAsync(['node', 'journey', ...args]);
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jl-cli-'));
  out = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('journey demo && journey report', () => {
  it('seeds the demo, writes, publishes once and verifies a report; verify fails after a file is changed', async () => {
    const store = `sqlite:${join(dir, 'ledger.db')}`;
    const reports = join(dir, 'reports');
    await run('demo', '--store', store, '--now', '2026-11-25');
    await run('report', '2025-Q4', '--store', store, '--out', reports, '--publish');
    await run('report', '2025-Q4', '--store', store, '--out', reports, '--publish');
    await run('report', 'verify', '2025-Q4', '--store', store, '--dir', reports);
    const text = out.join('');
    expect(text).toMatch(/demo city seeded: \d+ events written/);
    expect(text).toMatch(
      /published 2025-Q4, made from the first \d+ entries \(position \d+\), tree head root [0-9a-f]{64} unsigned \(no LEDGER_SIGNING_KEY\), digest [0-9a-f]{64}/,
    );
    expect(text).toMatch(/already published, made from the first \d+ entries; nothing changed/);
    expect(text).toMatch(/the report for 2025-Q4 verifies/);
    const html = join(reports, 'report-2025-Q4.html');
    await writeFile(html, (await readFile(html, 'utf8')).replace('</body>', '<p>added later</p></body>'));
    await expect(run('report', 'verify', '2025-Q4', '--store', store, '--dir', reports)).rejects.toThrow(
      /does not verify/,
    );
    expect(out.join('')).toMatch(/BAD report-2025-Q4\.html: re-rendered identically, FILE DIFFERS/);
  });
});
