# syntax=docker/dockerfile:1
#
# Lede's container image: a release build of the `lede` binary on a pinned Rust
# toolchain, copied alone into a distroless runtime that runs as a non-root UID.
# The models are compiled into the binary (include_bytes!), so nothing else is
# needed at run time. Build (BuildKit is the default builder since Docker 23):
#
#   docker build -t lede:0.1.0 .
#
# Build and run stages are both Debian 12 (bookworm), so the glibc the binary
# links against is the one the runtime has.

ARG RUST_IMAGE=rust:1.95-bookworm
ARG RUNTIME_IMAGE=gcr.io/distroless/cc-debian12:nonroot

FROM ${RUST_IMAGE} AS build
WORKDIR /src
# build.rs compiles proto/ with protox (pure Rust): no protoc in this stage.
COPY . .
# The registry, git and target caches persist between builds on one builder;
# the binary is copied out of the cached target dir so that it lands in a layer.
RUN --mount=type=cache,id=lede-cargo-registry,target=/usr/local/cargo/registry,sharing=locked \
    --mount=type=cache,id=lede-cargo-git,target=/usr/local/cargo/git,sharing=locked \
    --mount=type=cache,id=lede-target,target=/src/target,sharing=locked \
    cargo build --release --locked --bin lede \
    && install -D -m 0755 /src/target/release/lede /out/lede

FROM ${RUNTIME_IMAGE}
LABEL org.opencontainers.image.title="lede" \
      org.opencontainers.image.description="gRPC microservice that turns news articles into structured metadata" \
      org.opencontainers.image.licenses="Apache-2.0"
COPY --from=build /out/lede /lede
# distroless "nonroot" is UID/GID 65532; numeric so that runAsNonRoot can verify it.
USER 65532:65532
EXPOSE 50051
ENTRYPOINT ["/lede"]
CMD ["serve"]
