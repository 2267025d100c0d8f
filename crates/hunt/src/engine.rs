//! The hunt: files split into work units (whole streams, or newline-aligned byte ranges of large
//! plain files), hunted in parallel by scoped threads, each reading fixed-size blocks.
//!
//! **Invariant:** memory is bounded by `threads × (block_size + max_line)` plus the index and
//! the hits, whatever the size of the logs.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use crate::index::{Indicator, IndicatorIndex, Matcher};
use crate::scan::{Ctx, LineParser, LogKind, RawHit, SimpleTextScanner, TextScanner, detect};

/// Bytes read to tell a log's kind and learn its header.
const HEAD_BYTES: usize = 64 * 1024;

/// How a hunt runs.
#[derive(Debug, Clone)]
pub struct HuntOptions {
    /// Worker threads (default: the machine's parallelism).
    pub threads: usize,
    /// Plain files larger than this are split into ranges of about this size.
    pub chunk_size: u64,
    /// Bytes read at a time by each worker.
    pub block_size: usize,
    /// Longest line hunted; longer lines are counted as malformed and skipped.
    pub max_line: usize,
    /// Malformed lines reported (with their line numbers) per file; the rest are counted.
    pub max_bad_samples: usize,
    /// Force a log kind instead of detecting it.
    pub kind: Option<LogKind>,
}

impl Default for HuntOptions {
    fn default() -> Self {
        HuntOptions {
            threads: std::thread::available_parallelism().map_or(2, usize::from),
            chunk_size: 64 * 1024 * 1024,
            block_size: 2 * 1024 * 1024,
            max_line: 1024 * 1024,
            max_bad_samples: 10,
            kind: None,
        }
    }
}

/// One indicator hit in a log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index into [`HuntReport::files`].
    pub file: usize,
    /// 1-based line number in the file, counting header lines.
    pub line: u64,
    /// The log field (or `host+uri` for a URL joined from two fields, `text` for plain text).
    pub field: String,
    /// The value in the log.
    pub value: String,
    /// Index of the indicator; see [`Hunter::indicator`].
    pub indicator: u32,
    /// When the logged event happened, as an RFC 3339 UTC timestamp (`2026-11-24T01:02:03.5Z`),
    /// read from the record's time field (Zeek `ts`, EVE `timestamp`); `None` when the record
    /// has none that parses.
    pub ts: Option<String>,
}

/// A malformed line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    pub line: u64,
    pub reason: &'static str,
}

/// What one log file gave.
#[derive(Debug, Clone, Default)]
pub struct FileReport {
    /// The name as given (`-` for stdin).
    pub name: String,
    pub kind: Option<LogKind>,
    pub lines: u64,
    /// Bytes hunted (after decompression).
    pub bytes: u64,
    pub hits: u64,
    pub bad_lines: u64,
    /// The first malformed lines.
    pub bad_samples: Vec<BadLine>,
    /// Why the file was not read to its end (cannot open, truncated gzip, read error).
    pub error: Option<String>,
}

/// Everything a hunt found.
#[derive(Debug, Clone, Default)]
pub struct HuntReport {
    pub files: Vec<FileReport>,
    /// Hits in file order, then line order.
    pub hits: Vec<Hit>,
}

impl HuntReport {
    pub fn lines(&self) -> u64 {
        self.files.iter().map(|f| f.lines).sum()
    }
    pub fn bytes(&self) -> u64 {
        self.files.iter().map(|f| f.bytes).sum()
    }
    pub fn bad_lines(&self) -> u64 {
        self.files.iter().map(|f| f.bad_lines).sum()
    }
}

/// Matches logs against an indicator index.
#[derive(Debug)]
pub struct Hunter {
    index: IndicatorIndex,
    text: Box<dyn TextScanner>,
    options: HuntOptions,
}

#[derive(Debug)]
enum Span {
    /// The whole input as a stream (gzip, stdin, small files).
    Stream,
    /// Lines that start in `start..end` of a plain file.
    Range { start: u64, end: u64 },
}

#[derive(Debug)]
struct Unit {
    file: usize,
    span: Span,
    /// Kind and head of the file when known before the unit runs (ranges).
    head: Option<(LogKind, Arc<Vec<u8>>)>,
}

#[derive(Debug, Default)]
struct UnitResult {
    kind: Option<LogKind>,
    lines: u64,
    bytes: u64,
    bad_lines: u64,
    bad_samples: Vec<BadLine>,
    hits: Vec<RawHit>,
    error: Option<String>,
}

impl Hunter {
    pub fn new(index: IndicatorIndex) -> Hunter {
        Hunter { index, text: Box::new(SimpleTextScanner), options: HuntOptions::default() }
    }

    pub fn with_options(mut self, options: HuntOptions) -> Hunter {
        self.options = options;
        self
    }

    /// Uses `scanner` for plain-text logs instead of [`SimpleTextScanner`].
    pub fn with_text_scanner(mut self, scanner: Box<dyn TextScanner>) -> Hunter {
        self.text = scanner;
        self
    }

    pub fn index(&self) -> &IndicatorIndex {
        &self.index
    }

    /// The indicator a [`Hit`] names.
    pub fn indicator(&self, index: u32) -> &Indicator {
        self.index.indicator(index)
    }

    /// Hunts the logs at `paths` (`-` is stdin).
    pub fn hunt(&self, paths: &[PathBuf]) -> HuntReport {
        self.hunt_with_progress(paths, &AtomicU64::new(0))
    }

    /// Like [`Hunter::hunt`], adding the bytes read to `progress` as it goes.
    pub fn hunt_with_progress(&self, paths: &[PathBuf], progress: &AtomicU64) -> HuntReport {
        let mut files: Vec<FileReport> = paths
            .iter()
            .map(|p| FileReport { name: p.display().to_string(), ..FileReport::default() })
            .collect();
        let mut units = Vec::new();
        for (file, path) in paths.iter().enumerate() {
            match self.plan(file, path, &mut units) {
                Ok(()) => {}
                Err(e) => {
                    if let Some(report) = files.get_mut(file) {
                        report.error = Some(format!("cannot read: {e}"));
                    }
                }
            }
        }
        let results = self.run_units(paths, &units, progress);
        let mut hits = Vec::new();
        let mut offsets = vec![0u64; files.len()];
        for (unit, result) in units.iter().zip(results) {
            let (Some(report), Some(offset)) =
                (files.get_mut(unit.file), offsets.get_mut(unit.file))
            else {
                continue;
            };
            report.kind = report.kind.or(result.kind);
            report.bytes += result.bytes;
            report.bad_lines += result.bad_lines;
            report.hits += result.hits.len() as u64;
            for bad in result.bad_samples {
                if report.bad_samples.len() < self.options.max_bad_samples {
                    report
                        .bad_samples
                        .push(BadLine { line: *offset + bad.line, reason: bad.reason });
                }
            }
            hits.extend(result.hits.into_iter().map(|h| Hit {
                file: unit.file,
                line: *offset + h.line,
                field: h.field,
                value: h.value,
                indicator: h.indicator,
                ts: h.ts,
            }));
            if report.error.is_none() {
                report.error = result.error;
            }
            *offset += result.lines;
            report.lines += result.lines;
        }
        HuntReport { files, hits }
    }

    /// Hunts one stream (e.g. a pipe), named `name` in the report.
    pub fn hunt_reader(&self, name: &str, reader: &mut dyn Read) -> HuntReport {
        let mut result = UnitResult::default();
        self.run_stream(reader, None, &mut result, &AtomicU64::new(0), name);
        let file = FileReport {
            name: name.to_string(),
            kind: result.kind,
            lines: result.lines,
            bytes: result.bytes,
            hits: result.hits.len() as u64,
            bad_lines: result.bad_lines,
            bad_samples: result.bad_samples,
            error: result.error,
        };
        let hits = result
            .hits
            .into_iter()
            .map(|h| Hit {
                file: 0,
                line: h.line,
                field: h.field,
                value: h.value,
                indicator: h.indicator,
                ts: h.ts,
            })
            .collect();
        HuntReport { files: vec![file], hits }
    }

    fn plan(&self, file: usize, path: &Path, units: &mut Vec<Unit>) -> io::Result<()> {
        if path.as_os_str() == "-" {
            units.push(Unit { file, span: Span::Stream, head: None });
            return Ok(());
        }
        let mut f = File::open(path)?;
        let meta = f.metadata()?;
        if meta.is_dir() {
            return Err(io::Error::other("is a directory"));
        }
        let size = meta.len();
        let mut head = vec![0u8; HEAD_BYTES];
        let n = read_full(&mut f, &mut head)?;
        head.truncate(n);
        let gzip = head.starts_with(&[0x1f, 0x8b]);
        if gzip || size <= self.options.chunk_size || !meta.is_file() {
            units.push(Unit { file, span: Span::Stream, head: None });
            return Ok(());
        }
        let kind = self.options.kind.unwrap_or_else(|| detect(&path.to_string_lossy(), &head));
        let head = Arc::new(head);
        let chunk = self.options.chunk_size.max(1);
        let mut start = 0;
        while start < size {
            let end = start.saturating_add(chunk).min(size);
            units.push(Unit {
                file,
                span: Span::Range { start, end },
                head: Some((kind, Arc::clone(&head))),
            });
            start = end;
        }
        Ok(())
    }

    fn run_units(
        &self,
        paths: &[PathBuf],
        units: &[Unit],
        progress: &AtomicU64,
    ) -> Vec<UnitResult> {
        let next = AtomicUsize::new(0);
        let workers = self.options.threads.clamp(1, units.len().max(1));
        let mut results: Vec<(usize, UnitResult)> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|_| {
                    scope.spawn(|| {
                        let mut done = Vec::new();
                        loop {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            let Some(unit) = units.get(i) else { break };
                            let path = paths
                                .get(unit.file)
                                .map(PathBuf::as_path)
                                .unwrap_or(Path::new("-"));
                            done.push((i, self.run_unit(path, unit, progress)));
                        }
                        done
                    })
                })
                .collect();
            handles
                .into_iter()
                // A worker cannot panic on input (the parsers are total); if one did, its units are
                // reported as errors below instead of taking the run down.
                .flat_map(|h| h.join().unwrap_or_default())
                .collect()
        });
        results.sort_by_key(|(i, _)| *i);
        let mut out: Vec<UnitResult> = Vec::with_capacity(units.len());
        let mut results = results.into_iter().peekable();
        for i in 0..units.len() {
            match results.peek() {
                Some((j, _)) if *j == i => {
                    if let Some((_, r)) = results.next() {
                        out.push(r);
                    }
                }
                _ => out.push(UnitResult {
                    error: Some("worker failed".into()),
                    ..UnitResult::default()
                }),
            }
        }
        out
    }

    fn run_unit(&self, path: &Path, unit: &Unit, progress: &AtomicU64) -> UnitResult {
        let mut result = UnitResult::default();
        let name = path.to_string_lossy();
        match (&unit.span, &unit.head) {
            (Span::Range { start, end }, Some((kind, head))) => {
                result.kind = Some(*kind);
                let opened = File::open(path).and_then(|mut f| {
                    // One byte back: if it is a newline, the unit starts on a line.
                    let from = start.saturating_sub(1);
                    f.seek(SeekFrom::Start(from))?;
                    Ok(f)
                });
                match opened {
                    Ok(mut f) => {
                        let mut parser = LineParser::new(*kind, head);
                        let mut ctx = Ctx::new(&self.index, self.text.as_ref());
                        let lines = Lines {
                            skip_first: *start > 0,
                            limit: Some(end - start.saturating_sub(1)),
                            file_start: *start == 0,
                        };
                        self.run_lines(
                            &mut f,
                            lines,
                            &mut parser,
                            &mut ctx,
                            &mut result,
                            progress,
                            false,
                        );
                        result.hits = ctx.hits;
                    }
                    Err(e) => result.error = Some(format!("cannot read: {e}")),
                }
            }
            _ => {
                if path.as_os_str() == "-" {
                    let stdin = io::stdin();
                    let mut lock = stdin.lock();
                    self.run_stream(&mut lock, None, &mut result, progress, "-");
                } else {
                    match File::open(path) {
                        Ok(mut f) => self.run_stream(&mut f, None, &mut result, progress, &name),
                        Err(e) => result.error = Some(format!("cannot read: {e}")),
                    }
                }
            }
        }
        result
    }

    /// A whole stream: gzip by magic number, kind detected from its head.
    fn run_stream(
        &self,
        reader: &mut dyn Read,
        kind: Option<LogKind>,
        result: &mut UnitResult,
        progress: &AtomicU64,
        name: &str,
    ) {
        let mut magic = [0u8; 2];
        let n = match read_full(reader, &mut magic) {
            Ok(n) => n,
            Err(e) => {
                result.error = Some(format!("cannot read: {e}"));
                return;
            }
        };
        let chained = magic.get(..n).unwrap_or_default().chain(reader);
        let gzip = magic == [0x1f, 0x8b] && n == 2;
        let mut body: Box<dyn Read + '_> = if gzip {
            Box::new(flate2::read::MultiGzDecoder::new(chained))
        } else {
            Box::new(chained)
        };
        let mut head = vec![0u8; HEAD_BYTES];
        let (got, head_error) = read_partial(&mut body, &mut head);
        head.truncate(got);
        let trimmed = name.strip_suffix(".gz").unwrap_or(name);
        let kind = kind.or(self.options.kind).unwrap_or_else(|| detect(trimmed, &head));
        result.kind = Some(kind);
        let mut parser = LineParser::new(kind, &head);
        let mut ctx = Ctx::new(&self.index, self.text.as_ref());
        // An error inside the head is replayed after it, so the lines before it are hunted.
        let tail: Box<dyn Read + '_> = match head_error {
            Some(e) => Box::new(FailOnce(Some(e))),
            None => body,
        };
        let mut all = head.as_slice().chain(tail);
        let lines = Lines { skip_first: false, limit: None, file_start: true };
        self.run_lines(&mut all, lines, &mut parser, &mut ctx, result, progress, gzip);
        result.hits = ctx.hits;
    }

    /// The block loop: complete lines go to `parser`; a line longer than `max_line` is skipped
    /// and counted; the last line may lack its newline.
    #[allow(clippy::too_many_arguments)]
    fn run_lines(
        &self,
        reader: &mut dyn Read,
        lines: Lines,
        parser: &mut LineParser,
        ctx: &mut Ctx<'_>,
        result: &mut UnitResult,
        progress: &AtomicU64,
        gzip: bool,
    ) {
        let max_line = self.options.max_line.max(16);
        let mut buf = vec![0u8; self.options.block_size.max(4096) + max_line];
        let mut filled = 0usize;
        let mut consumed = 0usize;
        // Offset (relative to where reading began) of buf[0].
        let mut base = 0u64;
        let mut skip_first = lines.skip_first;
        let mut too_long = false;
        let mut lineno = 0u64;
        let mut done = false;
        let mut eof = false;
        let max_samples = self.options.max_bad_samples;
        let bad = |result: &mut UnitResult, line: u64, reason: &'static str| {
            result.bad_lines += 1;
            if result.bad_samples.len() < max_samples {
                result.bad_samples.push(BadLine { line, reason });
            }
        };
        while !done {
            // Keep the unfinished line, make room for a block.
            if consumed > 0 {
                buf.copy_within(consumed..filled, 0);
                base += consumed as u64;
                filled -= consumed;
                consumed = 0;
            }
            if !eof {
                let space = buf.get_mut(filled..).unwrap_or_default();
                match read_some(reader, space) {
                    Ok(0) => eof = true,
                    Ok(n) => {
                        filled += n;
                        progress.fetch_add(n as u64, Ordering::Relaxed);
                    }
                    Err(e) => {
                        result.error = Some(read_error(gzip, base + filled as u64, &e));
                        if filled > consumed {
                            lineno += 1;
                            bad(result, lineno, "line cut off by the read error");
                        }
                        result.lines = lineno;
                        return;
                    }
                }
            }
            let mut search_from = consumed;
            loop {
                let window = buf.get(search_from..filled).unwrap_or_default();
                let line_end = match memchr::memchr(b'\n', window) {
                    Some(pos) => search_from + pos,
                    None if eof && filled > consumed => filled,
                    None => break,
                };
                let line_start = consumed;
                if let Some(limit) = lines.limit
                    && base + line_start as u64 >= limit
                    && !skip_first
                {
                    done = true;
                    break;
                }
                let line = buf.get(line_start..line_end).unwrap_or_default();
                consumed = (line_end + 1).min(filled);
                search_from = consumed;
                if skip_first {
                    skip_first = false;
                    continue;
                }
                lineno += 1;
                result.bytes += (consumed - line_start) as u64;
                if too_long {
                    too_long = false;
                    bad(result, lineno, "line longer than the limit");
                    continue;
                }
                let first = lines.file_start && lineno == 1;
                if let Err(reason) = parser.line(ctx, lineno, line, first) {
                    bad(result, lineno, reason);
                }
                if line_end == filled {
                    break;
                }
            }
            if eof && consumed >= filled {
                done = true;
            }
            // A line that does not fit: drop what we have of it, remember to count it.
            if !done && filled - consumed >= max_line {
                if !skip_first {
                    if let Some(limit) = lines.limit
                        && base + consumed as u64 >= limit
                    {
                        break;
                    }
                    too_long = true;
                }
                result.bytes += if skip_first { 0 } else { (filled - consumed) as u64 };
                consumed = filled;
            }
        }
        result.lines = lineno;
    }
}

#[derive(Debug, Clone, Copy)]
struct Lines {
    /// Starting mid-file: the first (partial) line belongs to the previous unit.
    skip_first: bool,
    /// Only lines starting before this offset (relative to where reading began) are hunted.
    limit: Option<u64>,
    /// The unit starts at the beginning of the file (a CSV header is its first line).
    file_start: bool,
}

fn read_error(gzip: bool, at: u64, e: &io::Error) -> String {
    if gzip {
        format!(
            "gzip stream truncated or corrupt after {at} decompressed bytes ({e}); the lines before were hunted"
        )
    } else {
        format!("read error after {at} bytes ({e}); the lines before were hunted")
    }
}

fn read_some(reader: &mut dyn Read, buf: &mut [u8]) -> io::Result<usize> {
    loop {
        match reader.read(buf) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            other => return other,
        }
    }
}

/// Reads until `buf` is full or the end; an error comes back with the count read before it.
fn read_partial(reader: &mut dyn Read, buf: &mut [u8]) -> (usize, Option<io::Error>) {
    let mut filled = 0;
    while filled < buf.len() {
        match read_some(reader, buf.get_mut(filled..).unwrap_or_default()) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) => return (filled, Some(e)),
        }
    }
    (filled, None)
}

/// A reader that fails once with a stored error, then reads as empty.
struct FailOnce(Option<io::Error>);

impl Read for FailOnce {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        match self.0.take() {
            Some(e) => Err(e),
            None => Ok(0),
        }
    }
}

fn read_full(reader: &mut dyn Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match read_some(reader, buf.get_mut(filled..).unwrap_or_default()) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}
