// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title Stand-ins for the x402 Permit2 proxies (exact and upto), for the local interop chain only.
/// @notice The deployed x402ExactPermit2Proxy (0x402085c248EeA27D92E8b30b2C58ed07f9E20001) and
/// x402UptoPermit2Proxy (0x4020A4f3b7b90ccA423B9fabCc0CE57C6C240002) are not published on npm, and an
/// address without code would make every Permit2 settlement "succeed" without moving funds (a call to
/// an empty account does not revert). These contracts are an independent implementation of the same
/// external interface (the proxy ABIs exported by the x402 EVM package) and of the on-chain rules
/// listed in docs/protocol/evm.md §4.3/§4.4:
///   - `amount == 0` -> InvalidAmount, `owner == 0` -> InvalidOwner, `to == 0` -> InvalidDestination,
///     `block.timestamp < validAfter` -> PaymentTooEarly;
///   - settleWithPermit: `permit2612.value` must equal `permit.permitted.amount` (Permit2612AmountMismatch);
///     the EIP-2612 `permit` is attempted and a failure is ignored (the Permit2 transfer then decides);
///   - upto: `amount > permitted.amount` -> AmountExceedsPermitted, `msg.sender != witness.facilitator`
///     -> UnauthorizedFacilitator;
///   - the transfer is Permit2 `permitWitnessTransferFrom` with the x402 witness type, paying `witness.to`.
/// They are NOT the audited contracts; they exist so that Permit2 payments settle for real on anvil.
/// No constructor, no immutables, no persistent storage (installed with anvil_setCode); the reentrancy
/// guard is a transient variable.

struct TokenPermissions {
    address token;
    uint256 amount;
}

struct PermitTransferFrom {
    TokenPermissions permitted;
    uint256 nonce;
    uint256 deadline;
}

struct SignatureTransferDetails {
    address to;
    uint256 requestedAmount;
}

struct EIP2612Permit {
    uint256 value;
    uint256 deadline;
    bytes32 r;
    bytes32 s;
    uint8 v;
}

interface IPermit2SignatureTransfer {
    function permitWitnessTransferFrom(
        PermitTransferFrom memory permit,
        SignatureTransferDetails calldata transferDetails,
        address owner,
        bytes32 witness,
        string calldata witnessTypeString,
        bytes calldata signature
    ) external;
}

interface IERC20PermitLite {
    function permit(address owner, address spender, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external;
}

abstract contract X402Permit2ProxyBaseLite {
    address private constant CANONICAL_PERMIT2 = 0x000000000022D473030F116dDEE9F6B43aC78BA3;

    error InvalidAmount();
    error InvalidDestination();
    error InvalidOwner();
    /// Part of the proxy ABI (the real contracts check their constructor argument); never raised here.
    error InvalidPermit2Address();
    error PaymentTooEarly();
    error Permit2612AmountMismatch();
    error ReentrancyGuardReentrantCall();

    event Settled();
    event SettledWithPermit();
    event EIP2612PermitFailed(address indexed token, address indexed owner);

    /// @notice The Permit2 contract this proxy spends through.
    function PERMIT2() external pure returns (address) {
        return CANONICAL_PERMIT2;
    }

    /// Reentrancy flag in transient storage: nothing to initialise, cleared with the transaction.
    bool private transient _entered;

    modifier nonReentrant() {
        if (_entered) revert ReentrancyGuardReentrantCall();
        _entered = true;
        _;
        _entered = false;
    }

    function _checkCommon(address owner, address to, uint256 validAfter, uint256 amount) internal view {
        if (amount == 0) revert InvalidAmount();
        if (owner == address(0)) revert InvalidOwner();
        if (to == address(0)) revert InvalidDestination();
        if (block.timestamp < validAfter) revert PaymentTooEarly();
    }

    /// Tries the EIP-2612 approval of Permit2; a failure (e.g. already used) is ignored on purpose.
    function _tryPermit(address token, address owner, EIP2612Permit calldata p, uint256 permittedAmount) internal {
        if (p.value != permittedAmount) revert Permit2612AmountMismatch();
        try IERC20PermitLite(token).permit(owner, CANONICAL_PERMIT2, p.value, p.deadline, p.v, p.r, p.s) {}
        catch {
            emit EIP2612PermitFailed(token, owner);
        }
    }

    function _transfer(
        PermitTransferFrom calldata permit,
        address owner,
        address to,
        uint256 amount,
        bytes32 witnessHash,
        string memory witnessTypeString,
        bytes calldata signature
    ) internal {
        IPermit2SignatureTransfer(CANONICAL_PERMIT2).permitWitnessTransferFrom(
            permit, SignatureTransferDetails(to, amount), owner, witnessHash, witnessTypeString, signature
        );
    }
}

/// @notice Stand-in for x402ExactPermit2Proxy: pays exactly `permit.permitted.amount` to `witness.to`.
contract X402ExactPermit2ProxyLite is X402Permit2ProxyBaseLite {
    struct Witness {
        address to;
        uint256 validAfter;
    }

    string public constant WITNESS_TYPE_STRING =
        "Witness witness)TokenPermissions(address token,uint256 amount)Witness(address to,uint256 validAfter)";
    bytes32 public constant WITNESS_TYPEHASH = keccak256("Witness(address to,uint256 validAfter)");

    function settle(PermitTransferFrom calldata permit, address owner, Witness calldata witness, bytes calldata signature)
        external
        nonReentrant
    {
        _settle(permit, owner, witness, signature);
        emit Settled();
    }

    function settleWithPermit(
        EIP2612Permit calldata permit2612,
        PermitTransferFrom calldata permit,
        address owner,
        Witness calldata witness,
        bytes calldata signature
    ) external nonReentrant {
        _tryPermit(permit.permitted.token, owner, permit2612, permit.permitted.amount);
        _settle(permit, owner, witness, signature);
        emit SettledWithPermit();
    }

    function _settle(PermitTransferFrom calldata permit, address owner, Witness calldata witness, bytes calldata signature)
        private
    {
        uint256 amount = permit.permitted.amount;
        _checkCommon(owner, witness.to, witness.validAfter, amount);
        bytes32 witnessHash = keccak256(abi.encode(WITNESS_TYPEHASH, witness.to, witness.validAfter));
        _transfer(permit, owner, witness.to, amount, witnessHash, WITNESS_TYPE_STRING, signature);
    }
}

/// @notice Stand-in for x402UptoPermit2Proxy: the facilitator named in the witness charges up to the
/// permitted amount.
contract X402UptoPermit2ProxyLite is X402Permit2ProxyBaseLite {
    struct Witness {
        address to;
        address facilitator;
        uint256 validAfter;
    }

    error AmountExceedsPermitted();
    error UnauthorizedFacilitator();

    string public constant WITNESS_TYPE_STRING =
        "Witness witness)TokenPermissions(address token,uint256 amount)Witness(address to,address facilitator,uint256 validAfter)";
    bytes32 public constant WITNESS_TYPEHASH = keccak256("Witness(address to,address facilitator,uint256 validAfter)");

    function settle(
        PermitTransferFrom calldata permit,
        uint256 amount,
        address owner,
        Witness calldata witness,
        bytes calldata signature
    ) external nonReentrant {
        _settle(permit, amount, owner, witness, signature);
        emit Settled();
    }

    function settleWithPermit(
        EIP2612Permit calldata permit2612,
        PermitTransferFrom calldata permit,
        uint256 amount,
        address owner,
        Witness calldata witness,
        bytes calldata signature
    ) external nonReentrant {
        _tryPermit(permit.permitted.token, owner, permit2612, permit.permitted.amount);
        _settle(permit, amount, owner, witness, signature);
        emit SettledWithPermit();
    }

    function _settle(
        PermitTransferFrom calldata permit,
        uint256 amount,
        address owner,
        Witness calldata witness,
        bytes calldata signature
    ) private {
        if (amount > permit.permitted.amount) revert AmountExceedsPermitted();
        if (msg.sender != witness.facilitator) revert UnauthorizedFacilitator();
        _checkCommon(owner, witness.to, witness.validAfter, amount);
        bytes32 witnessHash =
            keccak256(abi.encode(WITNESS_TYPEHASH, witness.to, witness.facilitator, witness.validAfter));
        _transfer(permit, owner, witness.to, amount, witnessHash, WITNESS_TYPE_STRING, signature);
    }
}
