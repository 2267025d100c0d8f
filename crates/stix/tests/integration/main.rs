mod conformance;
mod roundtrip;
