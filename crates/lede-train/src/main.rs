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

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("ner") => lede_core::train::ner::main(&args[1..]),
        Some("statements") => lede_core::train::statements::main(&args[1..]),
        Some("summarize") => lede_core::train::summarize::main(&args[1..]),
        _ => {
            eprintln!("usage: lede-train <ner|statements|summarize> [OPTIONS]   (--help after the subcommand for its options)");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lede-train: {e}");
            ExitCode::FAILURE
        }
    }
}
