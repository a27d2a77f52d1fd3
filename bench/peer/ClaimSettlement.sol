// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

/// Bench-only EVM peer of bench/peer/claim-settlement.contract.ts (docs/performance.md): quota-share
/// claim settlement. Money is in cents (uint256), lines and the cession in units of 0.0001.
/// The ceded share is min(gross loss, per-risk limit) × cession, rounded half-even to the cent,
/// split over the panel by line (largest remainder, ties to the lowest index); each reinsurer's share
/// moves from its settlement cash account to the cedent's, one event per payment and one per claim.
contract ClaimSettlement {
    event RecoveryPaid(string claimId, address reinsurer, uint256 amount);
    event ClaimSettled(string claimId, uint256 grossLoss, uint256 ceded, uint256 retained);

    struct Claim {
        bool settled;
        uint248 ceded;
    }

    uint256 private constant LINE_UNIT = 10_000;

    address public immutable cedent;
    uint256 public immutable cession;
    uint256 public immutable perRiskLimit;
    address[] public reinsurers;
    uint256[] public lines;
    mapping(address => uint256) public cash;
    mapping(string => Claim) public claims;
    uint256 public recovered;

    constructor(address cedent_, address[] memory reinsurers_, uint256[] memory lines_, uint256 perRiskLimit_) {
        require(reinsurers_.length > 0 && reinsurers_.length == lines_.length, "one line per reinsurer");
        uint256 sum = 0;
        for (uint256 i = 0; i < lines_.length; i++) {
            require(lines_[i] > 0, "every line must be positive");
            sum += lines_[i];
        }
        require(sum <= LINE_UNIT, "the lines add up to more than 100 %");
        cedent = cedent_;
        reinsurers = reinsurers_;
        lines = lines_;
        cession = sum;
        perRiskLimit = perRiskLimit_;
    }

    /// The cedent (acting as custodian here) books cash received for `party`.
    function deposit(address party, uint256 amount) external {
        require(msg.sender == cedent, "only the cedent books deposits");
        require(amount > 0, "a deposit must be positive");
        cash[party] += amount;
    }

    /// Settles a paid claim: books it, computes the ceded share and moves each reinsurer's part.
    function settleClaim(string calldata claimId, uint256 grossLoss) external returns (uint256) {
        require(msg.sender == cedent, "only the cedent settles claims");
        require(!claims[claimId].settled, "claim already settled");
        require(grossLoss > 0, "a claim must be positive");
        uint256 base = grossLoss < perRiskLimit ? grossLoss : perRiskLimit;
        uint256 ceded = mulHalfEven(base, cession, LINE_UNIT);
        uint256[] memory parts = allocate(ceded, lines);
        for (uint256 i = 0; i < parts.length; i++) {
            address r = reinsurers[i];
            uint256 have = cash[r];
            require(have >= parts[i], "insufficient funds");
            cash[r] = have - parts[i];
            emit RecoveryPaid(claimId, r, parts[i]);
        }
        cash[cedent] += ceded;
        claims[claimId] = Claim(true, uint248(ceded));
        recovered += ceded;
        emit ClaimSettled(claimId, grossLoss, ceded, grossLoss - ceded);
        return ceded;
    }

    /// x × r ÷ scale, rounded half to even.
    function mulHalfEven(uint256 x, uint256 r, uint256 scale) internal pure returns (uint256) {
        uint256 p = x * r;
        uint256 q = p / scale;
        uint256 rem = p % scale;
        if (rem * 2 > scale || (rem * 2 == scale && q % 2 == 1)) q += 1;
        return q;
    }

    /// Largest-remainder split of `total` by `weights`: parts sum to `total`, ties to the lowest index.
    function allocate(uint256 total, uint256[] memory weights) internal pure returns (uint256[] memory parts) {
        uint256 n = weights.length;
        uint256 sum = 0;
        for (uint256 i = 0; i < n; i++) sum += weights[i];
        require(sum > 0, "allocate: all weights are zero");
        parts = new uint256[](n);
        uint256[] memory rems = new uint256[](n);
        uint256 assigned = 0;
        for (uint256 i = 0; i < n; i++) {
            uint256 num = total * weights[i];
            parts[i] = num / sum;
            rems[i] = num % sum;
            assigned += parts[i];
        }
        uint256 left = total - assigned;
        bool[] memory given = new bool[](n);
        while (left > 0) {
            uint256 best = n;
            for (uint256 i = 0; i < n; i++) {
                if (!given[i] && (best == n || rems[i] > rems[best])) best = i;
            }
            given[best] = true;
            parts[best] += 1;
            left -= 1;
        }
    }
}
