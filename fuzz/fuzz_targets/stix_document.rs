//! Any bytes through the bounded JSON reader and the validator: never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stix::json::{Limits, for_each_object};
use stix::validate::{Options, Validator};

fuzz_target!(|data: &[u8]| {
    let mut validator = Validator::new(Options { strict: true, ..Options::default() });
    let _ = for_each_object(data, &Limits::default(), |at, object| {
        let _ = validator.object(&object, &at.path());
        let _ = stix::Object::from_value(object);
    });
    let _ = validator.finish();
});
