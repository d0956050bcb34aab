//! Known assets (seed).
