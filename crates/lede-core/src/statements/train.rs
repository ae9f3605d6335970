//! Training, from the data in `../shared/data` (the `train` feature).

/// Runs training with command-line `args`.
pub fn main(args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let _ = args;
    Err("not written yet".into())
}
