
mod conformance;
mod roundtrip;
