/**
 * The node's composition root: configuration → chain (store, runtime, mempool, producer) → RPC
 * server, started in that order and stopped in reverse; and the process wrapper that turns SIGINT
 * and SIGTERM into a graceful stop (the block in progress commits, then everything closes).
 * A kill -9 needs no handler: each block is one fsynced batch, so a restart resumes at the last
 * committed block (NET-04).
 *
 * It does NOT parse command lines (node/cli does) or implement any component.
 * @module
 */
import { checkEnvironment } from '../runtime/index.ts';
import type { NodeConfig } from './config.ts';
import { NodeError } from './errors.ts';
import { CovenantNode, type NodeOptions } from './node.ts';
import { type RpcServer, startRpcServer } from './rpc/index.ts';

/** A started node with its RPC endpoint. */
export interface RunningNode {
  readonly node: CovenantNode;
  readonly rpc: RpcServer;
  /** `ws://host:port` of the RPC endpoint. */
  readonly url: string;
  /** Stops the RPC server, then the node (idempotent). */
  stop(): Promise<void>;
}

/** Opens the chain and serves it; if the RPC port cannot be bound, the chain is closed again. */
export async function startNode(config: NodeConfig, options: NodeOptions = {}): Promise<RunningNode> {
  checkEnvironment();
  const node = await CovenantNode.open(config, options);
  let rpc: RpcServer;
  try {
    rpc = await startRpcServer({ api: node, host: config.rpc.host, port: config.rpc.port, ...(options.log === undefined ? {} : { log: options.log }) });
  } catch (e) {
    await node.close();
    if ((e as { code?: unknown } | undefined)?.code === 'EADDRINUSE') {
      throw new NodeError('NODE_ERR_CONFIG', `port ${config.rpc.port} on ${config.rpc.host} is already in use (another node or devnet?); choose another with --port or rpc.port in config.json`, { cause: e });
    }
    throw e;
  }
  let stopping: Promise<void> | undefined;
  return {
    node,
    rpc,
    url: rpc.url,
    stop() {
      stopping ??= (async () => {
        await rpc.close();
        await node.close();
      })();
      return stopping;
    },
  };
}

/**
 * Runs a node until SIGINT/SIGTERM, then stops it gracefully; a second signal exits at once
 * (safe: commits are atomic). Resolves when the node has stopped.
 */
export async function runNodeProcess(config: NodeConfig, options: NodeOptions & { readonly onStarted?: (running: RunningNode) => void } = {}): Promise<void> {
  const running = await startNode(config, options);
  options.onStarted?.(running);
  let stopped = (): void => {};
  await new Promise<void>((resolve) => {
    let signalled = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (signalled) process.exit(130);
      signalled = true;
      (options.log ?? ((l: string) => process.stderr.write(`${l}\n`)))(`${signal}: stopping after the block in progress…`);
      running.stop().then(resolve, (e: unknown) => {
        process.stderr.write(`error while stopping: ${e instanceof Error ? e.message : String(e)}\n`);
        resolve();
      });
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    stopped = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    };
  });
  stopped();
}
