//! The linear model kit of the learned stages: weight tables, decoders and
//! one model file format.
//!
//! - [`table`]: exact tables ([`Rows`], a feature's row found by a minimal
//!   perfect hash, its key checked) and quantized [`Tagger`]s with their
//!   tag transitions (the statements stage's cue and role taggers);
//! - [`hashed`]: a hashed table of one byte a weight, collisions shared (the
//!   named-entity tagger);
//! - [`decode`]: Viterbi decoding under constraints;
//! - [`beam`]: beam search where scores read the two tags before;
//! - [`file`]: the model file format, named sections after a magic.
//!
//! Training (the averaged perceptron) lives in `crates/lede-train`; it
//! writes what these types read.

mod beam;
mod decode;
mod file;
mod hashed;
mod table;

pub(crate) use beam::Beam;
#[cfg(feature = "train")]
pub(crate) use decode::viterbi;
pub(crate) use decode::{Constraint, Decoder};
pub(crate) use file::Sections;
#[cfg(any(test, feature = "train"))]
pub(crate) use file::Writer;
#[cfg(feature = "train")]
pub(crate) use file::write_tagger;
#[cfg(test)]
pub(crate) use hashed::MAX_FEATURES;
#[cfg(feature = "train")]
pub use hashed::row;
pub use hashed::{Hashed, Scorer, Sink};
pub(crate) use table::{MAX_TAGS, Tagger};
