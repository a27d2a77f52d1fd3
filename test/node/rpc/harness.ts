/**
 * Starts an RPC server over a fresh fake node for one test and tears both down afterwards (every
 * client connected through it is closed), collecting the server's log lines.
 */
import { afterEach, vi } from 'vitest';
import { type RpcLimits, type RpcServer, startRpcServer } from '../../../node/rpc/index.ts';
import { type TestClient, connect } from './client.ts';
import { type FakeApi, createFakeApi } from './fake-api.ts';

export interface Harness {
  readonly api: FakeApi;
  readonly server: RpcServer;
  readonly log: string[];
  client(options?: { autoPong?: boolean }): Promise<TestClient>;
}

// Every test here finishes in milliseconds; a broken limit should fail fast, not after a minute.
vi.setConfig({ testTimeout: 10_000 });

const open: { server: RpcServer; clients: TestClient[] }[] = [];

afterEach(async () => {
  for (const h of open.splice(0)) {
    await Promise.all(h.clients.map((c) => c.close()));
    await h.server.close();
  }
});

export async function startHarness(limits: Partial<RpcLimits> = {}): Promise<Harness> {
  const api = createFakeApi();
  const log: string[] = [];
  const server = await startRpcServer({ api, port: 0, limits, log: (line) => log.push(line) });
  const clients: TestClient[] = [];
  open.push({ server, clients });
  return {
    api, server, log,
    async client(options) {
      const c = await connect(server.url, options);
      clients.push(c);
      return c;
    },
  };
}
