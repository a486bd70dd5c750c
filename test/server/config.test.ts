import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/server/config.js';

/** Every environment variable is read once, into one typed object; a bad value names its variable. */
describe('the configuration', () => {
  it('has safe defaults when nothing is set', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      storeUrl: 'sqlite:./data/ledger.db',
      publicRead: false,
      sessionSecret: undefined,
      secureCookies: false,
      reportsDir: './reports',
      reportScheduler: true,
      logLevel: 'info',
      checkpointsFile: 'reports/checkpoints.jsonl',
      signingKeyFile: undefined,
      trustProxy: false,
    });
  });

  it('reads every variable', () => {
    expect(
      loadConfig({
        PORT: '8080',
        HOST: '0.0.0.0',
        LEDGER_STORE: 'sqlite::memory:',
        PUBLIC_READ: 'true',
        SESSION_SECRET: 's3cret',
        COOKIE_SECURE: 'true',
        REPORTS_DIR: '/srv/reports',
        REPORT_SCHEDULER: 'off',
        LOG_LEVEL: 'warn',
        CHECKPOINTS_FILE: '/srv/witness.jsonl',
        LEDGER_SIGNING_KEY: '/etc/ledger/key.pem',
        TRUST_PROXY: '1',
      }),
    ).toEqual({
      port: 8080,
      host: '0.0.0.0',
      storeUrl: 'sqlite::memory:',
      publicRead: true,
      sessionSecret: 's3cret',
      secureCookies: true,
      reportsDir: '/srv/reports',
      reportScheduler: false,
      logLevel: 'warn',
      checkpointsFile: '/srv/witness.jsonl',
      signingKeyFile: '/etc/ledger/key.pem',
      trustProxy: 1,
    });
  });

  it("TRUST_PROXY takes Express's `trust proxy` values: a hop count, loopback and the like, addresses and subnets", () => {
    const trust = (v: string) => loadConfig({ TRUST_PROXY: v }).trustProxy;
    expect(trust('')).toBe(false);
    expect(trust('false')).toBe(false);
    expect(trust('2')).toBe(2);
    expect(trust('loopback')).toEqual(['loopback']);
    expect(trust('loopback, 10.0.0.0/8,fd00::/8, 192.168.1.7')).toEqual([
      'loopback',
      '10.0.0.0/8',
      'fd00::/8',
      '192.168.1.7',
    ]);
    // Trusting every proxy would let any client pick the address its failures are counted against.
    expect(() => trust('true')).toThrow(/TRUST_PROXY: true trusts every proxy/);
    expect(() => trust('10.0.0.0/33')).toThrow(/TRUST_PROXY: "10.0.0.0\/33" is not/);
    expect(() => trust('proxy.example')).toThrow(/TRUST_PROXY/);
  });

  it('refuses a value that is set but not valid, naming every variable at fault', () => {
    expect(() => loadConfig({ PORT: 'eighty', PUBLIC_READ: 'yes' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty', PUBLIC_READ: 'yes' })).toThrow(/PORT: .*PUBLIC_READ: /);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
  });
});
