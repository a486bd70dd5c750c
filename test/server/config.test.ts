import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/server/config.js';

/** Every environment variable is read once, into one typed object; a bad value names its variable. */
describe('the configuration', () => {
  it('has safe defaults when nothing is set', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '0.0.0.0',
      storeUrl: 'sqlite:./data/ledger.db',
      publicRead: false,
      sessionSecret: undefined,
      secureCookies: false,
      reportsDir: './reports',
      reportScheduler: true,
      logLevel: 'info',
      checkpointsFile: 'reports/checkpoints.jsonl',
      signingKeyFile: undefined,
    });
  });

  it('reads every variable', () => {
    expect(
      loadConfig({
        PORT: '8080',
        HOST: '127.0.0.1',
        LEDGER_STORE: 'sqlite::memory:',
        PUBLIC_READ: 'true',
        SESSION_SECRET: 's3cret',
        COOKIE_SECURE: 'true',
        REPORTS_DIR: '/srv/reports',
        REPORT_SCHEDULER: 'off',
        LOG_LEVEL: 'warn',
        CHECKPOINTS_FILE: '/srv/witness.jsonl',
        LEDGER_SIGNING_KEY: '/etc/ledger/key.pem',
      }),
    ).toEqual({
      port: 8080,
      host: '127.0.0.1',
      storeUrl: 'sqlite::memory:',
      publicRead: true,
      sessionSecret: 's3cret',
      secureCookies: true,
      reportsDir: '/srv/reports',
      reportScheduler: false,
      logLevel: 'warn',
      checkpointsFile: '/srv/witness.jsonl',
      signingKeyFile: '/etc/ledger/key.pem',
    });
  });

  it('refuses a value that is set but not valid, naming every variable at fault', () => {
    expect(() => loadConfig({ PORT: 'eighty', PUBLIC_READ: 'yes' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty', PUBLIC_READ: 'yes' })).toThrow(/PORT: .*PUBLIC_READ: /);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
  });
});
