// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

/// Bench-only EVM peer of bench/peer/abs-distribution.contract.ts (docs/performance.md): an ABS
/// monthly distribution over four note classes (A senior … D junior). Money is in cents (uint256),
/// rates in units of 0.000001, the over-collateralisation trigger in units of 0.0001.
/// Priority of payments: revenue (interest collections, plus a reserve draw for fees and class A
/// interest only) pays 1. fees, 2. interest A, B, C, D, 3. the reserve up to its target, the rest to
/// equity; principal collections pay 4. the classes pro rata (largest remainder) while pool ÷ notes
/// (4 decimals, rounded down) ≥ trigger, sequentially A → D once it fails, for good.
/// Every amount rounds half-even to the cent; unpaid fees and interest carry forward.
contract AbsDistribution {
    event ClassPaid(uint256 period, uint256 classIndex, uint256 interest, uint256 principal, uint256 balance);
    event Distributed(uint256 period, uint256 fees, uint256 reserve, uint256 residual, bool sequential);

    uint256 private constant RATE_UNIT = 1_000_000;
    uint256 private constant RATIO_UNIT = 10_000;

    address public immutable servicer;
    uint256 public immutable feeRate;
    uint256 public immutable reserveTarget;
    uint256 public immutable ocTrigger;
    uint256[4] public couponRates;
    uint256[4] public balances;
    uint256[4] public shortfalls;
    uint256 public poolBalance;
    uint256 public reserve;
    uint256 public unpaidFees;
    bool public sequential;
    uint256 public period;
    uint256 public paidToEquity;

    constructor(address servicer_, uint256[4] memory balances_, uint256[4] memory couponRates_, uint256 poolBalance_,
        uint256 feeRate_, uint256 reserveTarget_, uint256 ocTrigger_) {
        servicer = servicer_;
        balances = balances_;
        couponRates = couponRates_;
        poolBalance = poolBalance_;
        feeRate = feeRate_;
        reserveTarget = reserveTarget_;
        reserve = reserveTarget_;
        ocTrigger = ocTrigger_;
    }

    function min(uint256 a, uint256 b) internal pure returns (uint256) {
        return a < b ? a : b;
    }

    /// What one run pays (kept in memory: the EVM stack holds 16 locals at most).
    struct Run {
        uint256 fees;
        uint256 reserve;
        uint256 revenue;
        uint256 funds;
        bool seq;
        uint256[4] interestPaid;
        uint256[4] principalPaid;
    }

    /// The servicer's monthly report; runs the priority of payments over it.
    function distribute(uint256 interest, uint256 principal, uint256 defaults) external returns (uint256) {
        require(msg.sender == servicer, "only the servicer reports collections");
        require(principal + defaults <= poolBalance, "more principal reported than the pool holds");
        uint256 p = period + 1;
        period = p;
        uint256 poolStart = poolBalance;
        uint256 pool = poolStart - principal - defaults;
        poolBalance = pool;
        uint256[4] memory bal = balances;
        Run memory run;
        run.revenue = interest;
        payRevenue(run, poolStart, bal);
        payPrincipal(run, principal, pool, bal);
        for (uint256 i = 0; i < 4; i++) {
            bal[i] -= run.principalPaid[i];
            emit ClassPaid(p, i, run.interestPaid[i], run.principalPaid[i], bal[i]);
        }
        balances = bal;
        uint256 residual = run.revenue + run.funds;
        paidToEquity += residual;
        emit Distributed(p, run.fees, run.reserve, residual, run.seq);
        return residual;
    }

    /// Revenue: reserve draw, 1. fees, 2. interest by seniority, 3. reserve top-up.
    function payRevenue(Run memory run, uint256 poolStart, uint256[4] memory bal) internal {
        uint256 feesDue = unpaidFees + mulHalfEven(poolStart, feeRate, RATE_UNIT);
        uint256[4] memory interestDue;
        for (uint256 i = 0; i < 4; i++) {
            interestDue[i] = shortfalls[i] + mulHalfEven(bal[i], couponRates[i], RATE_UNIT);
        }
        // The reserve covers a shortfall of fees and class A interest only.
        uint256 senior = feesDue + interestDue[0];
        uint256 revenue = run.revenue;
        uint256 res = reserve;
        uint256 draw = senior > revenue ? min(res, senior - revenue) : 0;
        res -= draw;
        revenue += draw;
        // 1. Fees.
        uint256 fees = min(revenue, feesDue);
        unpaidFees = feesDue - fees;
        revenue -= fees;
        // 2. Interest by seniority.
        for (uint256 i = 0; i < 4; i++) {
            uint256 paid = min(revenue, interestDue[i]);
            run.interestPaid[i] = paid;
            shortfalls[i] = interestDue[i] - paid;
            revenue -= paid;
        }
        // 3. Reserve top-up.
        uint256 topUp = reserveTarget > res ? min(revenue, reserveTarget - res) : 0;
        res += topUp;
        revenue -= topUp;
        reserve = res;
        run.fees = fees;
        run.reserve = res;
        run.revenue = revenue;
    }

    /// 4. Principal: pro rata while the over-collateralisation test passes, sequential for good once it fails.
    function payPrincipal(Run memory run, uint256 principal, uint256 pool, uint256[4] memory bal) internal {
        uint256 notes = bal[0] + bal[1] + bal[2] + bal[3];
        bool seq = sequential;
        if (!seq && notes > 0 && (pool * RATIO_UNIT) / notes < ocTrigger) {
            seq = true;
            sequential = true;
        }
        uint256 funds = principal;
        if (seq) {
            for (uint256 i = 0; i < 4; i++) {
                run.principalPaid[i] = min(funds, bal[i]);
                funds -= run.principalPaid[i];
            }
        } else {
            run.principalPaid = payProRata(funds, bal, notes);
            for (uint256 i = 0; i < 4; i++) funds -= run.principalPaid[i];
        }
        run.funds = funds;
        run.seq = seq;
    }

    /// x × r ÷ scale, rounded half to even.
    function mulHalfEven(uint256 x, uint256 r, uint256 scale) internal pure returns (uint256) {
        uint256 prod = x * r;
        uint256 q = prod / scale;
        uint256 rem = prod % scale;
        if (rem * 2 > scale || (rem * 2 == scale && q % 2 == 1)) q += 1;
        return q;
    }

    /// Each due in full if `available` covers their total, else `available` split pro rata to the
    /// dues by largest remainder (ties to the lowest index).
    function payProRata(uint256 available, uint256[4] memory dues, uint256 total) internal pure returns (uint256[4] memory parts) {
        if (available >= total) return dues;
        uint256[4] memory rems;
        uint256 assigned = 0;
        for (uint256 i = 0; i < 4; i++) {
            uint256 num = available * dues[i];
            parts[i] = num / total;
            rems[i] = num % total;
            assigned += parts[i];
        }
        uint256 left = available - assigned;
        bool[4] memory given;
        while (left > 0) {
            uint256 best = 4;
            for (uint256 i = 0; i < 4; i++) {
                if (!given[i] && (best == 4 || rems[i] > rems[best])) best = i;
            }
            given[best] = true;
            parts[best] += 1;
            left -= 1;
        }
    }
}
