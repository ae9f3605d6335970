//! `lede-train ner`.

use crate::BoxError;

/// The options of `lede-train ner` (`--help` lists them).
#[derive(clap::Args)]
pub(crate) struct Args {
    /// Options of the trainer, passed on as they are.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    rest: Vec<String>,
}

/// Trains and writes the model.
pub(crate) fn run(args: Args) -> Result<(), BoxError> {
    lede_core::train::ner::main(&args.rest).map_err(|e| e.to_string().into())
}
