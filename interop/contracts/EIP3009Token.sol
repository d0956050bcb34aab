// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title EIP3009Token — a minimal USDC stand-in for the x402 interop environment.
/// @notice ERC-20 (6 decimals) with EIP-3009 (`transferWithAuthorization`, `receiveWithAuthorization`,
/// `cancelAuthorization`, `authorizationState`) and EIP-2612 (`permit`, `nonces`). EIP-712 domain name
/// "USDC", version "2" — the values the x402 SDKs use for the Base Sepolia USDC
/// (0x036CbD53842c5426634e7929541eC2318f3dCF7e, eip155:84532).
///
/// Deployment model: the runtime code is written with `anvil_setCode` at the USDC address, so no
/// constructor ever runs there. Therefore:
///   - there are no immutables and no constructor-initialised storage;
///   - the EIP-712 domain separator is computed on every call from `block.chainid` and `address(this)`;
///   - name/symbol/version/decimals are compile-time constants;
///   - the only storage that needs initialising is the minter, set once by `initialize(minter)`.
///
/// Semantics follow Circle's FiatToken v2.2 where the x402 facilitators depend on them: validity window
/// `validAfter < block.timestamp < validBefore` (both strict), nonces are per authorizer, EOAs sign with
/// ECDSA (65 bytes, low-s only, v in {27, 28}), contract authorizers are checked with ERC-1271, and the
/// revert strings match the patterns the TS facilitator maps to reason codes
/// (`mechanisms/evm/src/exact/facilitator/eip3009-utils.ts`, docs/protocol/codes.md §3.3).
/// Not implemented on purpose: pausing, blacklisting, upgradeability, fees.
contract EIP3009Token {
    // ----------------------------------------------------------------------------------------------
    // Constants
    // ----------------------------------------------------------------------------------------------

    string private constant NAME = "USDC";
    string private constant SYMBOL = "USDC";
    string private constant VERSION = "2";
    uint8 private constant DECIMALS = 6;

    /// keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")
    bytes32 private constant EIP712_DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");

    /// keccak256("TransferWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)")
    bytes32 public constant TRANSFER_WITH_AUTHORIZATION_TYPEHASH = keccak256(
        "TransferWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)"
    );

    /// keccak256("ReceiveWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)")
    bytes32 public constant RECEIVE_WITH_AUTHORIZATION_TYPEHASH = keccak256(
        "ReceiveWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)"
    );

    /// keccak256("CancelAuthorization(address authorizer,bytes32 nonce)")
    bytes32 public constant CANCEL_AUTHORIZATION_TYPEHASH =
        keccak256("CancelAuthorization(address authorizer,bytes32 nonce)");

    /// keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)")
    bytes32 public constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");

    /// secp256k1n / 2: signatures with a larger `s` are malleable and refused (EIP-2).
    uint256 private constant HALF_CURVE_ORDER = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    /// ERC-1271 magic value returned by `isValidSignature(bytes32,bytes)`.
    bytes4 private constant ERC1271_MAGIC = 0x1626ba7e;

    // ----------------------------------------------------------------------------------------------
    // Storage (no constructor: everything starts at zero)
    // ----------------------------------------------------------------------------------------------

    address private _minter; // slot 0
    uint256 private _totalSupply; // slot 1
    mapping(address => uint256) private _balances; // slot 2
    mapping(address => mapping(address => uint256)) private _allowances; // slot 3
    mapping(address => mapping(bytes32 => bool)) private _authorizationStates; // slot 4
    mapping(address => uint256) private _permitNonces; // slot 5

    // ----------------------------------------------------------------------------------------------
    // Events
    // ----------------------------------------------------------------------------------------------

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);
    event AuthorizationUsed(address indexed authorizer, bytes32 indexed nonce);
    event AuthorizationCanceled(address indexed authorizer, bytes32 indexed nonce);
    event MinterConfigured(address indexed minter);

    // ----------------------------------------------------------------------------------------------
    // Setup
    // ----------------------------------------------------------------------------------------------

    /// @notice One-time setup: records the only account allowed to `mint`. Callable while no minter is set.
    function initialize(address minter_) external {
        require(_minter == address(0), "EIP3009Token: already initialized");
        require(minter_ != address(0), "EIP3009Token: minter is the zero address");
        _minter = minter_;
        emit MinterConfigured(minter_);
    }

    /// @notice The account allowed to mint (zero until `initialize`).
    function minter() external view returns (address) {
        return _minter;
    }

    /// @notice Creates `amount` tokens for `to`. Minter only.
    function mint(address to, uint256 amount) external returns (bool) {
        require(msg.sender == _minter && _minter != address(0), "EIP3009Token: caller is not the minter");
        require(to != address(0), "ERC20: mint to the zero address");
        _totalSupply += amount;
        _balances[to] += amount;
        emit Transfer(address(0), to, amount);
        return true;
    }

    // ----------------------------------------------------------------------------------------------
    // ERC-20 metadata and views
    // ----------------------------------------------------------------------------------------------

    function name() external pure returns (string memory) {
        return NAME;
    }

    function symbol() external pure returns (string memory) {
        return SYMBOL;
    }

    /// @notice The EIP-712 domain version (FiatToken exposes it as `version()`).
    function version() external pure returns (string memory) {
        return VERSION;
    }

    function decimals() external pure returns (uint8) {
        return DECIMALS;
    }

    function totalSupply() external view returns (uint256) {
        return _totalSupply;
    }

    function balanceOf(address account) external view returns (uint256) {
        return _balances[account];
    }

    function allowance(address owner, address spender) external view returns (uint256) {
        return _allowances[owner][spender];
    }

    // ----------------------------------------------------------------------------------------------
    // ERC-20 transfers
    // ----------------------------------------------------------------------------------------------

    function approve(address spender, uint256 value) external returns (bool) {
        _approve(msg.sender, spender, value);
        return true;
    }

    function transfer(address to, uint256 value) external returns (bool) {
        _transfer(msg.sender, to, value);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        uint256 current = _allowances[from][msg.sender];
        require(value <= current, "ERC20: transfer amount exceeds allowance");
        unchecked {
            _allowances[from][msg.sender] = current - value;
        }
        _transfer(from, to, value);
        return true;
    }

    // ----------------------------------------------------------------------------------------------
    // EIP-712
    // ----------------------------------------------------------------------------------------------

    /// @notice The EIP-712 domain separator, computed for the current chain and this address.
    function DOMAIN_SEPARATOR() public view returns (bytes32) {
        return keccak256(
            abi.encode(
                EIP712_DOMAIN_TYPEHASH, keccak256(bytes(NAME)), keccak256(bytes(VERSION)), block.chainid, address(this)
            )
        );
    }

    /// @notice EIP-5267 domain description (fields: name, version, chainId, verifyingContract).
    function eip712Domain()
        external
        view
        returns (
            bytes1 fields,
            string memory name_,
            string memory version_,
            uint256 chainId,
            address verifyingContract,
            bytes32 salt,
            uint256[] memory extensions
        )
    {
        return (hex"0f", NAME, VERSION, block.chainid, address(this), bytes32(0), new uint256[](0));
    }

    // ----------------------------------------------------------------------------------------------
    // EIP-3009
    // ----------------------------------------------------------------------------------------------

    /// @notice Whether `authorizer` has used or canceled `nonce`.
    function authorizationState(address authorizer, bytes32 nonce) external view returns (bool) {
        return _authorizationStates[authorizer][nonce];
    }

    function transferWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external {
        _transferWithAuthorization(from, to, value, validAfter, validBefore, nonce, abi.encodePacked(r, s, v));
    }

    function transferWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        bytes memory signature
    ) external {
        _transferWithAuthorization(from, to, value, validAfter, validBefore, nonce, signature);
    }

    function receiveWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external {
        _receiveWithAuthorization(from, to, value, validAfter, validBefore, nonce, abi.encodePacked(r, s, v));
    }

    function receiveWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        bytes memory signature
    ) external {
        _receiveWithAuthorization(from, to, value, validAfter, validBefore, nonce, signature);
    }

    function cancelAuthorization(address authorizer, bytes32 nonce, uint8 v, bytes32 r, bytes32 s) external {
        _cancelAuthorization(authorizer, nonce, abi.encodePacked(r, s, v));
    }

    function cancelAuthorization(address authorizer, bytes32 nonce, bytes memory signature) external {
        _cancelAuthorization(authorizer, nonce, signature);
    }

    // ----------------------------------------------------------------------------------------------
    // EIP-2612
    // ----------------------------------------------------------------------------------------------

    function nonces(address owner) external view returns (uint256) {
        return _permitNonces[owner];
    }

    function permit(address owner, address spender, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external
    {
        _permit(owner, spender, value, deadline, abi.encodePacked(r, s, v));
    }

    function permit(address owner, address spender, uint256 value, uint256 deadline, bytes memory signature)
        external
    {
        _permit(owner, spender, value, deadline, signature);
    }

    // ----------------------------------------------------------------------------------------------
    // Internals
    // ----------------------------------------------------------------------------------------------

    function _transfer(address from, address to, uint256 value) private {
        require(from != address(0), "ERC20: transfer from the zero address");
        require(to != address(0), "ERC20: transfer to the zero address");
        uint256 fromBalance = _balances[from];
        require(value <= fromBalance, "ERC20: transfer amount exceeds balance");
        unchecked {
            _balances[from] = fromBalance - value;
        }
        _balances[to] += value;
        emit Transfer(from, to, value);
    }

    function _approve(address owner, address spender, uint256 value) private {
        require(owner != address(0), "ERC20: approve from the zero address");
        require(spender != address(0), "ERC20: approve to the zero address");
        _allowances[owner][spender] = value;
        emit Approval(owner, spender, value);
    }

    function _transferWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        bytes memory signature
    ) private {
        _requireValidAuthorization(from, nonce, validAfter, validBefore);
        bytes32 structHash =
            keccak256(abi.encode(TRANSFER_WITH_AUTHORIZATION_TYPEHASH, from, to, value, validAfter, validBefore, nonce));
        _requireValidSignature(from, _digest(structHash), signature);
        _markAuthorizationAsUsed(from, nonce);
        _transfer(from, to, value);
    }

    function _receiveWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        bytes memory signature
    ) private {
        require(to == msg.sender, "EIP3009: caller must be the payee");
        _requireValidAuthorization(from, nonce, validAfter, validBefore);
        bytes32 structHash =
            keccak256(abi.encode(RECEIVE_WITH_AUTHORIZATION_TYPEHASH, from, to, value, validAfter, validBefore, nonce));
        _requireValidSignature(from, _digest(structHash), signature);
        _markAuthorizationAsUsed(from, nonce);
        _transfer(from, to, value);
    }

    function _cancelAuthorization(address authorizer, bytes32 nonce, bytes memory signature) private {
        require(!_authorizationStates[authorizer][nonce], "EIP3009: authorization is used or canceled");
        bytes32 structHash = keccak256(abi.encode(CANCEL_AUTHORIZATION_TYPEHASH, authorizer, nonce));
        _requireValidSignature(authorizer, _digest(structHash), signature);
        _authorizationStates[authorizer][nonce] = true;
        emit AuthorizationCanceled(authorizer, nonce);
    }

    function _permit(address owner, address spender, uint256 value, uint256 deadline, bytes memory signature)
        private
    {
        require(deadline >= block.timestamp, "EIP2612: permit is expired");
        bytes32 structHash =
            keccak256(abi.encode(PERMIT_TYPEHASH, owner, spender, value, _permitNonces[owner]++, deadline));
        _requireValidSignature(owner, _digest(structHash), signature);
        _approve(owner, spender, value);
    }

    function _requireValidAuthorization(address authorizer, bytes32 nonce, uint256 validAfter, uint256 validBefore)
        private
        view
    {
        require(block.timestamp > validAfter, "EIP3009: authorization is not yet valid");
        require(block.timestamp < validBefore, "EIP3009: authorization is expired");
        require(!_authorizationStates[authorizer][nonce], "EIP3009: authorization is used or canceled");
    }

    function _markAuthorizationAsUsed(address authorizer, bytes32 nonce) private {
        _authorizationStates[authorizer][nonce] = true;
        emit AuthorizationUsed(authorizer, nonce);
    }

    function _digest(bytes32 structHash) private view returns (bytes32) {
        return keccak256(abi.encodePacked(hex"1901", DOMAIN_SEPARATOR(), structHash));
    }

    /// Contract signers answer ERC-1271; everyone else must give a strict 65-byte ECDSA signature.
    function _requireValidSignature(address signer, bytes32 digest, bytes memory signature) private view {
        if (signer.code.length > 0) {
            require(_isValidErc1271Signature(signer, digest, signature), "EIP3009: invalid signature");
            return;
        }
        require(_recover(digest, signature) == signer, "EIP3009: invalid signature");
    }

    function _isValidErc1271Signature(address signer, bytes32 digest, bytes memory signature)
        private
        view
        returns (bool)
    {
        (bool ok, bytes memory ret) =
            signer.staticcall(abi.encodeWithSelector(ERC1271_MAGIC, digest, signature));
        return ok && ret.length >= 32 && abi.decode(ret, (bytes32)) == bytes32(ERC1271_MAGIC);
    }

    /// ECDSA recovery that refuses what OpenZeppelin's ECDSA refuses: a length other than 65, a high `s`,
    /// a `v` outside {27, 28}, and a signature that recovers to no address.
    function _recover(bytes32 digest, bytes memory signature) private pure returns (address) {
        require(signature.length == 65, "ECDSA: invalid signature length");
        bytes32 r;
        bytes32 s;
        uint8 v;
        assembly ("memory-safe") {
            r := mload(add(signature, 0x20))
            s := mload(add(signature, 0x40))
            v := byte(0, mload(add(signature, 0x60)))
        }
        require(uint256(s) <= HALF_CURVE_ORDER, "ECDSA: invalid signature 's' value");
        require(v == 27 || v == 28, "ECDSA: invalid signature 'v' value");
        address recovered = ecrecover(digest, v, r, s);
        require(recovered != address(0), "ECDSA: invalid signature");
        return recovered;
    }
}
