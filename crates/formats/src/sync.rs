//! Planning a load of the reference data from a directory laid out like the upstream mirrors:
//!
//! ```text
//! DIR/mitre-attack/*.json[.gz]            ATT&CK STIX 2.1 bundles (enterprise, mobile, ICS)
//! DIR/misp-galaxy/clusters/<name>.json    MISP galaxy clusters (misp::CLUSTER_FILES)
//! DIR/microsoft-mstic/MicrosoftMapping.json
//! ```
//!
//! Upstream locations (what `cairn sync` without `--from` downloads into its cache, in this
//! same layout):
//! - ATT&CK: `https://raw.githubusercontent.com/mitre-attack/attack-stix-data/master/<domain>-attack/<domain>-attack.json`
//!   for `enterprise`, `mobile`, `ics` (the latest release);
//! - MISP galaxy: `https://raw.githubusercontent.com/MISP/misp-galaxy/main/clusters/<name>.json`;
//! - Microsoft: `https://raw.githubusercontent.com/microsoft/mstic/master/PublicFeeds/ThreatActorNaming/MicrosoftMapping.json`.

use std::path::{Path, PathBuf};

use crate::{Options, attack, microsoft, misp};

/// What one file of a plan is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// An ATT&CK (or other STIX) bundle.
    Attack,
    /// MISP `producer.json`: loaded, and also used to name alias vendors.
    MispProducers,
    /// MISP `country.json`: loaded, and also used to read country names.
    MispCountries,
    /// Any other MISP cluster.
    MispCluster,
    /// Microsoft's naming map.
    MicrosoftNaming,
}

/// One file to load.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub path: PathBuf,
    pub role: Role,
}

/// Files in `dir` to load, in load order: producers and countries first (the other MISP
/// clusters use them), then the remaining clusters, Microsoft's map and ATT&CK. Missing files
/// are skipped; `dir` itself must be a directory.
pub fn plan(dir: &Path) -> std::io::Result<Vec<Item>> {
    if !std::fs::metadata(dir)?.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("{} is not a directory", dir.display()),
        ));
    }
    let mut items = Vec::new();
    let clusters = dir.join("misp-galaxy").join("clusters");
    for name in misp::CLUSTER_FILES {
        let path = clusters.join(name);
        if path.is_file() {
            let role = match *name {
                "producer.json" => Role::MispProducers,
                "country.json" => Role::MispCountries,
                _ => Role::MispCluster,
            };
            items.push(Item { path, role });
        }
    }
    let map = dir.join("microsoft-mstic").join("MicrosoftMapping.json");
    if map.is_file() {
        items.push(Item { path: map, role: Role::MicrosoftNaming });
    }
    let attack_dir = dir.join("mitre-attack");
    if attack_dir.is_dir() {
        let mut bundles: Vec<PathBuf> = std::fs::read_dir(&attack_dir)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                p.is_file() && (name.ends_with(".json") || name.ends_with(".json.gz"))
            })
            .collect();
        bundles.sort();
        items.extend(bundles.into_iter().map(|path| Item { path, role: Role::Attack }));
    }
    Ok(items)
}

/// A file to download: its URL and where it goes under the cache directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Download {
    pub url: String,
    /// Relative path under the cache directory (same layout as `plan` reads).
    pub relative_path: PathBuf,
}

/// Everything `cairn sync` downloads from upstream.
pub fn downloads() -> Vec<Download> {
    let mut out = Vec::new();
    for (domain, _) in attack::DOMAINS {
        out.push(Download {
            url: format!("{}/{domain}-attack/{domain}-attack.json", attack::ATTACK_STIX_DATA_BASE),
            relative_path: Path::new("mitre-attack").join(format!("{domain}-attack.json")),
        });
    }
    for name in misp::CLUSTER_FILES {
        out.push(Download {
            url: format!("{}/{name}", misp::MISP_GALAXY_CLUSTERS_BASE),
            relative_path: Path::new("misp-galaxy").join("clusters").join(name),
        });
    }
    out.push(Download {
        url: microsoft::MICROSOFT_MAPPING_URL.to_owned(),
        relative_path: Path::new("microsoft-mstic").join("MicrosoftMapping.json"),
    });
    out
}

/// The MISP context for loading the clusters of `items`: producer names, country names, and
/// the ids of every cluster's values (so `related` links between clusters resolve). Files that
/// cannot be read or parsed are left out, each with a warning.
pub fn misp_context(
    items: &[Item],
    max_bytes: u64,
    options: &Options,
) -> (misp::Context, Vec<String>) {
    let paths: Vec<(&Path, Role)> = items
        .iter()
        .filter(|i| matches!(i.role, Role::MispProducers | Role::MispCountries | Role::MispCluster))
        .map(|i| (i.path.as_path(), i.role))
        .collect();
    build_context(&paths, max_bytes, options)
}

/// [`misp_context`] for a directory of cluster files (`producer.json`, `country.json` and every
/// other `*.json` there), as `cairn import` uses for a cluster file it is given.
pub fn misp_context_for_dir(
    dir: &Path,
    max_bytes: u64,
    options: &Options,
) -> (misp::Context, Vec<String>) {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
            .collect(),
        Err(e) => return (misp::Context::new(), vec![format!("{}: {e}", dir.display())]),
    };
    files.sort();
    let paths: Vec<(&Path, Role)> = files
        .iter()
        .map(|p| {
            let role = match p.file_name().and_then(|n| n.to_str()) {
                Some("producer.json") => Role::MispProducers,
                Some("country.json") => Role::MispCountries,
                _ => Role::MispCluster,
            };
            (p.as_path(), role)
        })
        .collect();
    build_context(&paths, max_bytes, options)
}

fn build_context(
    paths: &[(&Path, Role)],
    max_bytes: u64,
    options: &Options,
) -> (misp::Context, Vec<String>) {
    let mut context = misp::Context::new();
    let mut warnings = Vec::new();
    for &(path, role) in paths {
        let result = crate::read_file(path, max_bytes).and_then(|bytes| {
            if crate::detect(&path.to_string_lossy(), &bytes) != Some(crate::Kind::MispCluster) {
                return Ok(());
            }
            match role {
                Role::MispProducers => context.add_producers(&bytes, options).map(drop)?,
                Role::MispCountries => context.add_countries(&bytes, options).map(drop)?,
                _ => {}
            }
            context.add_index(&bytes, options).map(drop)
        });
        if let Err(e) = result {
            warnings.push(format!("{}: not used to resolve names and links ({e})", path.display()));
        }
    }
    (context, warnings)
}
