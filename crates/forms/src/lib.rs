//! Form definitions and their rules engine, shared by the app and the reference server so both
//! judge an answer the same way.
//!
//! Owns: turning a wire `Questionnaire` into a checked [`FormDefinition`] (or a clear
//! [`DefinitionError`]), and validating answers into [`bianmin_api::Message`]s.
//! Must never do I/O, know about storage or screens, or panic on any input.

mod definition;
pub mod resident_id;
mod validate;

pub use definition::{DefinitionError, FormDefinition, FormItem, ItemKind, Validator};
pub use validate::{validate_answer, validate_response};
