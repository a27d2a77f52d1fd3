/**
 * `@covenant/std/actus/nam`: ACTUS NAM (negative amortizer), per the ACTUS Technical
 * Specification §7.4: a fixed total payment (PRNXT) on each redemption date, of which the
 * interest due is paid first and the rest redeems principal (so principal may grow when interest
 * exceeds the payment); maturity is derived from the payment plan when not given.
 * @module
 */
import { type ActusEvent, type ActusObservation, type ActusTerms, loanEvents } from '@covenant/std/actus/common';

/** The NAM event schedule, evaluated: each event with its payoff and the state after it. */
export function namEvents(terms: ActusTerms, observed: ActusObservation[]): ActusEvent[] {
  require(terms.contractType == 'NAM', 'not a NAM contract: ' + terms.contractType);
  return loanEvents(terms, observed);
}
