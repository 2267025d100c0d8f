//! Alias resolution and the actor view.

use kb::{ActorLookup, ActorView, SourceKind};

use crate::both;
use crate::harness::*;

fn resolved(store: &mut kb::Store, name: &str) -> ActorView {
    match store.actor(name).unwrap() {
        ActorLookup::Resolved(v) => *v,
        other => panic!("{name}: expected one actor, got {other:?}"),
    }
}

fn values(facts: &[kb::Fact]) -> Vec<&str> {
    facts.iter().map(|f| f.value.as_str()).collect()
}

both!(aliases_of_every_vendor_resolve_to_one_actor, |mut t| {
    load_world(&mut t.store);
    let v = resolved(&mut t.store, "Forest Blizzard");
    for name in ["Fancy Bear", "STRONTIUM", "fancy-bear", " apt 28 ", "Sofacy"] {
        assert_eq!(resolved(&mut t.store, name).group_id, v.group_id, "{name}");
    }
    assert_eq!(v.name, "APT28");
    assert_eq!(v.records.len(), 3, "each source's record stays its own");
    assert_eq!(values(&v.sponsor), ["RU"]);
    assert!(!v.sponsor_conflict);
    let mut sponsors: Vec<_> = v.sponsor[0].sources.iter().map(|s| s.source.as_str()).collect();
    sponsors.sort();
    assert_eq!(sponsors, ["microsoft:naming", "misp-galaxy:threat-actor"]);
    assert!(v.origin.is_empty(), "sponsor is kept apart from origin");
    assert_eq!(v.names_by_vendor["CrowdStrike"], ["Fancy Bear"]);
    assert_eq!(v.names_by_vendor["Microsoft"], ["Forest Blizzard", "STRONTIUM"]);
    assert!(v.names_by_vendor["MITRE ATT&CK"].contains(&"APT28".to_owned()));
    assert_eq!(values(&v.targeted_sectors), ["government"]);
    assert_eq!(values(&v.targeted_countries), ["UA"]);
    assert_eq!(v.malware.iter().map(|f| f.label.as_str()).collect::<Vec<_>>(), ["X-Agent"]);
    assert_eq!(v.techniques[0].external_id.as_deref(), Some("T1566.001"));
    assert_eq!(v.techniques[0].sources[0].source, "attack:enterprise");
    // Motivation: two sources disagree; the policy prefers one, both are kept.
    assert_eq!(v.motivation.len(), 2);
    assert_eq!(v.motivation.iter().filter(|f| f.preferred).count(), 1);
});

both!(iridium_is_ambiguous, |mut t| {
    load_world(&mut t.store);
    let ActorLookup::Ambiguous { candidates, .. } = t.store.actor("IRIDIUM").unwrap() else {
        panic!("IRIDIUM must be ambiguous");
    };
    let summary: Vec<_> = candidates
        .iter()
        .map(|c| (c.name.as_str(), c.sponsor.clone(), c.origin.clone(), c.matched_as.clone()))
        .collect();
    assert_eq!(
        summary,
        [
            ("IRIDIUM", vec![], vec!["Iran (IR)".to_owned()], vec!["name".to_owned()]),
            ("Sandworm", vec!["Russia (RU)".to_owned()], vec![], vec!["alias".to_owned()]),
        ]
    );
    assert!(candidates[1].named_by.contains(&"Microsoft".to_owned()));
    // The unambiguous names still resolve.
    assert_eq!(resolved(&mut t.store, "Seashell Blizzard").name, "Sandworm");
    assert_eq!(resolved(&mut t.store, "Seashell Blizzard").records.len(), 3);
});

both!(conflicting_origins_are_kept_with_their_sources, |mut t| {
    load_world(&mut t.store);
    let v = resolved(&mut t.store, "FIN7");
    assert_eq!(v.records.len(), 2);
    assert!(v.origin_conflict);
    let mut origins: Vec<_> =
        v.origin.iter().map(|f| (f.value.as_str(), f.sources[0].source.as_str())).collect();
    origins.sort();
    assert_eq!(origins, [("RU", "misp-galaxy:threat-actor"), ("UA", "microsoft:naming")]);
    assert!(v.sponsor.is_empty(), "a criminal group has an origin, not a sponsor");
    assert_eq!(v.origin.iter().filter(|f| f.preferred).count(), 1);
    assert_eq!(values(&v.motivation), ["personal-gain"]);
});

both!(unknown_names_and_ids, |mut t| {
    load_world(&mut t.store);
    assert!(matches!(t.store.actor("Nobody Bear").unwrap(), ActorLookup::NotFound { .. }));
    assert!(matches!(t.store.actor("").unwrap(), ActorLookup::NotFound { .. }));
    let by_id = id("intrusion-set", "misp:APT28");
    assert_eq!(resolved(&mut t.store, &by_id).name, "APT28");
});

both!(links_can_be_asserted_contested_and_undone, |mut t| {
    load_world(&mut t.store);
    let user = source("user:analyst", SourceKind::User, "analyst");
    let apt28 = resolved(&mut t.store, "APT28").group_id;
    let fb = id("intrusion-set", "microsoft:Forest Blizzard");
    let m28 = id("intrusion-set", "misp:APT28");
    let a28 = id("intrusion-set", "attack:APT28");
    // Contest: Microsoft's record is kept apart from both others.
    let c1 = t.store.contest_link(&user, &fb, &m28).unwrap();
    let c2 = t.store.contest_link(&user, &fb, &a28).unwrap();
    let split = resolved(&mut t.store, "Fancy Bear");
    assert_eq!(split.records.len(), 2);
    assert_eq!(resolved(&mut t.store, &fb).records.len(), 1);
    // MISP lists "Forest Blizzard" as an alias of its APT28: the name now means two actors.
    assert!(matches!(t.store.actor("Forest Blizzard").unwrap(), ActorLookup::Ambiguous { .. }));
    assert!(matches!(t.store.actor("STRONTIUM").unwrap(), ActorLookup::Ambiguous { .. }));
    // Undo: nothing was lost.
    t.store.retract("user:analyst", &c1).unwrap();
    t.store.retract("user:analyst", &c2).unwrap();
    assert_eq!(resolved(&mut t.store, "STRONTIUM").records.len(), 3);
    assert_eq!(resolved(&mut t.store, "STRONTIUM").group_id, apt28);
    // An explicit link joins what names alone would not.
    let iridium = id("intrusion-set", "misp:IRIDIUM");
    let sandworm = id("intrusion-set", "misp:Sandworm");
    t.store.link_actors(&user, &iridium, &sandworm, Some(60)).unwrap();
    assert_eq!(resolved(&mut t.store, "IRIDIUM").records.len(), 4);
    t.store.remove_source("user:analyst").unwrap();
    assert!(matches!(t.store.actor("IRIDIUM").unwrap(), ActorLookup::Ambiguous { .. }));
});
