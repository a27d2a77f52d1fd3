/**
 * `npm run conformance`: runs every ACTUS test bed (PAM, ANN, LAM, NAM; read from
 * `../shared/conformance/actus/`) through the standard library's ACTUS modules, compiled and run
 * in the sandbox, and prints per-type results, the failing cases with their first differences,
 * and as its last line `ACTUS conformance: P/109 contracts, E/T events`.
 * Does NOT fail the process on failing cases (the test in test/conformance asserts the
 * implemented types); exits 1 only if the harness itself cannot run.
 * @module
 */
import { ACTUS_DIR, ACTUS_TYPES, ActusHarness, type CaseResult, loadCases, summarise, testBedsAvailable } from '../test/conformance/actus-harness.ts';

if (!testBedsAvailable()) {
  console.error(`ACTUS test beds not found at ${ACTUS_DIR} (the workplace's shared/ beside the repository, or set COVENANT_SHARED_DIR)`);
  process.exit(1);
}
const verbose = process.argv.includes('--verbose');
const harness = new ActusHarness();
const all: CaseResult[] = [];
try {
  for (const type of ACTUS_TYPES) {
    const started = Date.now();
    const results = loadCases(type).map((c) => harness.run(c));
    all.push(...results);
    const s = summarise(results);
    console.log(`${type}: ${s.passed}/${s.cases} contracts, ${s.matched}/${s.events} events (${Date.now() - started} ms)`);
    for (const r of results.filter((x) => !x.passed)) {
      const shown = verbose ? r.problems : r.problems.slice(0, 3);
      const more = r.problems.length > shown.length ? ` (+${r.problems.length - shown.length} more)` : '';
      console.log(`  ${r.id}: ${r.matched}/${r.expected} events; ${shown.join('; ')}${more}`);
    }
  }
} finally {
  harness.dispose();
}
const t = summarise(all);
console.log(`ACTUS conformance: ${t.passed}/${t.cases} contracts, ${t.matched}/${t.events} events`);
