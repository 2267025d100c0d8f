//! World-region names to the STIX 2.1 `region-ov` vocabulary, for victims given as regions
//! ("Middle East", "Southeast Asia") rather than countries.

use crate::countries::normalize;

/// `(normalised name, region-ov value, display name)`.
const REGIONS: &[(&str, &str, &str)] = &[
    ("africa", "africa", "Africa"),
    ("eastern africa", "eastern-africa", "Eastern Africa"),
    ("east africa", "eastern-africa", "Eastern Africa"),
    ("middle africa", "middle-africa", "Middle Africa"),
    ("central africa", "middle-africa", "Middle Africa"),
    ("northern africa", "northern-africa", "Northern Africa"),
    ("north africa", "northern-africa", "Northern Africa"),
    ("northeast africa", "northern-africa", "Northern Africa"),
    ("southern africa", "southern-africa", "Southern Africa"),
    ("western africa", "western-africa", "Western Africa"),
    ("west africa", "western-africa", "Western Africa"),
    ("americas", "americas", "Americas"),
    ("latin america", "latin-america-caribbean", "Latin America and the Caribbean"),
    ("south america", "south-america", "South America"),
    ("caribbean", "caribbean", "Caribbean"),
    ("central america", "central-america", "Central America"),
    ("north america", "northern-america", "Northern America"),
    ("northern america", "northern-america", "Northern America"),
    ("asia", "asia", "Asia"),
    ("central asia", "central-asia", "Central Asia"),
    ("east asia", "eastern-asia", "Eastern Asia"),
    ("eastern asia", "eastern-asia", "Eastern Asia"),
    ("south asia", "southern-asia", "Southern Asia"),
    ("southern asia", "southern-asia", "Southern Asia"),
    ("southeast asia", "south-eastern-asia", "South-eastern Asia"),
    ("southeast asian", "south-eastern-asia", "South-eastern Asia"),
    ("south east asia", "south-eastern-asia", "South-eastern Asia"),
    ("south eastern asia", "south-eastern-asia", "South-eastern Asia"),
    ("western asia", "western-asia", "Western Asia"),
    ("middle east", "western-asia", "Western Asia"),
    ("europe", "europe", "Europe"),
    ("eastern europe", "eastern-europe", "Eastern Europe"),
    ("northern europe", "northern-europe", "Northern Europe"),
    ("southern europe", "southern-europe", "Southern Europe"),
    ("western europe", "western-europe", "Western Europe"),
    ("oceania", "oceania", "Oceania"),
    ("antarctica", "antarctica", "Antarctica"),
    ("australia and new zealand", "australia-new-zealand", "Australia and New Zealand"),
    ("melanesia", "melanesia", "Melanesia"),
    ("micronesia", "micronesia", "Micronesia"),
    ("polynesia", "polynesia", "Polynesia"),
    ("sub saharan africa", "africa", "Africa"),
    (
        "latin america and the caribbean",
        "latin-america-caribbean",
        "Latin America and the Caribbean",
    ),
    ("欧洲", "europe", "Europe"),
    ("中东地区", "western-asia", "Western Asia"),
    ("东南亚", "south-eastern-asia", "South-eastern Asia"),
    ("南美", "south-america", "South America"),
];

/// The `region-ov` value and display name of a region name, or `None`.
pub fn lookup(name: &str) -> Option<(&'static str, &'static str)> {
    let key = normalize(name);
    REGIONS.iter().find(|(n, _, _)| *n == key).map(|&(_, ov, display)| (ov, display))
}

#[cfg(test)]
mod tests {
    #[test]
    fn regions() {
        assert_eq!(super::lookup("The Middle East"), Some(("western-asia", "Western Asia")));
        assert_eq!(super::lookup("Southeast Asian").map(|r| r.0), Some("south-eastern-asia"));
        assert_eq!(super::lookup("Global"), None);
    }
}
