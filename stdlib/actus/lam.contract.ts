/**
 * `@covenant/std/actus/lam`: ACTUS LAM (linear amortizer), per the ACTUS Technical Specification
 * §7.2: the notional is redeemed by a fixed amount (PRNXT) on each principal redemption date (PR),
 * interest is computed on the interest calculation base (the notional, or a base amount reset on
 * its own cycle, IPCB); maturity is derived from the redemption plan when not given.
 * @module
 */
import { type ActusEvent, type ActusObservation, type ActusTerms, loanEvents } from '@covenant/std/actus/common';

/** The LAM event schedule, evaluated: each event with its payoff and the state after it. */
export function lamEvents(terms: ActusTerms, observed: ActusObservation[]): ActusEvent[] {
  require(terms.contractType == 'LAM', 'not a LAM contract: ' + terms.contractType);
  return loanEvents(terms, observed);
}
