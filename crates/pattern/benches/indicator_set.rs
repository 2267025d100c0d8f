//! Compiling indicators into an `IndicatorSet`, and looking values up in it.
//! Run: `cargo bench -p pattern --bench indicator_set`.

use pattern::IndicatorSet;

fn main() {
    divan::main();
}

fn indicators(n: usize) -> Vec<(String, String)> {
    (0..n)
        .map(|i| {
            let id = format!("indicator--{:08x}-0000-4000-8000-{:012x}", i, i);
            let p = match i % 5 {
                0 => format!(
                    "[ipv4-addr:value = '10.{}.{}.{}']",
                    (i >> 16) & 255,
                    (i >> 8) & 255,
                    i & 255
                ),
                1 => format!("[domain-name:value = 'host{i}.evil.example']"),
                2 => format!(
                    "[file:hashes.'SHA-256' = '{:064x}']",
                    i as u128 * 0x9e37_79b9_7f4a_7c15
                ),
                3 => format!("[url:value = 'http://bad{i}.example/x']"),
                _ => {
                    format!("[ipv4-addr:value ISSUBSET '172.{}.{}.0/24']", (i >> 8) & 255, i & 255)
                }
            };
            (id, p)
        })
        .collect()
}

/// The budget: 100,000 simple indicators compiled in at most 1 s.
#[divan::bench(sample_count = 5)]
fn compile_100k(bencher: divan::Bencher) {
    let list = indicators(100_000);
    bencher.bench(|| {
        let mut b = IndicatorSet::builder();
        for (id, p) in &list {
            let _ = b.add(id, p);
        }
        b.build()
    });
}

#[divan::bench]
fn match_value_domain(bencher: divan::Bencher) {
    let list = indicators(100_000);
    let mut b = IndicatorSet::builder();
    for (id, p) in &list {
        let _ = b.add(id, p);
    }
    let set = b.build();
    let path = set.path_id("domain-name:value").expect("indexed");
    let mut out = Vec::new();
    bencher.bench_local(|| {
        out.clear();
        set.match_value_at(path, divan::black_box("www.host11.evil.example"), &mut out);
        out.len()
    });
}
