//! `cairn validate`: check STIX 2.1 documents against the specification's MUST and SHOULD rules.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use serde::Serialize;
use stix::json::{self, Limits, Shape};
use stix::validate::{Diagnostic, Options, Severity, Validator};

use crate::input::{DEFAULT_MAX_BYTES, read_input};
use crate::{EXIT_ERROR, EXIT_NO, EXIT_OK, Format, Global};

/// Diagnostics kept per file for `--format json`; beyond this they are counted, not kept.
const MAX_KEPT_DIAGNOSTICS: usize = 10_000;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// STIX documents: a bundle, one object or an array of objects; `-` is stdin; gzip is accepted.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
    /// Treat SHOULD rules (warnings) as errors.
    #[arg(long)]
    strict: bool,
    /// Reject object types the specification does not define.
    #[arg(long)]
    strict_types: bool,
    /// Reject properties the specification does not define.
    #[arg(long)]
    strict_properties: bool,
    /// References in a bundle must point to objects of the same bundle.
    #[arg(long)]
    enforce_refs: bool,
    /// Apply the STIX interoperability profile's extra MUSTs.
    #[arg(long)]
    interop: bool,
    /// Skip these SHOULD checks (codes or names, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    disable: Vec<String>,
    /// Run only these SHOULD checks (codes or names, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    enable: Vec<String>,
    /// Largest input accepted, in bytes after decompression.
    #[arg(long, default_value_t = DEFAULT_MAX_BYTES, value_name = "BYTES")]
    max_bytes: u64,
    /// Deepest JSON nesting accepted.
    #[arg(long, default_value_t = Limits::default().max_depth, value_name = "N")]
    max_depth: usize,
    /// Most objects accepted in one document.
    #[arg(long, default_value_t = Limits::default().max_objects, value_name = "N")]
    max_objects: usize,
}

#[derive(Serialize)]
struct FileReport {
    file: String,
    valid: bool,
    objects: usize,
    errors: usize,
    warnings: usize,
    diagnostics: Vec<Diagnostic>,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let format = match global.format {
        None | Some(Format::Text) => Format::Text,
        Some(Format::Json) => Format::Json,
        Some(other) => anyhow::bail!("validate supports --format text or json, not {other:?}"),
    };
    let options = Options {
        strict: args.strict,
        strict_types: args.strict_types,
        strict_properties: args.strict_properties,
        enforce_refs: args.enforce_refs,
        interop: args.interop,
        disabled: args.disable.clone(),
        enabled: args.enable.clone(),
    };
    let limits = Limits { max_depth: args.max_depth, max_objects: args.max_objects };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let (mut any_invalid, mut any_unreadable) = (false, false);
    let (mut total_objects, mut total_errors, mut total_warnings) = (0, 0, 0);

    for file in &args.files {
        let bytes = match read_input(file, args.max_bytes) {
            Ok(bytes) => bytes,
            Err(err) => {
                any_unreadable = true;
                eprintln!("cairn: {err:#}");
                continue;
            }
        };
        let mut report = FileReport {
            file: file.clone(),
            valid: true,
            objects: 0,
            errors: 0,
            warnings: 0,
            diagnostics: Vec::new(),
        };
        let mut validator = Validator::new(options.clone());
        let mut write_error = None;
        let mut emit = |d: Diagnostic, report: &mut FileReport| {
            match d.severity {
                Severity::Error => report.errors += 1,
                Severity::Warning => report.warnings += 1,
            }
            if format == Format::Text {
                if write_error.is_none()
                    && let Err(e) = print_text(&mut out, file, &d)
                {
                    write_error = Some(e);
                }
            } else if report.diagnostics.len() < MAX_KEPT_DIAGNOSTICS {
                report.diagnostics.push(d);
            }
        };
        let mut objects = 0;
        let parsed = json::for_each_object(&bytes, &limits, |at, object| {
            objects += 1;
            for d in validator.object(&object, &at.path()) {
                emit(d, &mut report);
            }
        });
        let mut tail = match parsed {
            Ok(Shape::Bundle { envelope, .. }) => {
                stix::validate::validate_bundle_envelope(&envelope, "$", &options)
            }
            Ok(Shape::Array { .. } | Shape::Object) => Vec::new(),
            Err(err) => vec![Diagnostic {
                severity: Severity::Error,
                code: "invalid-json",
                object_id: None,
                path: "$".to_owned(),
                message: format!("not a valid JSON document: {err}"),
            }],
        };
        tail.extend(validator.finish());
        for d in tail {
            emit(d, &mut report);
        }
        if let Some(e) = write_error {
            return Err(e.into());
        }
        report.objects = objects;
        report.valid = report.errors == 0;
        any_invalid |= !report.valid;
        total_objects += report.objects;
        total_errors += report.errors;
        total_warnings += report.warnings;
        if format == Format::Json {
            serde_json::to_writer(&mut out, &report)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    if format == Format::Text && !global.quiet {
        eprintln!(
            "{} file(s), {total_objects} object(s): {total_errors} error(s), {total_warnings} warning(s)",
            args.files.len()
        );
    }
    Ok(ExitCode::from(if any_unreadable {
        EXIT_ERROR
    } else if any_invalid {
        EXIT_NO
    } else {
        EXIT_OK
    }))
}

fn print_text(out: &mut dyn Write, file: &str, d: &Diagnostic) -> io::Result<()> {
    let severity = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let id = d.object_id.as_deref().unwrap_or("-");
    writeln!(out, "{file}: {id}: {}: {severity}[{}]: {}", d.path, d.code, d.message)
}
