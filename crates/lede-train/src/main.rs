//! `lede-train`: trains Lede's learned components, reproducibly, from the
//! data in `../shared/data`, and writes the weights that ship in
//! `crates/lede-core/models/`.
//!
//! ```text
//! cargo run --release -p lede-train -- ner [OPTIONS]
//! cargo run --release -p lede-train -- statements [OPTIONS]
//! cargo run --release -p lede-train -- summarize [OPTIONS]
//! ```
//! Each subcommand prints its options with `--help`.

mod ner;
mod statements;
mod summarize;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// A boxed error: training reports what went wrong and stops.
pub(crate) type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[derive(Parser)]
#[command(name = "lede-train", about = "Trains Lede's learned components from ../shared/data")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Word clusters and the named-entity tagger.
    Ner(ner::Args),
    /// The cue and role taggers of the statements stage.
    Statements(statements::Args),
    /// The background IDF table of the summarizer.
    Summarize(summarize::Args),
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Ner(args) => ner::run(args),
        Command::Statements(args) => statements::run(args),
        Command::Summarize(args) => summarize::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lede-train: {e}");
            ExitCode::FAILURE
        }
    }
}
