//! Spec docs are Markdown, and rustdoc runs Rust code blocks in docs as
//! doctests: a fence in a spec file must never run in the user's
//! `cargo test`. Every fenced block becomes ```` ```text ```` and every
//! indented code block is wrapped in one, so the text still reads as code.

/// `text` with every code block made plain text, and with the characters
/// rustc refuses in doc comments (a bare carriage return, text-direction
/// controls) or a terminal would act on written as `\u{..}`. Code blocks
/// inside list items and block quotes count too: the markers in front of a
/// line are kept and the rest is read as a line of its own.
pub fn inert(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    // The fence of an open fenced block: its character and length.
    let mut fence: Option<(char, usize)> = None;
    let mut in_indented = false;
    // Markers of the last line, to close a block left open at the end.
    let mut last_prefix = String::new();
    let mut after_blank = true;
    for line in text.replace("\r\n", "\n").lines() {
        let line = &visible(line);
        let (prefix, rest) = split_markers(line);
        prefix.clone_into(&mut last_prefix);
        let trimmed = rest.trim_start_matches(' ');
        let indent = rest.len() - trimmed.len();
        if let Some((c, n)) = fence {
            if indent <= 3 && closes(trimmed, c, n) {
                fence = None;
            }
            out.push(line.to_owned());
            continue;
        }
        let blank = rest.trim().is_empty();
        let lead = &rest[..rest.len() - rest.trim_start().len()];
        let code_indent = !blank && (lead.len() >= 4 || lead.contains('\t'));
        if in_indented && !blank && !code_indent {
            out.push(format!("{prefix}```"));
            in_indented = false;
        }
        if !in_indented && indent <= 3 {
            if let Some((c, n)) = opens(trimmed) {
                let marker = c.to_string().repeat(n);
                out.push(format!("{prefix}{}{marker}text", " ".repeat(indent)));
                fence = Some((c, n));
                after_blank = false;
                continue;
            }
        }
        if !in_indented && code_indent && after_blank {
            out.push(format!("{prefix}```text"));
            in_indented = true;
        }
        out.push(line.to_owned());
        after_blank = blank;
    }
    if in_indented {
        out.push(format!("{last_prefix}```"));
    }
    if let Some((c, n)) = fence {
        out.push(format!("{last_prefix}{}", c.to_string().repeat(n)));
    }
    out.join("\n")
}

/// `line` with hidden characters escaped; tabs are kept, for indentation.
fn visible(line: &str) -> String {
    line.split('\t')
        .map(crate::diagnostics::escape)
        .collect::<Vec<_>>()
        .join("\t")
}

/// Splits the block-quote and list-item markers (`> `, `- `, `1. `) off
/// the front of a line.
fn split_markers(line: &str) -> (&str, &str) {
    let mut at = 0;
    loop {
        let rest = &line[at..];
        let spaces = rest.len() - rest.trim_start_matches(' ').len();
        let after = &rest[spaces..];
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let marker = if after.starts_with('>') {
            1
        } else if after.starts_with(['-', '*', '+']) && after[1..].starts_with(' ') {
            2
        } else if digits > 0
            && after[digits..].starts_with(['.', ')'])
            && after[digits + 1..].starts_with(' ')
        {
            digits + 2
        } else {
            0
        };
        if spaces > 3 || marker == 0 {
            return (&line[..at], rest);
        }
        at += spaces + marker;
    }
}

/// The fence character and length when `line` opens a fenced block.
fn opens(line: &str) -> Option<(char, usize)> {
    let c = line.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let n = line.chars().take_while(|x| *x == c).count();
    // A backtick in the info string makes it inline code, not a fence.
    let info = &line[n..];
    (n >= 3 && !(c == '`' && info.contains('`'))).then_some((c, n))
}

fn closes(line: &str, c: char, n: usize) -> bool {
    let run = line.chars().take_while(|x| *x == c).count();
    run >= n && line[run..].trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::inert;

    #[test]
    fn fences_become_text_and_keep_their_content() {
        let text = "Run:\n```rust\nstd::process::exit(1);\n```\nand\n  ~~~~ ignore\nx\n~~~~\n";
        assert_eq!(
            inert(text),
            "Run:\n```text\nstd::process::exit(1);\n```\nand\n  ~~~~text\nx\n~~~~"
        );
    }

    #[test]
    fn indented_code_is_wrapped_and_unclosed_fences_are_closed() {
        assert_eq!(
            inert("a\n\n    panic!();\n\tx\nb\n```\nopen"),
            "a\n\n```text\n    panic!();\n\tx\n```\nb\n```text\nopen\n```"
        );
        // A line indented right after a paragraph line continues it.
        assert_eq!(inert("a\n    b"), "a\n    b");
        assert_eq!(inert("`` `inline` ``"), "`` `inline` ``");
        assert_eq!(
            inert("a\rb\u{202e}\u{1b}\tc\r\nd"),
            "a\\u{d}b\\u{202e}\\u{1b}\tc\nd"
        );
        // Inside list items and quotes.
        assert_eq!(inert("- ```rust\n  x\n  ```"), "- ```text\n  x\n  ```");
        assert_eq!(inert(">\n>     x"), ">\n>```text\n>     x\n>```");
    }
}
