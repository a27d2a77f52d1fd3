/**
 * Child process of the NET-04 test: opens the chain store in `argv[2]`, resumes from its head and
 * commits blocks forever (each with transactions, receipts with events, 200 state writes all set
 * to the block height, and the real state root in the header), printing `ack <height>` after each
 * `saveBlock` resolves. The parent kills it with SIGKILL at a random moment.
 */
import { openChainStore } from '../../../node/store/index.ts';
import { calls, makeBlock, okReceipt, put } from './fixtures.ts';

const KEYS = 200;
const store = await openChainStore(process.argv[2] as string);
for (;;) {
  const height = store.head === undefined ? 0n : store.head.height + 1n;
  const txs = calls(height * 2n, 2);
  const receipts = txs.map((tx) => okReceipt(tx, [{ name: 'Tick', data: String(height) }]));
  const diff = [put('s/height', String(height)), ...Array.from({ length: KEYS }, (_, i) => put(`m/k/${String(i).padStart(3, '0')}`, String(height)))];
  const { block, head } = makeBlock(store.head, txs, receipts, await store.stateRoot(diff));
  await store.saveBlock(height, block, receipts, diff, head);
  process.stdout.write(`ack ${height}\n`);
}
