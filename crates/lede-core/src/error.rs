//! The domain's one error type.

use std::fmt;

/// What went wrong, coarsely: enough for a caller to choose a reaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input is empty or holds only white space.
    EmptyInput,
    /// The input is malformed: a span out of range, an unknown value.
    InvalidInput,
    /// The input is larger than the configured limit.
    TooLarge,
    /// The caller's deadline passed before the work was done.
    DeadlineExceeded,
    /// The caller stopped waiting (see [`crate::Stop`]).
    Cancelled,
    /// A bug or broken invariant inside the pipeline.
    Internal,
}

/// An error from the pipeline: a kind, the input field it concerns (if
/// any) and a message for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    field: Option<String>,
    message: String,
}

impl Error {
    /// An error of `kind` about the input field `field` (a dotted path such
    /// as `"text"` or `"article.paragraphs[2].span"`).
    pub fn new(kind: ErrorKind, field: impl Into<Option<String>>, message: impl Into<String>) -> Error {
        Error {
            kind,
            field: field.into(),
            message: message.into(),
        }
    }

    /// An [`ErrorKind::InvalidInput`] about `field`.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Error {
        Error::new(ErrorKind::InvalidInput, Some(field.into()), message)
    }

    /// An [`ErrorKind::Internal`] error.
    pub fn internal(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Internal, None, message)
    }

    /// What kind of error this is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The input field the error concerns, when it concerns one.
    pub fn field(&self) -> Option<&str> {
        self.field.as_deref()
    }

    /// The message, without the field.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{field}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Error {}

/// The pipeline's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
