//! The `x402-conformance` binary; see `x402-conformance --help`.
#![forbid(unsafe_code)]

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(x402_conformance::cli::main_with_args(std::env::args_os()))
}
