//! Dates in the text, resolved against the dateline or publication date.
