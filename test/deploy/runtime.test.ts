import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// No Docker engine runs here, so the image cannot be built in CI: these checks keep the Dockerfile, package.json,
// CI and the README agreeing on one supported runtime (Node 26 LTS, or 24 LTS), as docs/decisions.md "Runtime" says.
const read = (f: string) => readFileSync(new URL(`../../${f}`, import.meta.url), 'utf8');
const dockerfile = read('Dockerfile');
const readme = read('README.md');
const ci = read('.ci/run');
const nodeScript = read('scripts/node-lts.sh');
const pkg = JSON.parse(read('package.json')) as { engines: { node: string }; scripts: Record<string, string> };

/** Node's LTS lines: even majors. 20 reached end of life on 2026-04-30; 22 is not what we test on. */
const SUPPORTED_MAJORS = [24, 26];

describe('one supported runtime everywhere', () => {
  it('builds and runs the image on a Node LTS base that is still supported', () => {
    const bases = [...dockerfile.matchAll(/^FROM (\S+)(?: AS (\w+))?$/gm)].map((m) => m[1] as string);
    expect(bases).toHaveLength(2);
    for (const base of bases) {
      const m = /^node:(\d+)-bookworm-slim$/.exec(base);
      expect(m, `${base} is an official node:<major>-bookworm-slim image`).not.toBeNull();
      expect(SUPPORTED_MAJORS).toContain(Number(m?.[1]));
    }
    expect(new Set(bases).size).toBe(1);
    expect(readme).toContain(`\`${bases[0]}\``);
  });

  it('declares the supported versions in engines, and CI runs on the newest of them', () => {
    expect(pkg.engines.node).toBe('>=24');
    expect(readme).toMatch(/Node\.js 26 LTS/);
    expect(readme).toMatch(/Node\.js 24 LTS/);
    expect(nodeScript).toMatch(/JOURNEY_NODE_VERSION:-26\.\d+\.\d+/);
    expect(ci).toContain('. scripts/node-lts.sh');
    expect(ci).toMatch(/node --version/);
    expect(ci).toMatch(/v26\.\*/);
  });

  it('builds the image with the steps a developer runs: npm ci, the TypeScript build, production dependencies only', () => {
    const run = [...dockerfile.matchAll(/^RUN ([\s\S]*?)(?<!\\)\n(?!\s)/gm)].map((m) => m[1] as string).join('\n');
    expect(run).toMatch(/npm ci\b/);
    expect(run).toMatch(/npm rebuild better-sqlite3 --build-from-source/);
    expect(run).toMatch(/npx tsc -p tsconfig\.json/);
    expect(pkg.scripts.build).toContain('tsc -p tsconfig.json');
    expect(run).toMatch(/npm prune --omit=dev/);
    // What the runtime stage copies is what `npm start` needs: the compiled code, views and public assets.
    for (const dir of ['dist', 'views', 'public', 'node_modules'])
      expect(dockerfile).toMatch(new RegExp(`COPY .*${dir}`));
    expect(pkg.scripts.start).toBe('node dist/src/cli.js serve');
    expect(dockerfile).toMatch(/ENTRYPOINT \["node", "dist\/src\/cli\.js"\]/);
  });
});
