import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { verifyLedger } from '../../src/store/verify.js';
import { collect } from '../support/events.js';
import {
  issueToken,
  missingCommands,
  runCli,
  seededRandom,
  startServer,
  tempDir,
  type ServerProcess,
} from '../support/server-process.js';

/**
 * Issue 9 §1: `journey serve` on a SQLite file, concurrent writes over HTTP, SIGKILL at a random moment, restart —
 * ROUNDS times. After every kill: every acknowledged (2xx) event is in the file, positions have no gaps, every
 * chain verifies; the restarted server is ready and takes writes again. At the end the compiled `journey verify`
 * agrees. Each round drives WRITERS concurrent clients for 100–300 ms (seeded PRNG, seed printed).
 */
const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 20);
const WRITERS = 8;
const SEED = Number(process.env.CRASH_SEED ?? 20261125);
const skip = missingCommands('serve', 'token');
if (skip) console.warn(`SKIPPED crash loop: ${skip}`);

interface Ack {
  id: string;
  position: string;
}

describe.skipIf(Boolean(skip))('journey serve, killed with SIGKILL under concurrent writes, restarted', () => {
  const tmp = tempDir('crash-loop');
  const file = join(tmp.dir, 'ledger.db');
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.kill9();
    tmp.remove();
  });

  it(`survives ${ROUNDS} rounds with no acknowledged write lost`, async () => {
    const random = seededRandom(SEED);
    const { token } = await issueToken(file, 'contributor', 'Crash tester');
    const acked: Ack[] = [];
    let attempted = 0;
    let n = 0;
    const post = (url: string, path: string, body: unknown) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    for (let round = 0; round < ROUNDS; round++) {
      server = await startServer({ file });
      const { url } = server;
      if (round === 0) {
        const r = await post(url, '/api/journeys', {
          journeyId: 'crash-j',
          title: 'Crash',
          ambition: 'Nothing lost',
          horizon: '2030-12-31',
          lead: 'Ops',
        });
        expect(r.status, await r.text()).toBe(201);
      }
      let stop = false;
      const writer = async (w: number) => {
        while (!stop) {
          const id = `r${round}-w${w}-${++n}`;
          const [path, body] =
            n % 3 === 0
              ? [
                  '/api/journeys/crash-j/changes',
                  {
                    changeId: id,
                    whatChanged: `Change ${id}`,
                    forWhom: 'families',
                    evidence: ['log'],
                    occurredAt: '2026-10-01',
                  },
                ]
              : ['/api/journeys/crash-j/lessons', { lessonId: id, learned: `Lesson ${id}` }];
          attempted += 1;
          try {
            const r = await post(url, path, body);
            if (r.status === 201) acked.push({ id, position: ((await r.json()) as { position: string }).position });
            else if (r.status < 500) throw new Error(`round ${round}: ${path} answered ${r.status}: ${await r.text()}`);
          } catch (e) {
            if (e instanceof Error && e.message.startsWith('round')) throw e;
            return; // the server is gone: connection refused or reset
          }
        }
      };
      const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
      await new Promise((r) => setTimeout(r, 100 + Math.floor(random() * 200)));
      await server.kill9();
      stop = true;
      await Promise.all(writers);

      // The server is down: read the file as it was left.
      const store = openSqliteStore({ file, checkpointMs: 0 });
      try {
        const verified = await verifyLedger(store);
        expect(verified.ok, `round ${round}: ${JSON.stringify(verified.firstBroken)}`).toBe(true);
        const stored = await collect(store.readStream('journey-crash-j'));
        const ids = new Set(
          stored.map(
            (e) =>
              (e.data as { lessonId?: string; changeId?: string }).lessonId ??
              (e.data as { changeId?: string }).changeId,
          ),
        );
        const lost = acked.filter((a) => !ids.has(a.id));
        expect(lost, `round ${round}: acknowledged but lost`).toEqual([]);
        const positions = new Map(
          stored.map((e) => [
            (e.data as { lessonId?: string; changeId?: string }).lessonId ?? (e.data as { changeId?: string }).changeId,
            e.position,
          ]),
        );
        expect(
          acked.filter((a) => positions.get(a.id) !== a.position),
          `round ${round}: acknowledged at another position`,
        ).toEqual([]);
      } finally {
        await store.close();
      }
    }

    // Serves again after the last kill, and the compiled verify agrees.
    server = await startServer({ file });
    const after = await post(server.url, '/api/journeys/crash-j/lessons', {
      lessonId: 'after-the-last-crash',
      learned: 'Still here',
    });
    expect(after.status).toBe(201);
    await server.stop();
    const verified = await runCli(['verify', '--store', `sqlite:${file}`]);
    expect(verified.code, verified.stderr).toBe(0);
    console.info(
      `crash loop (seed ${SEED}): ${ROUNDS} SIGKILL rounds survived, ${attempted} writes attempted, ${acked.length} acknowledged, 0 lost; ${verified.stdout.trim()}`,
    );
  }, 240_000);
});
