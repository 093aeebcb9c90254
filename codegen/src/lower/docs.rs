//! Turns spec prose into doc lines that rustdoc prints as written and never runs as doctests.

/// Splits `text` into doc lines. Fenced code blocks become `text` blocks and indented lines are
/// flattened, so an example in a description is never compiled as a Rust doctest.
pub fn doc_lines(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_fence = false;
    for line in text.trim().lines() {
        let trimmed = line.trim_start();
        if let Some(info) = trimmed.strip_prefix("```") {
            if in_fence {
                lines.push("```".to_owned());
            } else {
                let info = info.trim();
                let info = if info.is_empty() || info == "rust" {
                    "text"
                } else {
                    info
                };
                lines.push(format!("```{info}"));
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            lines.push(line.trim_end().to_owned());
        } else if line.starts_with("    ") || line.starts_with('\t') {
            lines.push(trimmed.trim_end().to_owned());
        } else {
            lines.push(line.trim_end().to_owned());
        }
    }
    if in_fence {
        lines.push("```".to_owned());
    }
    lines
}

/// Doc lines from an optional description, or the fallback sentence when there is none.
pub fn docs_or(text: Option<&str>, fallback: impl FnOnce() -> String) -> Vec<String> {
    match text.map(str::trim) {
        Some(text) if !text.is_empty() => doc_lines(text),
        _ => vec![fallback()],
    }
}

/// Doc lines from an optional description, or none: where the spec says nothing the generator
/// says nothing rather than a sentence that only repeats the name.
pub fn docs_of(text: Option<&str>) -> Vec<String> {
    match text.map(str::trim) {
        Some(text) if !text.is_empty() => doc_lines(text),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_become_text_and_indents_are_flattened() {
        let lines = doc_lines("Intro\n\n```\nlet x = 1;\n```\n    indented code\nend");
        assert_eq!(
            lines,
            [
                "Intro",
                "",
                "```text",
                "let x = 1;",
                "```",
                "indented code",
                "end"
            ]
        );
    }

    #[test]
    fn unterminated_fences_are_closed() {
        assert_eq!(doc_lines("```json\n{}"), ["```json", "{}", "```"]);
    }
}
