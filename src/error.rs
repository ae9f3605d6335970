//! Domain errors as gRPC statuses: one exhaustive mapping.

use lede_core::{Error, ErrorKind};
use tonic::Status;

/// The status a domain error ends a call with. Internal errors get a
/// generic message; their detail goes to the log.
pub fn status(error: &Error) -> Status {
    match error.kind() {
        ErrorKind::EmptyInput | ErrorKind::InvalidInput => Status::invalid_argument(document_field(error)),
        ErrorKind::TooLarge => Status::invalid_argument(document_field(error)),
        ErrorKind::DeadlineExceeded => Status::deadline_exceeded(error.message()),
        ErrorKind::Cancelled => Status::cancelled(error.message()),
        ErrorKind::Internal => {
            tracing::error!(%error, "internal error in the pipeline");
            Status::internal("internal error; the server logged the details")
        }
        _ => {
            tracing::error!(%error, "unmapped pipeline error");
            Status::internal("internal error; the server logged the details")
        }
    }
}

/// The error's message with its field named as the request names it
/// ("document.text").
fn document_field(error: &Error) -> String {
    match error.field() {
        Some(field) if !field.starts_with("article") => format!("document.{field}: {}", error.message()),
        Some(field) => format!("{field}: {}", error.message()),
        None => error.message().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tonic::Code;

    #[test]
    fn input_errors_name_the_request_field() {
        let s = status(&Error::new(
            ErrorKind::EmptyInput,
            Some("text".into()),
            "must not be empty",
        ));
        assert_eq!(s.code(), Code::InvalidArgument);
        assert_eq!(s.message(), "document.text: must not be empty");
        let s = status(&Error::new(
            ErrorKind::TooLarge,
            Some("html".into()),
            "9 bytes is over the limit of 8 bytes",
        ));
        assert_eq!(s.code(), Code::InvalidArgument);
        assert!(s.message().contains("limit of 8 bytes"));
    }

    #[test]
    fn internal_errors_hide_their_detail() {
        let s = status(&Error::internal("index 7 out of range"));
        assert_eq!(s.code(), Code::Internal);
        assert!(!s.message().contains("index"));
    }
}
