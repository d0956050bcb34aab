//! Primitive wire types (seed).
