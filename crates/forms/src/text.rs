//! Localized texts from the FHIR translation extension.

use bianmin_api::{ElementExtensions, Extension, LocalizedText, EXT_TRANSLATION};

/// The zh-CN text with its en-US translation from `_text` (the Chinese when none is given).
pub fn localized(zh: &str, ext: Option<&ElementExtensions>) -> LocalizedText {
    localized_ext(zh, ext.map(|e| e.extension.as_slice()).unwrap_or_default())
}

/// The same, with the translation extensions given directly (as on an extension's value).
pub fn localized_ext(zh: &str, extensions: &[Extension]) -> LocalizedText {
    let en = extensions
        .iter()
        .filter(|e| e.url == EXT_TRANSLATION)
        .find(|t| {
            t.extension
                .iter()
                .any(|p| p.url == "lang" && p.value_code.as_deref() == Some("en-US"))
        })
        .and_then(|t| {
            t.extension
                .iter()
                .find(|p| p.url == "content")
                .and_then(|p| p.value_string.clone())
        })
        .filter(|en| !en.trim().is_empty());
    LocalizedText::new(zh, en.unwrap_or_else(|| zh.to_owned()))
}
