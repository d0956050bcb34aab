# x402-conformance in a container (docs/conformance.md, "Without Rust"):
#   docker build -t x402-conformance .
#   docker run --rm x402-conformance facilitator                       # the built-in reference
#   docker run --rm --network host -v "$PWD:/out" x402-conformance facilitator \
#       --url http://127.0.0.1:4022 --report-html /out/report.html --junit /out/junit.xml
# Stage 1 builds with the declared minimum Rust (rust-version in Cargo.toml); stage 2 is a slim
# Debian with only the CA certificates the HTTPS client verifies targets against.

FROM rust:1.88-slim-bookworm AS build
WORKDIR /src
# The workspace manifests and sources the harness needs (the fuzz crate is not a member).
COPY Cargo.toml Cargo.lock ./
COPY crates crates
COPY conformance conformance
RUN cargo build --release --locked -p x402-conformance \
 && strip target/release/x402-conformance

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/target/release/x402-conformance /usr/local/bin/x402-conformance
# Any unprivileged user: the harness writes only the report paths it is given.
USER 65534:65534
WORKDIR /tmp
ENTRYPOINT ["x402-conformance"]
CMD ["--help"]
