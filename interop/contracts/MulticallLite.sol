// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title MulticallLite — the part of the Multicall3 ABI the x402 TS facilitator calls.
/// @notice Installed with `anvil_setCode` at the canonical Multicall3 address
/// (0xcA11bde05977b3631167028862bE2a173976CA11). The TS facilitator's diagnostics after a failed
/// simulation (`balanceOf`, `name`, `version`, `authorizationState`) and its ERC-6492 simulation go
/// through `tryAggregate(false, calls)` there (the `multicall` helper of the x402 EVM package, docs/protocol/codes.md §3.3, docs/protocol/evm.md §4.1); without
/// a contract at that address every diagnosis degrades to `..._transaction_simulation_failed`.
/// This is an independent implementation of the two aggregate entry points, not Multicall3's code:
///   - `tryAggregate(bool requireSuccess, Call[] calls) returns (Result[])`
///   - `aggregate3(Call3[] calls) returns (Result[])`
/// Calls are plain CALLs (not static), forwarded in order, with no value.
contract MulticallLite {
    struct Call {
        address target;
        bytes callData;
    }

    struct Call3 {
        address target;
        bool allowFailure;
        bytes callData;
    }

    struct Result {
        bool success;
        bytes returnData;
    }

    function tryAggregate(bool requireSuccess, Call[] calldata calls)
        external
        payable
        returns (Result[] memory returnData)
    {
        uint256 length = calls.length;
        returnData = new Result[](length);
        for (uint256 i = 0; i < length; ++i) {
            (bool success, bytes memory ret) = calls[i].target.call(calls[i].callData);
            if (requireSuccess) require(success, "Multicall3: call failed");
            returnData[i] = Result(success, ret);
        }
    }

    function aggregate3(Call3[] calldata calls) external payable returns (Result[] memory returnData) {
        uint256 length = calls.length;
        returnData = new Result[](length);
        for (uint256 i = 0; i < length; ++i) {
            (bool success, bytes memory ret) = calls[i].target.call(calls[i].callData);
            if (!calls[i].allowFailure) require(success, "Multicall3: call failed");
            returnData[i] = Result(success, ret);
        }
    }
}
