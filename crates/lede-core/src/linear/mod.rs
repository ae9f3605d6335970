//! The linear model kit of the learned stages: weight tables, decoders and
//! one model file format.
//!
//! - [`table`]: exact tables ([`Rows`], a feature's row found by a minimal
//!   perfect hash, its key checked) and quantized [`Tagger`]s with their
//!   tag transitions (the statements stage's cue and role taggers);
//! - [`hashed`]: a hashed table of one byte a weight, collisions shared (the
//!   named-entity tagger);
//! - [`decode`]: Viterbi decoding under constraints;
//! - [`file`]: the model file format, named sections after a magic.
//!
//! Training (the averaged perceptron) lives in `crates/lede-train`; it
//! writes what these types read.

mod decode;
mod file;
mod hashed;
mod table;

#[cfg(any(test, feature = "train"))]
pub(crate) use decode::viterbi;
pub(crate) use decode::{Constraint, Decoder};
#[cfg(any(test, feature = "train"))]
pub(crate) use file::Writer;
#[cfg(feature = "train")]
pub(crate) use file::write_tagger;
pub(crate) use file::{Reader, Sections};
pub(crate) use hashed::{Hashed, Scorer, row};
pub(crate) use table::{MAX_TAGS, Row, Rows, Tagger};
