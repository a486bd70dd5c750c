import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PublishedReport } from '../../projections/published-reports.js';
import { sha256Hex } from '../events/index.js';
import { isSafeFileName } from './publish.js';

/**
 * A published report's files on this server: read from the reports folder (REPORTS_DIR) as `<dir>/<period>/<name>`
 * or `<dir>/<name>`, and served only while their sha-256 still matches the one the ledger recorded at publishing.
 */
export interface ReportFiles {
  /** The file's text, or null when it is not listed, not on this server, or no longer what was published. */
  read(report: PublishedReport, name: string): Promise<string | null>;
}

export function reportFiles(dir: string): ReportFiles {
  return {
    async read(report, name) {
      const listed = report.files.find((f) => f.name === name);
      if (!listed || !isSafeFileName(name) || !/^[0-9A-Za-z-]{4,16}$/.test(report.period)) return null;
      for (const path of [join(dir, report.period, name), join(dir, name)]) {
        const bytes = await readFile(path).catch(() => null);
        if (bytes && sha256Hex(bytes) === listed.sha256) return bytes.toString('utf8');
      }
      return null;
    },
  };
}
