//! The knowledge base's behaviour suite. Every case in `both!` runs on SQLite (a temporary file)
//! and on PostgreSQL (`CAIRN_TEST_POSTGRES_URL`, default
//! `postgres://postgres@127.0.0.1:5432/test`, one fresh schema per test). An unreachable
//! PostgreSQL fails the suite; it never skips.

mod harness;

mod actors;
mod ingest;
mod integrity;
mod queries;
