/**
 * `@covenant/std/actus/ann`: ACTUS ANN (annuity), per the ACTUS Technical Specification §7.5:
 * like NAM, but the total payment is the annuity amount (§3.8) that repays the notional by the
 * amortization (or maturity) date, fixed before the first redemption when not given (PRF) and
 * recalculated after each rate reset.
 * @module
 */
import { type ActusEvent, type ActusObservation, type ActusTerms, loanEvents } from '@covenant/std/actus/common';

/** The ANN event schedule, evaluated: each event with its payoff and the state after it. */
export function annEvents(terms: ActusTerms, observed: ActusObservation[]): ActusEvent[] {
  require(terms.contractType == 'ANN', 'not an ANN contract: ' + terms.contractType);
  return loanEvents(terms, observed);
}
