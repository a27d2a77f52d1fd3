/**
 * `@covenant/std/actus/pam`: ACTUS PAM (principal at maturity), per the ACTUS Technical
 * Specification §7.1: the notional is exchanged at IED and repaid at MD; interest is paid (IP) or
 * capitalised (IPCI, up to the capitalisation end date) on its cycle; the rate is reset (RR) from
 * observed market data or fixed (RRF); purchase (PRD) and termination (TD) cut the lifetime.
 * The machinery is shared with the amortising loans (`@covenant/std/actus/common`).
 * @module
 */
import { type ActusEvent, type ActusObservation, type ActusTerms, loanEvents } from '@covenant/std/actus/common';

/**
 * The PAM event schedule, evaluated: each event with its payoff and the state after it.
 * `terms.contractType` must be `PAM`.
 */
export function pamEvents(terms: ActusTerms, observed: ActusObservation[]): ActusEvent[] {
  require(terms.contractType == 'PAM', 'not a PAM contract: ' + terms.contractType);
  return loanEvents(terms, observed);
}
