import type { Command } from 'commander';
import { replayLedger } from '../../projections/replay.js';
import { journeyFacts } from '../../projections/scope-facts.js';
import { accessRosterAt } from '../app/access-registry.js';
import { Ledger } from '../app/ledger.js';
import { issueToken } from '../app/tokens.js';
import { uuidV7, systemClock } from '../clock.js';
import { DomainError } from '../domain/errors.js';
import { accessPolicy } from '../domain/policy.js';
import {
  isInstant,
  isPosition,
  ROLES,
  scopeInWords,
  type JourneyScope,
  type Role,
  type ScopeChange,
} from '../events/index.js';
import type { EventStore } from '../store/port.js';
import { authorised, CliError, group, usingStore, withStoreOption } from './common.js';

const ledgerOf = (store: EventStore): Ledger => new Ledger({ store, clock: systemClock, newId: uuidV7 });

const oneLine = (e: unknown): CliError => new CliError(e instanceof Error ? e.message : String(e));
/** A refusal with every field at fault, on one line. */
const refusal = (e: unknown): CliError =>
  e instanceof DomainError && e.errors.length > 0
    ? new CliError(e.errors.map((r) => r.message).join('; '))
    : oneLine(e);

interface ScopeOptions {
  journeys?: string;
  partner?: string;
  all?: boolean;
}

/** --journeys a,b | --partner "…" (| --all, where a scope is changed): at most one. */
function scopeFrom(opts: ScopeOptions, allowAll: boolean): ScopeChange | undefined {
  const given = [opts.journeys !== undefined, opts.partner !== undefined, opts.all === true].filter(Boolean).length;
  if (given > 1) throw new CliError(`give one of --journeys, --partner${allowAll ? ' or --all' : ''}, not several`);
  if (opts.journeys !== undefined) {
    const journeys = opts.journeys
      .split(',')
      .map((j) => j.trim())
      .filter((j) => j !== '');
    if (journeys.length === 0) throw new CliError('--journeys must name at least one journey, e.g. --journeys a,b');
    return { journeys };
  }
  if (opts.partner !== undefined) {
    if (opts.partner.trim() === '') throw new CliError('--partner must name an organisation');
    return { partner: opts.partner.trim() };
  }
  return opts.all ? { all: true } : undefined;
}

/** For a partner's scope, which journeys it matches now (a partner is matched at each write, so this can change). */
async function matchesNow(store: EventStore, scope: ScopeChange | undefined): Promise<string> {
  if (scope === undefined || !('partner' in scope)) return '';
  const { states } = await replayLedger(store, null);
  const policy = accessPolicy({ publicRead: false, journeys: journeyFacts(() => states) });
  const journeys = policy.recordsOn({ id: '-', name: '-', role: 'contributor', scope }) ?? [];
  return journeys.length === 0
    ? `; ${scope.partner} is the lead or a partner of no journey yet`
    : `; that is now ${journeys.map((j) => j.journeyId).join(', ')}`;
}

/** journey token issue | list | scope | revoke: who may use the ledger, and where a contributor may record. */
export function registerToken(program: Command): void {
  const token = group(program, 'token', 'issue, list, scope and revoke access tokens');

  withStoreOption(
    token.command('issue').description('enrol someone and print their token (shown once, on the last line)'),
  )
    .requiredOption('--name <name>', 'who the token is for')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--journeys <ids>', 'a contributor who records only on these journeys (comma-separated ids)')
    .option(
      '--partner <organisation>',
      'a contributor who records only on the journeys this organisation leads or partners',
    )
    .action(async (opts: { store?: string; name: string; role: string } & ScopeOptions) => {
      if (!(ROLES as readonly string[]).includes(opts.role))
        throw new CliError(`--role must be one of ${ROLES.join(', ')}, not ${JSON.stringify(opts.role)}`);
      if (opts.name.trim() === '') throw new CliError('--name must not be empty');
      const scope = scopeFrom(opts, false) as JourneyScope | undefined;
      const by = authorised({ do: 'write', command: 'EnrollActor' });
      const { issued, matches } = await usingStore(opts, async (store) => ({
        issued: await issueToken(ledgerOf(store), by, opts.name, opts.role as Role, scope),
        matches: await matchesNow(store, scope),
      })).catch((e: unknown) => {
        throw refusal(e);
      });
      const where = scope ? `, recording on ${scopeInWords(scope)}${matches}` : '';
      process.stdout.write(
        `issued a ${opts.role} token for ${opts.name.trim()} (actor ${issued.actorId})${where}; it is shown only this once:\n${issued.token}\n`,
      );
    });

  withStoreOption(
    token
      .command('list')
      .description('everyone enrolled, with role, scope and whether access was revoked (never the tokens)'),
  )
    .option('--as-of <instant>', 'the roster as it stood at this instant (ISO 8601 UTC), e.g. 2026-03-01T00:00:00Z')
    .option('--at <position>', 'the roster as it stood at this ledger position')
    .action(async (opts: { store?: string; asOf?: string; at?: string }) => {
      if (opts.asOf !== undefined && opts.at !== undefined) throw new CliError('give --as-of or --at, not both');
      if (opts.asOf !== undefined && !isInstant(opts.asOf))
        throw new CliError(
          `--as-of must be an ISO 8601 UTC instant, e.g. 2026-03-01T00:00:00Z, not ${JSON.stringify(opts.asOf)}`,
        );
      if (opts.at !== undefined && !isPosition(opts.at))
        throw new CliError(`--at must be a ledger position (a whole number), not ${JSON.stringify(opts.at)}`);
      const cut = opts.asOf !== undefined ? { asOf: opts.asOf } : opts.at !== undefined ? { at: opts.at } : null;
      const actors = await usingStore(opts, (store) => accessRosterAt(store, cut));
      if (actors.length === 0) {
        process.stdout.write(
          cut === null
            ? 'no tokens issued yet: journey token issue --name <name> --role <role>\n'
            : 'no tokens had been issued by then\n',
        );
        return;
      }
      const header = ['actorId', 'name', 'role', 'status', 'records on'];
      const rows = actors.map((a) => [
        a.actorId,
        a.name,
        a.role,
        a.revoked ? 'revoked' : 'active',
        a.role === 'contributor' ? scopeInWords(a.scope ?? undefined) : '-',
      ]);
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
      const line = (r: string[]) =>
        r
          .map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i] as number) : c))
          .join('  ')
          .trimEnd();
      process.stdout.write(`${[line(header), ...rows.map(line)].join('\n')}\n`);
    });

  withStoreOption(
    token
      .command('scope')
      .description(
        'change where a contributor may record; a running server applies it at once (recorded in the ledger)',
      ),
  )
    .argument('<actorId>', 'the actor, as shown by journey token list')
    .option('--journeys <ids>', 'only these journeys (comma-separated ids)')
    .option('--partner <organisation>', 'only the journeys this organisation leads or partners')
    .option('--all', 'every journey again')
    .requiredOption('--reason <reason>', 'why (recorded in the ledger)')
    .action(async (actorId: string, opts: { store?: string; reason: string } & ScopeOptions) => {
      const scope = scopeFrom(opts, true);
      if (scope === undefined)
        throw new CliError('give the new scope: --journeys <ids>, --partner <organisation> or --all');
      const by = authorised({ do: 'write', command: 'ChangeAccessScope' });
      const matches = await usingStore(opts, async (store) => {
        await ledgerOf(store).handle(by, { type: 'ChangeAccessScope', actorId, scope, reason: opts.reason });
        return matchesNow(store, scope);
      }).catch((e: unknown) => {
        throw refusal(e);
      });
      process.stdout.write(`${actorId} now records on ${scopeInWords(scope)}${matches}\n`);
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
