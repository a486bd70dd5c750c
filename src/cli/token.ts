import type { Command } from 'commander';
import { AccessRegistry } from '../app/access-registry.js';
import { Ledger } from '../app/ledger.js';
import { issueToken } from '../app/tokens.js';
import { uuidV7, systemClock } from '../clock.js';
import { DomainError } from '../domain/errors.js';
import { ROLES, type Role } from '../events/index.js';
import type { EventStore } from '../store/port.js';
import { authorised, CliError, group, usingStore, withStoreOption } from './common.js';

const ledgerOf = (store: EventStore): Ledger => new Ledger({ store, clock: systemClock, newId: uuidV7 });

const oneLine = (e: unknown): CliError => new CliError(e instanceof Error ? e.message : String(e));

/** journey token issue | list | revoke: who may use the ledger. */
export function registerToken(program: Command): void {
  const token = group(program, 'token', 'issue, list and revoke access tokens');

  withStoreOption(
    token.command('issue').description('enrol someone and print their token (shown once, on the last line)'),
  )
    .requiredOption('--name <name>', 'who the token is for')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .action(async (opts: { store?: string; name: string; role: string }) => {
      if (!(ROLES as readonly string[]).includes(opts.role))
        throw new CliError(`--role must be one of ${ROLES.join(', ')}, not ${JSON.stringify(opts.role)}`);
      if (opts.name.trim() === '') throw new CliError('--name must not be empty');
      const by = authorised({ do: 'write', command: 'EnrollActor' });
      const issued = await usingStore(opts, (store) =>
        issueToken(ledgerOf(store), by, opts.name, opts.role as Role),
      ).catch((e: unknown) => {
        throw oneLine(e);
      });
      process.stdout.write(
        `issued a ${opts.role} token for ${opts.name.trim()} (actor ${issued.actorId}); it is shown only this once:\n${issued.token}\n`,
      );
    });

  withStoreOption(
    token.command('list').description('everyone enrolled, with role and whether access was revoked (never the tokens)'),
  ).action(async (opts: { store?: string }) => {
    const actors = await usingStore(opts, (store) => new AccessRegistry(store).list());
    if (actors.length === 0) {
      process.stdout.write('no tokens issued yet: journey token issue --name <name> --role <role>\n');
      return;
    }
    const rows = actors.map((a) => [a.actorId, a.name, a.role, a.revoked ? 'revoked' : 'active']);
    const widths = [0, 1, 2].map((i) =>
      Math.max(...[['actorId', 'name', 'role'][i] as string, ...rows.map((r) => r[i] as string)].map((s) => s.length)),
    );
    const line = (r: string[]) => r.map((c, i) => (i < 3 ? c.padEnd(widths[i] as number) : c)).join('  ');
    process.stdout.write(`${[line(['actorId', 'name', 'role', 'status']), ...rows.map(line)].join('\n')}\n`);
  });

  withStoreOption(
    token.command('revoke').description("revoke an actor's access; a running server refuses the token at once"),
  )
    .argument('<actorId>', 'the actor, as shown by journey token list')
    .option('--reason <reason>', 'why (recorded in the ledger)', 'revoked by an administrator')
    .action(async (actorId: string, opts: { store?: string; reason: string }) => {
      const by = authorised({ do: 'write', command: 'RevokeAccess' });
      await usingStore(opts, (store) =>
        ledgerOf(store).handle(by, {
          type: 'RevokeAccess',
          actorId,
          reason: opts.reason,
        }),
      ).catch((e: unknown) => {
        throw e instanceof DomainError ? new CliError(e.message) : e;
      });
      process.stdout.write(`access of ${actorId} revoked\n`);
    });
}
