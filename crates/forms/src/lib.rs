//! Form definitions and their rules engine, shared by the app and the reference server so both
//! judge an answer the same way.
//!
//! Owns: turning a wire `Questionnaire` into a checked [`FormDefinition`] (or a clear
//! [`DefinitionError`]), deciding which questions are asked (`enableWhen`), validating answers
//! into [`bianmin_api::Message`]s, and building the `QuestionnaireResponse` to submit.
//! Must never do I/O, know about storage or screens, or panic on any input.

mod answers;
mod definition;
mod enable;
pub mod resident_id;
mod text;
mod validate;
mod value;

pub use answers::{answers_of, asked, to_response, validate_answers, validate_response};
pub use definition::{
    Bound, ChoiceOption, DefinitionError, FormDefinition, FormItem, ItemKind, Validator,
};
pub use enable::{Condition, Expected, Gate, Operator};
pub use validate::{fold_width, normalize_mobile, parse_iso_date, validate_answer, MAX_REPEATS};

/// Answers by linkId, each a list of canonical texts (see `value.rs`).
pub type Answers = std::collections::BTreeMap<String, Vec<String>>;
