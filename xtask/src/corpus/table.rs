//! The corpus run's rows as text: the plain table, the Markdown table (the README's), the one
//! summary line, and the totals they (and `--targets`) are made of.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use super::Row;
use crate::scale::seconds;

/// The table as Markdown: one row per document, then the summary line.
pub(super) fn markdown(rows: &[Row]) -> String {
    let mut out = String::from(
        "| document | operations | errors | guesses | not generated | time (wall / CPU) | compiles |\n|---|---:|---:|---:|---:|---:|---|\n",
    );
    for row in rows {
        let r = &row.report;
        let _ = writeln!(
            out,
            "| {} | {}/{} | {} | {} | {} | {} | {} |",
            row.name,
            r.operations_generated,
            r.operations_total,
            if r.errors.is_empty() {
                "0".to_owned()
            } else {
                format!("{} ({})", r.errors.len(), kinds(&r.errors))
            },
            r.guesses.len(),
            r.notes.len(),
            row.times(),
            row.compiles_text(),
        );
    }
    let _ = writeln!(out, "\n{}", summary(rows));
    out
}

pub(super) fn table(rows: &[Row]) -> String {
    let mut out = String::new();
    let width = rows.iter().map(|r| r.name.len()).max().unwrap_or(8).max(8);
    let _ = writeln!(
        out,
        "{:width$}  {:>9}  {:>7}  {:>7}  {:>5}  {:>19}  {:>9}  errors by kind",
        "document", "ops", "errors", "guesses", "notes", "time (wall / CPU)", "compiles"
    );
    for row in rows {
        let r = &row.report;
        let _ = writeln!(
            out,
            "{:width$}  {:>9}  {:>7}  {:>7}  {:>5}  {:>19}  {:>9}  {}",
            row.name,
            format!("{}/{}", r.operations_generated, r.operations_total),
            r.errors.len(),
            r.guesses.len(),
            r.notes.len(),
            row.times(),
            row.compiles_text(),
            kinds(&r.errors),
        );
        if let Some(panic) = &row.panic {
            let _ = writeln!(out, "{:width$}  the generator panicked: {panic}", "");
        } else if let Some(error) = row.load_error() {
            let _ = writeln!(out, "{:width$}  did not load: {error}", "");
        }
        if let Some(error) = &row.compiler_error {
            let _ = writeln!(out, "{:width$}  first compiler error: {error}", "");
        }
    }
    let _ = writeln!(out, "{}", summary(rows));
    out
}

/// The one summary line.
fn summary(rows: &[Row]) -> String {
    let t = Totals::of(rows);
    let checked = if t.checked {
        format!("{}/{} compile", t.compiling, t.documents)
    } else {
        "not compiled".to_owned()
    };
    format!(
        "corpus: {} documents, {}/{} operations ({:.1} %), {} whole, {checked}, {} panics, {} errors, {} guesses, {} not generated (webhooks), generation {}",
        t.documents,
        t.generated,
        t.total,
        t.percent(),
        t.whole,
        t.panics,
        t.errors,
        t.guesses,
        t.notes,
        seconds(t.time)
    )
}

/// The totals every summary is made of.
pub(super) struct Totals {
    pub(super) documents: usize,
    pub(super) generated: usize,
    pub(super) total: usize,
    pub(super) whole: usize,
    pub(super) loaded: usize,
    pub(super) compiling: usize,
    pub(super) checked: bool,
    pub(super) errors: usize,
    pub(super) guesses: usize,
    pub(super) notes: usize,
    pub(super) panics: usize,
    pub(super) time: Duration,
}

impl Totals {
    pub(super) fn of(rows: &[Row]) -> Totals {
        Totals {
            documents: rows.len(),
            generated: rows.iter().map(|r| r.report.operations_generated).sum(),
            total: rows.iter().map(|r| r.report.operations_total).sum(),
            whole: rows.iter().filter(|r| r.whole()).count(),
            loaded: rows
                .iter()
                .filter(|r| r.panic.is_none() && r.load_error().is_none())
                .count(),
            compiling: rows.iter().filter(|r| r.compiles == Some(true)).count(),
            checked: rows.iter().any(|r| r.compiles.is_some()),
            errors: rows.iter().map(|r| r.report.errors.len()).sum(),
            guesses: rows.iter().map(|r| r.report.guesses.len()).sum(),
            notes: rows.iter().map(|r| r.report.notes.len()).sum(),
            panics: rows.iter().filter(|r| r.panic.is_some()).count(),
            time: rows.iter().map(|r| r.time).sum(),
        }
    }

    pub(super) fn percent(&self) -> f64 {
        if self.total == 0 {
            100.0
        } else {
            self.generated as f64 * 100.0 / self.total as f64
        }
    }
}

/// Error counts by kind, e.g. `PathParam 2, Unsupported 1`.
fn kinds(errors: &[codegen::Error]) -> String {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for error in errors {
        *counts.entry(format!("{:?}", error.kind)).or_default() += 1;
    }
    if counts.is_empty() {
        return "-".to_owned();
    }
    counts
        .iter()
        .map(|(kind, n)| format!("{kind} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}
