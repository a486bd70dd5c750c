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

  it("pins the EventStoreDB image to a release in the vendor's registry (never latest)", () => {
    // Since 24.10 the images are published at docker.eventstore.com (the vendor's installation docs and samples).
    for (const yml of [compose, cluster]) {
      const images = [...yml.matchAll(/image: (\S+eventstore\S*)/g)].map((m) => m[1]);
      expect(images.length).toBeGreaterThan(0);
      for (const image of images)
        expect(image).toMatch(/^docker\.eventstore\.com\/eventstore\/eventstoredb-ee:\d+\.\d+/);
    }
  });

  it('lists every cluster node in the cluster URL at the address it advertises to clients', () => {
    const parsed = parseConnectionString(storeOf(cluster));
    const seeds = cluster.match(/EVENTSTORE_GOSSIP_SEED/g) ?? [];
    expect(seeds).toHaveLength(3);
    // Each node advertises 127.0.0.1 and its published port, so a client on this machine is never sent to a
    // container IP it cannot reach.
    expect(cluster).toMatch(/EVENTSTORE_ADVERTISE_HOST_TO_CLIENT_AS: "127\.0\.0\.1"/);
    const advertised = [...cluster.matchAll(/EVENTSTORE_ADVERTISE_NODE_PORT_TO_CLIENT_AS: "(\d+)"/g)].map((m) =>
      Number(m[1]),
    );
    const published = [...cluster.matchAll(/ports: \["127\.0\.0\.1:(\d+):2113"\]/g)].map((m) => Number(m[1]));
    expect(advertised).toEqual(published);
    expect(parsed.hosts).toEqual(published.map((port) => ({ address: '127.0.0.1', port })));
    expect(cluster).toMatch(/network_mode: host/); // the app reaches the advertised addresses too
  });

  it('serves on port 3000 everywhere: Dockerfile, both compose files, the health check', () => {
    expect(dockerfile).toMatch(/EXPOSE 3000/);
    expect(dockerfile).toMatch(/\/healthz/);
    expect(dockerfile).toMatch(/^USER node$/m);
    for (const yml of [compose, cluster]) expect(yml).toContain('command: ["serve", "--port", "3000"]');
    expect(compose).toContain('"3000:3000"');
    expect(cluster).toContain('PORT: "3000"'); // host networking: the app's own port is this machine's
  });
});
