//! Signature primitives per algorithm family (in progress).
