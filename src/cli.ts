#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { CliError } from './cli/common.js';
import { registerLedgerCommands } from './cli/ledger.js';
import { registerDemo } from './cli/demo.js';
import { registerReport } from './cli/report.js';
import { registerMigrate } from './cli/migrate.js';
import { registerRebuild } from './cli/rebuild.js';
import { registerServe } from './cli/serve.js';
import { registerToken } from './cli/token.js';
import { registerImportMeasurements } from './cli/import-measurements.js';
import { registerVerify } from './cli/verify.js';
import { registerKey, registerSignHead } from './cli/key.js';
import { registerProof } from './cli/proof.js';

/**
 * `journey`: every command registers itself from its own module under src/cli/ (one line each below),
 * so commands stay small and independent.
 */
export function buildProgram(): Command {
  const program = new Command('journey')
    .description('Journey Ledger: an event-sourced change-journey ledger')
    .showHelpAfterError();
  registerLedgerCommands(program);
  registerDemo(program);
  registerReport(program);
  registerMigrate(program);
  registerRebuild(program);
  registerServe(program);
  registerToken(program);
  registerImportMeasurements(program);
  registerVerify(program);
  registerKey(program);
  registerSignHead(program);
  registerProof(program);
  return program;
}

async function main(): Promise<void> {
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`journey: ${message}\n`);
    process.exitCode = e instanceof CliError ? e.exitCode : 1;
  }
}

// Run only as the entry point (also through npx's symlink), so tests can import buildProgram.
const entry = process.argv[1];
if (entry && realpathSync(entry) === fileURLToPath(import.meta.url)) await main();
