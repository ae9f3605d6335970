//! Lede's gRPC service and command line: thin shells around `lede_core`.
//!
//! - [`server::serve`] runs `lede.v1.ArticleService` with health, reflection,
//!   the admission layer and [`queue`];
//! - [`metrics`] records Prometheus metrics and serves them; [`telemetry`]
//!   sets up logs and OpenTelemetry traces;
//! - [`convert`] maps domain types to protos and back;
//! - [`cli`] runs the analysis in-process (`lede analyze`), and [`report`]
//!   writes it for a person (`--format text`);
//! - [`loadgen`] drives a running server and reports latency (`lede loadgen`);
//! - [`jetstream`] spreads bulk analysis over workers on NATS JetStream
//!   (`lede submit`, `lede work`, `lede collect`).

pub mod admission;
pub mod cli;
pub mod convert;
pub mod error;
pub mod jetstream;
pub mod loadgen;
pub mod metrics;
pub mod pb;
pub mod queue;
pub mod report;
pub mod server;
pub mod service;
pub mod telemetry;
