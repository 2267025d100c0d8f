//! Any text through normalization and the IOC scanner: never a panic, offsets in bounds.
#![no_main]

use std::sync::LazyLock;

use extract::ioc::Scanner;
use libfuzzer_sys::fuzz_target;

static SCANNER: LazyLock<Scanner> = LazyLock::new(Scanner::new);

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let normalized = extract::text::Normalized::from_plain(&text);
    for ioc in SCANNER.scan(&normalized.text) {
        assert!(ioc.start <= ioc.end && ioc.end <= normalized.text.len());
    }
});
