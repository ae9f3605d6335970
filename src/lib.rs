//! Lede's gRPC service and command line: thin shells around `lede_core`.
//!
//! - [`server::serve`] runs `lede.v1.ArticleService` with health, reflection
//!   and the admission layer;
//! - [`convert`] maps domain types to protos and back;
//! - [`cli`] runs the analysis in-process (`lede analyze`);
//! - [`loadgen`] drives a running server and reports latency (`lede loadgen`);
//! - [`jetstream`] spreads bulk analysis over workers on NATS JetStream
//!   (`lede submit`, `lede work`, `lede collect`).

pub mod admission;
pub mod cli;
pub mod convert;
pub mod error;
pub mod jetstream;
pub mod loadgen;
pub mod pb;
pub mod server;
pub mod service;
