/**
 * `Db`: the node's one handle on its LevelDB database (`level`, which is `classic-level` on
 * Node.js), with byte keys and byte values, and every write durable before it is acknowledged:
 * each `put` and `batch` is issued with `{ sync: true }` (NET-04).
 *
 * It does NOT know the key layout (see `keys.ts`), decode values, cache anything, or serialise
 * concurrent writers (the chain store does).
 * @module
 */
import { Level } from 'level';

/** One operation of an atomic {@link Db.batch}. */
export type DbOperation =
  | { readonly type: 'put'; readonly key: Uint8Array; readonly value: Uint8Array }
  | { readonly type: 'del'; readonly key: Uint8Array };

/** A point-in-time read view of the database (LevelDB snapshot); close it when done. */
export type DbSnapshot = ReturnType<Level<Buffer, Buffer>['snapshot']>;

/** A key range `[gte, lt)`; `lt` absent means to the end of the database. */
export interface DbRange {
  readonly gte: Uint8Array;
  readonly lt?: Uint8Array | undefined;
}

/**
 * Every write goes through LevelDB with `sync: true`. The classic-level README (`db.put`,
 * `db.batch`, option `sync`): "Normally, LevelDB passes the data to the operating system for
 * writing and returns immediately. In contrast, a synchronous write will use fsync() or
 * equivalent, so the write will not complete until the data is actually on disk." Without it a
 * block acknowledged to a client could vanish in a power cut even though a killed process loses
 * nothing; with it the acknowledgement means the block is on disk.
 */
const WRITE_OPTIONS = { sync: true } as const;

/** The database handle. Open with {@link Db.open}; {@link Db.close} once. */
export class Db {
  readonly #level: Level<Buffer, Buffer>;

  private constructor(level: Level<Buffer, Buffer>) {
    this.#level = level;
  }

  /**
   * Opens (creating if missing) the database in directory `location`.
   * @example const db = await Db.open(join(dataDir, 'chain'));
   */
  static async open(location: string): Promise<Db> {
    const level = new Level<Buffer, Buffer>(location, { keyEncoding: 'buffer', valueEncoding: 'buffer' });
    await level.open({ createIfMissing: true });
    return new Db(level);
  }

  /** The directory of the database. */
  get location(): string {
    return this.#level.location;
  }

  /** Whether the handle is open. */
  get isOpen(): boolean {
    return this.#level.status === 'open';
  }

  /** Closes the database; pending reads finish first. Idempotent. */
  async close(): Promise<void> {
    await this.#level.close();
  }

  /** The value of `key`, or `undefined` if it is missing. */
  async get(key: Uint8Array): Promise<Buffer | undefined> {
    return (await this.#level.get(Buffer.from(key.buffer, key.byteOffset, key.length))) ?? undefined;
  }

  /**
   * The value of `key` read synchronously (classic-level's `getSync`, a blocking LevelDB read on
   * the calling thread), from `snapshot` when given; `undefined` if missing. For the runtime's
   * synchronous `StateView`.
   */
  getSync(key: Uint8Array, snapshot?: DbSnapshot): Buffer | undefined {
    const k = Buffer.from(key.buffer, key.byteOffset, key.length);
    return (snapshot === undefined ? this.#level.getSync(k) : this.#level.getSync(k, { snapshot })) ?? undefined;
  }

  /** Writes one key durably (`sync: true`). */
  async put(key: Uint8Array, value: Uint8Array): Promise<void> {
    await this.#level.put(Buffer.from(key.buffer, key.byteOffset, key.length), Buffer.from(value.buffer, value.byteOffset, value.length), WRITE_OPTIONS);
  }

  /**
   * Applies `operations` atomically and durably: LevelDB writes a batch as one log record, so after
   * a crash either all of it or none of it is visible, and `sync: true` makes the promise resolve
   * only once that record is on disk.
   */
  async batch(operations: readonly DbOperation[]): Promise<void> {
    await this.#level.batch(
      operations.map((op) =>
        op.type === 'put'
          ? { type: 'put' as const, key: Buffer.from(op.key.buffer, op.key.byteOffset, op.key.length), value: Buffer.from(op.value.buffer, op.value.byteOffset, op.value.length) }
          : { type: 'del' as const, key: Buffer.from(op.key.buffer, op.key.byteOffset, op.key.length) },
      ),
      WRITE_OPTIONS,
    );
  }

  /** Entries of `range` in key order, read from `snapshot` when given. */
  async *entries(range: DbRange, snapshot?: DbSnapshot): AsyncGenerator<readonly [Buffer, Buffer]> {
    const options = {
      gte: Buffer.from(range.gte),
      ...(range.lt === undefined ? {} : { lt: Buffer.from(range.lt) }),
      ...(snapshot === undefined ? {} : { snapshot }),
    };
    for await (const [k, v] of this.#level.iterator(options)) yield [k, v] as const;
  }

  /** A snapshot of the database as of now (classic-level explicit snapshots). */
  snapshot(): DbSnapshot {
    return this.#level.snapshot();
  }
}
