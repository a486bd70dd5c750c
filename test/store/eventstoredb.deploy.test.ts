import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConnectionString } from '@eventstore/db-client/dist/Client/parseConnectionString.js';

// No Docker engine runs here, so the compose files, the Dockerfile and the docs are checked to agree with each
// other: the same connection string, tls matching insecure mode, the same port, a pinned image tag.
const read = (f: string) => readFileSync(new URL(`../../${f}`, import.meta.url), 'utf8');
const compose = read('docker-compose.yml');
const cluster = read('docker-compose.cluster.yml');
const dockerfile = read('Dockerfile');
const docs = read('docs/eventstoredb.md');
const storeOf = (yml: string) => /LEDGER_STORE:\s*"([^"]+)"/.exec(yml)?.[1] ?? '';

describe('docker compose, Dockerfile and docs agree', () => {
  it('points the app at the compose EventStoreDB service, without TLS as the node runs insecure', () => {
    const url = storeOf(compose);
    expect(url).toBe('esdb://eventstore:2113?tls=false');
    const parsed = parseConnectionString(url);
    expect(parsed.hosts).toEqual([{ address: 'eventstore', port: 2113 }]);
    expect(parsed.tls).toBe(false);
    expect(compose).toMatch(/^ {2}eventstore:\n/m);
    expect(compose).toContain('EVENTSTORE_INSECURE: "true"');
    expect(compose).toMatch(/condition: service_healthy/);
    expect(docs).toContain(url);
  });

  it('pins the EventStoreDB image tag (never latest)', () => {
    for (const yml of [compose, cluster]) {
      const images = [...yml.matchAll(/image: eventstore\/eventstore:(\S+)/g)].map((m) => m[1]);
      expect(images.length).toBeGreaterThan(0);
      for (const tag of images) expect(tag).toMatch(/^\d+\.\d+/);
    }
  });

  it('lists every cluster node in the cluster URL, each a service with a gossip seed', () => {
    const parsed = parseConnectionString(storeOf(cluster));
    const ips = [...cluster.matchAll(/ipv4_address: (\S+) \}/g)].map((m) => m[1]);
    expect(parsed.hosts.map((h) => h.address).sort()).toEqual(ips.sort());
    expect(parsed.hosts).toHaveLength(3);
    expect(cluster.match(/EVENTSTORE_GOSSIP_SEED/g)).toHaveLength(3);
  });

  it('serves on port 3000 everywhere: Dockerfile, both compose files, the health check', () => {
    expect(dockerfile).toMatch(/EXPOSE 3000/);
    expect(dockerfile).toMatch(/\/healthz/);
    expect(dockerfile).toMatch(/^USER node$/m);
    for (const yml of [compose, cluster]) {
      expect(yml).toContain('"3000:3000"');
      expect(yml).toContain('command: ["serve", "--port", "3000"]');
    }
  });
});
