//! Member type expressions: `string`, `u64`, `list<TagItem>`, `map<string>`,
//! or the name of a type or enumeration.

use std::fmt;

/// A parsed type expression, before names are resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeExpr {
    /// A built-in scalar.
    Primitive(Primitive),
    /// `list<T>`.
    List(Box<TypeExpr>),
    /// `map<T>`, with string keys.
    Map(Box<TypeExpr>),
    /// A type or enumeration declared in the same file.
    Named(String),
}

/// Built-in scalar types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Primitive {
    /// UTF-8 text.
    String,
    /// `true` / `false`.
    Bool,
    /// Signed 8-bit integer.
    I8,
    /// Signed 16-bit integer.
    I16,
    /// Signed 32-bit integer.
    I32,
    /// Signed 64-bit integer.
    I64,
    /// Unsigned 8-bit integer.
    U8,
    /// Unsigned 16-bit integer.
    U16,
    /// Unsigned 32-bit integer.
    U32,
    /// Unsigned 64-bit integer.
    U64,
    /// 32-bit float.
    F32,
    /// 64-bit float.
    F64,
    /// A date, kept as the wire string.
    Date,
    /// A date and time, kept as the wire string.
    DateTime,
    /// Any JSON value.
    Json,
}

impl Primitive {
    const ALL: [(&'static str, Primitive); 15] = [
        ("string", Primitive::String),
        ("bool", Primitive::Bool),
        ("i8", Primitive::I8),
        ("i16", Primitive::I16),
        ("i32", Primitive::I32),
        ("i64", Primitive::I64),
        ("u8", Primitive::U8),
        ("u16", Primitive::U16),
        ("u32", Primitive::U32),
        ("u64", Primitive::U64),
        ("f32", Primitive::F32),
        ("f64", Primitive::F64),
        ("date", Primitive::Date),
        ("datetime", Primitive::DateTime),
        ("json", Primitive::Json),
    ];

    /// The spelling in spec files.
    pub fn keyword(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, p)| *p == self)
            .map(|(k, _)| *k)
            .unwrap_or("?")
    }

    fn from_keyword(word: &str) -> Option<Self> {
        Self::ALL.iter().find(|(k, _)| *k == word).map(|(_, p)| *p)
    }

    /// Integer or float.
    pub fn is_number(self) -> bool {
        !matches!(
            self,
            Primitive::String
                | Primitive::Bool
                | Primitive::Date
                | Primitive::DateTime
                | Primitive::Json
        )
    }

    /// Held as a Rust `String`.
    pub fn is_text(self) -> bool {
        matches!(
            self,
            Primitive::String | Primitive::Date | Primitive::DateTime
        )
    }
}

impl fmt::Display for TypeExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeExpr::Primitive(p) => f.write_str(p.keyword()),
            TypeExpr::List(item) => write!(f, "list<{item}>"),
            TypeExpr::Map(value) => write!(f, "map<{value}>"),
            TypeExpr::Named(name) => f.write_str(name),
        }
    }
}

/// Parses a type expression; the error says what was expected.
pub fn parse(text: &str) -> Result<TypeExpr, String> {
    let text = text.trim();
    if let Some(inner) = strip_wrapper(text, "list") {
        return parse(inner).map(|item| TypeExpr::List(Box::new(item)));
    }
    if let Some(inner) = strip_wrapper(text, "map") {
        return parse(inner).map(|value| TypeExpr::Map(Box::new(value)));
    }
    if let Some(primitive) = Primitive::from_keyword(text) {
        return Ok(TypeExpr::Primitive(primitive));
    }
    let is_name = text.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if is_name {
        return Ok(TypeExpr::Named(text.to_owned()));
    }
    Err(format!(
        "`{text}` is not a type: expected a primitive ({}), `list<T>`, `map<T>` or a type name",
        Primitive::ALL.map(|(k, _)| k).join(", ")
    ))
}

fn strip_wrapper<'a>(text: &'a str, wrapper: &str) -> Option<&'a str> {
    text.strip_prefix(wrapper)?
        .trim_start()
        .strip_prefix('<')?
        .strip_suffix('>')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nested_expressions() {
        assert_eq!(
            parse("list<map<TagItem>>").unwrap(),
            TypeExpr::List(Box::new(TypeExpr::Map(Box::new(TypeExpr::Named(
                "TagItem".into()
            )))))
        );
        assert_eq!(parse("u64").unwrap(), TypeExpr::Primitive(Primitive::U64));
        assert_eq!(parse("list<string>").unwrap().to_string(), "list<string>");
    }

    #[test]
    fn rejects_malformed_expressions() {
        assert!(parse("list<").is_err());
        assert!(parse("list<int").is_err());
        assert!(parse("").is_err());
        assert!(parse("Tag Item").is_err());
    }
}
