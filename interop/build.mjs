#!/usr/bin/env node
// Compiles contracts/*.sol with the pinned solc-js (package.json) and writes, for each contract in
// CONTRACTS, build/<Contract>.json: { contractName, compiler, settings, sourceSha256, abi, deployedBytecode }.
// The runtime (deployed) bytecode is what start.mjs installs with anvil_setCode; no constructor runs.
// Exit 1 on any compiler error, on any warning (the source is kept warning-free), or when the
// installed solc is not the pinned version.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const solc = require("solc");
const pkg = JSON.parse(readFileSync(join(here, "package.json"), "utf8"));

/** Contract name -> source file (under contracts/). */
const CONTRACTS = {
  EIP3009Token: "EIP3009Token.sol",
  MulticallLite: "MulticallLite.sol",
  X402ExactPermit2ProxyLite: "X402Permit2ProxyLite.sol",
  X402UptoPermit2ProxyLite: "X402Permit2ProxyLite.sol",
};
const SETTINGS = {
  // Cancun (transient storage for the proxies' reentrancy guard); anvil's default hardfork is newer.
  evmVersion: "cancun",
  optimizer: { enabled: true, runs: 200 },
  // No metadata hash: the bytecode then depends only on the source text and these settings.
  metadata: { bytecodeHash: "none", appendCBOR: false },
  outputSelection: { "*": { "*": ["abi", "evm.deployedBytecode.object", "evm.deployedBytecode.immutableReferences"] } },
};

function main() {
  const pinned = pkg.dependencies.solc;
  const actual = solc.version();
  if (!actual.startsWith(`${pinned}+`)) {
    throw new Error(`solc ${actual} is installed, package.json pins ${pinned}: run npm ci`);
  }
  const sources = {};
  for (const file of new Set(Object.values(CONTRACTS))) {
    sources[file] = { content: readFileSync(join(here, "contracts", file), "utf8") };
  }
  const output = JSON.parse(solc.compile(JSON.stringify({ language: "Solidity", sources, settings: SETTINGS })));
  const diagnostics = output.errors ?? [];
  for (const d of diagnostics) console.error(d.formattedMessage ?? d.message);
  if (diagnostics.length > 0) {
    throw new Error(`${diagnostics.length} compiler diagnostic(s) (errors or warnings); the sources must compile cleanly`);
  }
  const outDir = join(here, "build");
  mkdirSync(outDir, { recursive: true });
  for (const [name, file] of Object.entries(CONTRACTS)) {
    const contract = output.contracts?.[file]?.[name];
    const runtime = contract?.evm?.deployedBytecode?.object;
    if (!runtime) throw new Error(`solc produced no runtime bytecode for ${name}`);
    // anvil_setCode installs runtime code verbatim: immutables would stay zero-filled.
    if (Object.keys(contract.evm.deployedBytecode.immutableReferences ?? {}).length > 0) {
      throw new Error(`${name} has immutables; code installed with anvil_setCode must not`);
    }
    const artifact = {
      contractName: name,
      compiler: `solc-js ${actual}`,
      settings: { evmVersion: SETTINGS.evmVersion, optimizer: SETTINGS.optimizer, metadata: SETTINGS.metadata },
      source: `contracts/${file}`,
      sourceSha256: createHash("sha256").update(sources[file].content).digest("hex"),
      abi: contract.abi,
      deployedBytecode: `0x${runtime}`,
    };
    const outPath = join(outDir, `${name}.json`);
    writeFileSync(outPath, `${JSON.stringify(artifact, null, 2)}\n`);
    console.log(`build: ${name}: ${runtime.length / 2} bytes of runtime code (solc ${actual}) -> build/${name}.json`);
  }
}

try {
  main();
} catch (e) {
  console.error(`build: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
