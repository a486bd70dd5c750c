import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/**
 * Issue 9 §4: `npm audit --omit=dev --audit-level=high` finds no high or critical advisory in production
 * dependencies. The one test of the suite that leaves loopback: it asks the npm registry's audit endpoint.
 * We keep it in the suite (not only in .ci/run) so "the suite passes" includes it wherever the registry answers;
 * where the registry cannot give an audit report (offline, or a mirror without the audit endpoint) the test is
 * skipped and prints why — never a silent pass. Set NPM_AUDIT=off to skip it on purpose.
 */
interface AuditReport {
  metadata?: { vulnerabilities?: Record<string, number> };
  vulnerabilities?: Record<string, { severity: string; via: unknown[] }>;
}

function audit(): Promise<{ report?: AuditReport; problem?: string }> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['audit', '--omit=dev', '--audit-level=high', '--json'],
      { timeout: 45_000, maxBuffer: 32 * 1024 * 1024 },
      (err, stdout) => {
        try {
          const json = JSON.parse(String(stdout)) as AuditReport & { message?: string; error?: { summary?: string } };
          if (json.metadata?.vulnerabilities) {
            resolve({ report: json });
            return;
          }
          resolve({ problem: json.message ?? json.error?.summary ?? 'npm audit gave no report' });
        } catch {
          resolve({ problem: err ? `npm audit failed: ${err.message.split('\n')[0]}` : 'npm audit printed no JSON' });
        }
      },
    );
  });
}

describe('production dependencies', () => {
  it('have no high or critical advisory (npm audit --omit=dev)', async (ctx) => {
    if (process.env.NPM_AUDIT === 'off') {
      console.warn('SKIPPED npm audit: NPM_AUDIT=off');
      ctx.skip();
      return;
    }
    const { report, problem } = await audit();
    if (!report) {
      console.warn(
        `SKIPPED npm audit: the registry gave no audit report (${problem}); run \`npm audit --omit=dev --audit-level=high\` where the registry is reachable`,
      );
      ctx.skip();
      return;
    }
    const high = Object.entries(report.vulnerabilities ?? {}).filter(
      ([, v]) => v.severity === 'high' || v.severity === 'critical',
    );
    expect(high.map(([name, v]) => `${name} (${v.severity})`)).toEqual([]);
  }, 60_000);
});
