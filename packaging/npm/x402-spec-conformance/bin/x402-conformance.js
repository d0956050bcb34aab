#!/usr/bin/env node
// Launcher of the x402-conformance binary: finds the platform package npm installed (one
// optionalDependency per platform; npm skips those whose os/cpu/libc do not match) and runs its
// binary with the same arguments, standard streams and exit status.
"use strict";

const { spawnSync } = require("node:child_process");
const path = require("node:path");

function libc() {
  if (process.platform !== "linux") return "";
  const header = process.report && process.report.getReport().header;
  return header && header.glibcVersionRuntime ? "gnu" : "musl";
}

// "<platform>-<arch>[-<libc>]" → the package that carries the binary for it.
const PACKAGES = {
  "linux-x64-gnu": "x402-spec-conformance-linux-x64-gnu",
};

function binaryPath() {
  if (process.env.X402_CONFORMANCE_BINARY) return process.env.X402_CONFORMANCE_BINARY;
  const key = [process.platform, process.arch, libc()].filter(Boolean).join("-");
  const pkg = PACKAGES[key];
  if (!pkg) {
    throw new Error(
      `x402-spec-conformance has no prebuilt binary for ${key} (available: ${Object.keys(PACKAGES).join(", ")}); ` +
        "install Rust and run `cargo install x402-conformance`, or set X402_CONFORMANCE_BINARY",
    );
  }
  const exe = process.platform === "win32" ? "x402-conformance.exe" : "x402-conformance";
  try {
    return require.resolve(path.posix.join(pkg, "bin", exe));
  } catch {
    throw new Error(
      `the package ${pkg} is not installed (was npm run with --no-optional / --omit=optional?)`,
    );
  }
}

let exe;
try {
  exe = binaryPath();
} catch (e) {
  process.stderr.write(`x402-conformance: ${e.message}\n`);
  process.exit(2);
}
const run = spawnSync(exe, process.argv.slice(2), { stdio: "inherit" });
if (run.error) {
  process.stderr.write(`x402-conformance: cannot run ${exe}: ${run.error.message}\n`);
  process.exit(2);
}
if (run.signal) process.kill(process.pid, run.signal);
process.exit(run.status === null ? 2 : run.status);
