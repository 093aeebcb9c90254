//! The draft of the API changes that `cargo xtask codegen` keeps in the CHANGELOG.

use super::{Change, Level, Report, What};

/// The first line of the draft block `cargo xtask codegen` keeps in the CHANGELOG.
pub const DRAFT_BEGIN: &str = "<!-- cargo xtask codegen: API changes (draft) begin -->";
/// The last line of that block.
pub const DRAFT_END: &str = "<!-- cargo xtask codegen: API changes (draft) end -->";
pub(crate) const DRAFT_HEADING: &str = "### API changes from regenerating (draft)";
const DRAFT_LEVEL: &str = "Semver level of these changes: ";

/// One line of the CHANGELOG draft for a change: `- minor: added field `models::X.y`: `T``.
fn draft_line(change: &Change) -> String {
    if matches!(change.what, What::Docs | What::Implementation) {
        return "- patch: docs or implementation changed".to_owned();
    }
    let mut line = format!(
        "- {}: {} {} `{}`",
        change.level,
        change.what.as_str(),
        change.kind.as_str(),
        change.path
    );
    if !change.detail.is_empty() {
        line.push_str(&format!(": `{}`", change.detail));
    }
    if let Some(reason) = change.reason {
        line.push_str(&format!(" ({reason})"));
    }
    line
}

/// The CHANGELOG with `report` merged into the draft block of its `## [Unreleased]` section, or
/// `None` when nothing is to be added.
///
/// The block sits at the top of `## [Unreleased]` (the section is made, above the first release,
/// when missing), between [`DRAFT_BEGIN`] and [`DRAFT_END`]. Each regeneration adds the lines of
/// its changes that the block does not hold yet (docs and body changes are one line) and raises
/// the level line to the highest level seen, so running twice adds nothing. The block is a
/// draft: before a release the maintainer turns it into the entry's prose and deletes it.
pub fn changelog_draft(changelog: &str, report: &Report) -> Option<String> {
    if report.changes.is_empty() {
        return None;
    }
    let mut lines: Vec<String> = Vec::new();
    let mut level = report.level();
    let (before, after) = match (changelog.find(DRAFT_BEGIN), changelog.find(DRAFT_END)) {
        (Some(begin), Some(end)) if begin < end => {
            let body = &changelog[begin + DRAFT_BEGIN.len()..end];
            for line in body.lines().map(str::trim_end) {
                if let Some(rest) = line.strip_prefix(DRAFT_LEVEL) {
                    level = level.max(parse_level(rest));
                } else if line.starts_with("- ") {
                    lines.push(line.to_owned());
                }
            }
            (
                changelog[..begin].to_owned(),
                changelog[end + DRAFT_END.len()..].to_owned(),
            )
        }
        _ => {
            let (head, tail) = unreleased_insertion_point(changelog);
            let tail = if tail.is_empty() {
                "\n".to_owned()
            } else {
                format!("\n\n{tail}")
            };
            (format!("{head}{DRAFT_HEADING}\n\n"), tail)
        }
    };
    let old_count = lines.len();
    for change in &report.changes {
        let line = draft_line(change);
        if !lines.contains(&line) {
            lines.push(line);
        }
    }
    let mut block = format!("{DRAFT_BEGIN}\n{DRAFT_LEVEL}{level}\n\n");
    for line in &lines {
        block.push_str(line);
        block.push('\n');
    }
    block.push_str(DRAFT_END);
    let text = format!("{before}{block}{after}");
    (lines.len() != old_count || text != changelog).then_some(text)
}

fn parse_level(text: &str) -> Level {
    match text.trim() {
        "major" => Level::Major,
        "minor" => Level::Minor,
        "patch" => Level::Patch,
        _ => Level::None,
    }
}

/// Splits the CHANGELOG where the draft block goes: just under `## [Unreleased]`, which is made
/// above the first `## ` heading (or at the end) when missing.
fn unreleased_insertion_point(changelog: &str) -> (String, String) {
    let mut offset = 0;
    let mut first_section = None;
    for line in changelog.split_inclusive('\n') {
        if line.trim_end().eq_ignore_ascii_case("## [unreleased]") {
            let mut head = changelog[..offset + line.len()].to_owned();
            if !head.ends_with('\n') {
                head.push('\n');
            }
            head.push('\n');
            let tail = changelog[offset + line.len()..].trim_start_matches('\n');
            return (head, tail.to_owned());
        }
        if first_section.is_none() && line.starts_with("## ") {
            first_section = Some(offset);
        }
        offset += line.len();
    }
    let at = first_section.unwrap_or(changelog.len());
    let mut head = changelog[..at].to_owned();
    if !head.is_empty() && !head.ends_with("\n\n") {
        head.push_str(if head.ends_with('\n') { "\n" } else { "\n\n" });
    }
    head.push_str("## [Unreleased]\n\n");
    (head, changelog[at..].to_owned())
}
