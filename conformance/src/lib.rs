//! x402-conformance: a conformance harness for x402 facilitators, resource servers and clients
//! that talks to the implementation under test only over HTTP (and, for clients, by running
//! them as a command).
//!
//! - [`case`]: the case model (stable ids, levels, tags, needs, verdicts, filters);
//! - [`cases`]: the catalogue;
//! - [`ctx`]: what a case body receives (configuration, recording HTTP client, budget);
//! - [`fuzz`]: `--fuzz`, property-based differential testing against x402-spec's verifier;
//! - [`health`]: whether the target is still answering (a crash mid-run is reported once);
//! - [`http`]: the bounded, never-hanging HTTP client layer;
//! - [`load`]: `--load`, throughput and latency of `POST /verify`;
//! - [`pay`]: signed payments (built with `x402_spec::client`, varied by typed mutation);
//! - [`profile`]: `--profile strict|ts|go|py`, whose behaviour the expectations follow;
//! - [`mod@reference`]: the reference facilitator, resource server and client, their ledger and chain,
//!   and their seeded defects (one module per role);
//! - [`runner`]: concurrency, deadlines, panic isolation;
//! - [`report`]: terminal, JSON, JUnit and HTML reports;
//! - [`rpc`]: the JSON-RPC `eth_call` client behind `--rpc-url`;
//! - [`loopback`]: the loopback HTTP server plumbing (no protocol, no defects);
//! - [`names`], [`needs`]: leaf types shared by the case model, the context and the profiles;
//! - [`secret`]: the payer key wrapper;
//! - [`cli`]: the command line.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod audit;
pub mod case;
pub mod cases;
pub mod cli;
pub mod ctx;
pub mod environment;
pub mod fuzz;
pub mod health;
pub mod http;
pub mod load;
pub mod loopback;
pub mod names;
pub mod needs;
pub mod pay;
pub mod profile;
pub mod reference;
pub mod report;
pub mod rpc;
pub mod runner;
pub mod secret;
