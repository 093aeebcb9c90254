//! Located generator errors: every problem is a value carrying a JSON pointer into the spec.

use std::fmt;

/// What kind of problem the generator found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ErrorKind {
    /// The text is not valid YAML (the message carries line and column).
    Yaml,
    /// The document is neither OpenAPI 3.0.x or 3.1.x nor Swagger 2.0 (which is converted on load).
    UnsupportedVersion,
    /// A part of the document does not have the shape OpenAPI 3.0 requires.
    Invalid,
    /// An operation has no `operationId`.
    MissingOperationId,
    /// Two operations share an `operationId`, or their ids collide once snake-cased.
    DuplicateOperationId,
    /// An operation has no tag.
    MissingTag,
    /// A `$ref` points at nothing in the document.
    DanglingRef,
    /// A `$ref` points outside the document.
    ExternalRef,
    /// A path template parameter has no definition, or a path parameter is not in the template.
    PathParam,
    /// A parameter lives somewhere the runtime cannot send it (cookie).
    UnsupportedParameterLocation,
    /// A request body the runtime cannot encode (a form, multipart, or a non-JSON structured body).
    UnsupportedMediaType,
    /// An operation declares no responses at all.
    NoResponses,
    /// Two names collide once converted to Rust identifiers.
    NameCollision,
    /// A construct the generator does not handle.
    Unsupported,
    /// The generator produced code that is not valid Rust: a bug in the generator, not in the
    /// document (located at the operation, or naming the model type, whose code is wrong).
    GeneratorBug,
}

/// One problem, located by a JSON pointer into the spec (RFC 6901, e.g. `/paths/~1v2~1keys/get`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
    /// Where in the document it went wrong; empty for the document root.
    pub pointer: String,
    /// A sentence for humans.
    pub message: String,
}

impl Error {
    /// Makes an error at `pointer`.
    pub fn new(kind: ErrorKind, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            kind,
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, "{pointer}: {}", self.message)
    }
}

impl std::error::Error for Error {}

/// Every problem found in one run, in document order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Errors(pub Vec<Error>);

impl Errors {
    /// The errors as a slice.
    pub fn as_slice(&self) -> &[Error] {
        &self.0
    }

    /// True when the run found nothing wrong.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, error) in self.0.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Errors {}

/// Escapes one reference token of a JSON pointer (`~` -> `~0`, `/` -> `~1`).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Builds a JSON pointer from unescaped reference tokens.
pub fn pointer<I, S>(tokens: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = String::new();
    for token in tokens {
        out.push('/');
        out.push_str(&escape_token(token.as_ref()));
    }
    out
}

/// Appends unescaped tokens to an existing pointer.
pub fn child(base: &str, token: &str) -> String {
    format!("{base}/{}", escape_token(token))
}
