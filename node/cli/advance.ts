/**
 * `covenant advance <duration> [--url URL] [--json]`: devnet time travel. Moves the node's proposer
 * clock forward (`devnet_advance_time`), so scheduled triggers — coupons, payment dates, quarterly
 * statements — fall due and run in the next blocks. Durations: `30d`, `12h`, `90m`, `45s`, `2w`.
 *
 * It does NOT work on a chain that is not a devnet (the node refuses with NODE_ERR_UNAVAILABLE),
 * and time never moves back.
 * @module
 */
import { type Io, UsageError, URL_OPTIONS, parseOptions, printJson, reportFailure } from './format.ts';
import { withClient } from './session.ts';

const USAGE = 'usage: covenant advance <duration: 30d | 12h | 90m | 45s | 2w> [--url URL] [--json]';
const UNIT_MS: Readonly<Record<string, bigint>> = { w: 604_800_000n, d: 86_400_000n, h: 3_600_000n, m: 60_000n, s: 1_000n };

/** `30d` → milliseconds, or `undefined`. */
export function parseDuration(text: string): bigint | undefined {
  const m = /^([1-9][0-9]{0,9})([wdhms])$/.exec(text);
  return m === null ? undefined : BigInt(m[1] as string) * (UNIT_MS[m[2] as string] as bigint);
}

/** `covenant advance …`; returns the exit status. */
export async function advanceCommand(argv: readonly string[], io: Io): Promise<number> {
  let json = argv.includes('--json');
  try {
    const { values, positionals } = parseOptions(argv, URL_OPTIONS, USAGE);
    json = values.json === true;
    if (values.help === true) {
      io.out(`${USAGE}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError('advance needs one duration', USAGE);
    const ms = parseDuration(positionals[0] as string);
    if (ms === undefined) throw new UsageError(`${JSON.stringify(positionals[0])} is not a duration`, USAGE);
    return await withClient(values.url, io, async (client) => {
      const time = await client.advanceTime(ms);
      const iso = new Date(Number(time)).toISOString();
      if (json) printJson(io, { ok: true, time: time.toString(), iso });
      else io.out(`the devnet clock is now ${iso}; triggers due by then run in the next blocks\n`);
      return 0;
    });
  } catch (e) {
    return reportFailure(io, 'advance', e, json);
  }
}
