//! GOV.UK Design System form components: the error summary, and inputs that show their
//! error next to them and keep what the person typed.

use crate::domain::FieldErrors;
use leptos::prelude::*;
use std::collections::HashMap;

/// What a form was last submitted with and what was wrong with it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FormState {
    pub values: HashMap<String, String>,
    pub errors: FieldErrors,
}

impl FormState {
    pub fn with_values(values: HashMap<String, String>) -> Self {
        Self {
            values,
            errors: FieldErrors::new(),
        }
    }

    pub fn failed(values: HashMap<String, String>, errors: FieldErrors) -> Self {
        Self { values, errors }
    }

    pub fn value(&self, field: &str) -> String {
        self.values.get(field).cloned().unwrap_or_default()
    }

    pub fn value_or(&self, field: &str, default: &str) -> String {
        self.values
            .get(field)
            .cloned()
            .unwrap_or_else(|| default.to_string())
    }

    pub fn error(&self, field: &str) -> Option<String> {
        self.errors.for_field(field).map(str::to_string)
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }
}

#[component]
pub fn ErrorSummary(errors: FieldErrors) -> impl IntoView {
    (!errors.is_empty()).then(|| {
        view! {
            <div class="govuk-error-summary" data-module="govuk-error-summary" data-testid="error-summary">
                <div role="alert">
                    <h2 class="govuk-error-summary__title">"There is a problem"</h2>
                    <div class="govuk-error-summary__body">
                        <ul class="govuk-list govuk-error-summary__list">
                            {errors
                                .0
                                .into_iter()
                                .map(|e| {
                                    view! {
                                        <li>
                                            <a href=format!("#{}", e.field)>{e.message}</a>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </div>
                </div>
            </div>
        }
    })
}

fn described_by(name: &str, hint: bool, error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("{name}-hint"));
    }
    if error {
        ids.push(format!("{name}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

#[component]
fn ErrorMessage(name: String, error: Option<String>) -> impl IntoView {
    error.map(|message| {
        view! {
            <p id=format!("{name}-error") class="govuk-error-message">
                <span class="govuk-visually-hidden">"Error: "</span>
                {message}
            </p>
        }
    })
}

#[component]
fn Hint(name: String, hint: Option<String>) -> impl IntoView {
    hint.map(|hint| view! { <div id=format!("{name}-hint") class="govuk-hint">{hint}</div> })
}

fn group_class(error: bool) -> &'static str {
    if error {
        "govuk-form-group govuk-form-group--error"
    } else {
        "govuk-form-group"
    }
}

#[component]
pub fn TextInput(
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(into)] value: String,
    #[prop(default = None)] error: Option<String>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional, into)] input_type: Option<String>,
    #[prop(optional, into)] autocomplete: Option<String>,
    #[prop(optional, into)] width_class: Option<String>,
    #[prop(optional)] spellcheck_off: bool,
) -> impl IntoView {
    let has_error = error.is_some();
    let mut class = String::from("govuk-input");
    if let Some(width) = width_class {
        class.push(' ');
        class.push_str(&width);
    }
    if has_error {
        class.push_str(" govuk-input--error");
    }
    view! {
        <div class=group_class(has_error)>
            <label class="govuk-label" for=name.clone()>{label}</label>
            <Hint name=name.clone() hint=hint.clone() />
            <ErrorMessage name=name.clone() error=error />
            <input
                class=class
                id=name.clone()
                name=name.clone()
                type=input_type.unwrap_or_else(|| "text".into())
                value=value
                autocomplete=autocomplete
                spellcheck=spellcheck_off.then_some("false")
                aria-describedby=described_by(&name, hint.is_some(), has_error)
            />
        </div>
    }
}

/// 20000 → "20,000", as govuk-frontend's script writes counts.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A textarea; with `max_chars` it becomes the GOV.UK character count, which
/// govuk-frontend's script enhances and which still reads correctly without it.
/// The markup follows the Design System's macro: one form group holding the label,
/// hint, error, textarea and the count message the textarea is described by.
#[component]
pub fn TextArea(
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(into)] value: String,
    #[prop(default = None)] error: Option<String>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional)] rows: Option<u32>,
    #[prop(optional)] max_chars: Option<usize>,
) -> impl IntoView {
    let has_error = error.is_some();
    let mut class = String::from("govuk-textarea");
    if max_chars.is_some() {
        class.push_str(" govuk-js-character-count");
    }
    if has_error {
        class.push_str(" govuk-textarea--error");
    }
    let mut group = group_class(has_error).to_string();
    if max_chars.is_some() {
        group.push_str(" govuk-character-count");
    }
    let info_id = format!("{name}-info");
    let describedby = [
        max_chars.map(|_| info_id.clone()),
        described_by(&name, hint.is_some(), has_error),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    view! {
        <div
            class=group
            data-module=max_chars.map(|_| "govuk-character-count")
            data-maxlength=max_chars.map(|max| max.to_string())
        >
            <label class="govuk-label" for=name.clone()>{label}</label>
            <Hint name=name.clone() hint=hint.clone() />
            <ErrorMessage name=name.clone() error=error />
            <textarea
                class=class
                id=name.clone()
                name=name.clone()
                rows=rows.unwrap_or(5).to_string()
                aria-describedby=(!describedby.is_empty()).then_some(describedby)
                inner_html=escape_text(&value)
            ></textarea>
            {max_chars.map(|max| view! {
                <div id=info_id class="govuk-hint govuk-character-count__message">
                    {format!("You can enter up to {} characters", thousands(max))}
                </div>
            })}
        </div>
    }
}

/// Leptos writes a textarea's text children unescaped (they are raw text to the HTML
/// parser), so the value is escaped here: typed `</textarea><script>` stays text.
pub fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opt {
    pub value: String,
    pub label: String,
    pub hint: Option<String>,
}

impl Opt {
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Self {
        Self {
            value: value.into(),
            label: label.into(),
            hint: None,
        }
    }
    pub fn hinted(
        value: impl Into<String>,
        label: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Self {
            value: value.into(),
            label: label.into(),
            hint: Some(hint.into()),
        }
    }
}

#[component]
pub fn Select(
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    options: Vec<Opt>,
    #[prop(into)] selected: String,
    #[prop(default = None)] error: Option<String>,
    #[prop(optional, into)] hint: Option<String>,
    /// The text of an empty first choice, if any.
    #[prop(optional, into)]
    blank: Option<String>,
) -> impl IntoView {
    let has_error = error.is_some();
    view! {
        <div class=group_class(has_error)>
            <label class="govuk-label" for=name.clone()>{label}</label>
            <Hint name=name.clone() hint=hint.clone() />
            <ErrorMessage name=name.clone() error=error />
            <select
                class=if has_error { "govuk-select govuk-select--error" } else { "govuk-select" }
                id=name.clone()
                name=name.clone()
                aria-describedby=described_by(&name, hint.is_some(), has_error)
            >
                {blank.map(|text| view! { <option value="">{text}</option> })}
                {options
                    .into_iter()
                    .map(|opt| {
                        let is_selected = opt.value == selected;
                        view! {
                            <option value=opt.value selected=is_selected>
                                {opt.label}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

#[component]
pub fn Radios(
    #[prop(into)] name: String,
    #[prop(into)] legend: String,
    options: Vec<Opt>,
    #[prop(into)] selected: String,
    #[prop(default = None)] error: Option<String>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional)] small: bool,
) -> impl IntoView {
    let has_error = error.is_some();
    let radios_class = if small {
        "govuk-radios govuk-radios--small"
    } else {
        "govuk-radios"
    };
    view! {
        <div class=group_class(has_error)>
            <fieldset class="govuk-fieldset" aria-describedby=described_by(&name, hint.is_some(), has_error)>
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
                <Hint name=name.clone() hint=hint.clone() />
                <ErrorMessage name=name.clone() error=error />
                <div class=radios_class data-module="govuk-radios">
                    {options
                        .into_iter()
                        .enumerate()
                        .map(|(i, opt)| {
                            // The first radio carries the field's own id so the error
                            // summary's link lands on it.
                            let id = if i == 0 { name.clone() } else { format!("{name}-{}", opt.value) };
                            let hint_id = format!("{id}-item-hint");
                            let is_checked = opt.value == selected;
                            view! {
                                <div class="govuk-radios__item">
                                    <input
                                        class="govuk-radios__input"
                                        id=id.clone()
                                        name=name.clone()
                                        type="radio"
                                        value=opt.value
                                        checked=is_checked
                                        aria-describedby=opt.hint.as_ref().map(|_| hint_id.clone())
                                    />
                                    <label class="govuk-label govuk-radios__label" for=id>{opt.label}</label>
                                    {opt.hint.map(|h| view! { <div id=hint_id class="govuk-hint govuk-radios__hint">{h}</div> })}
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

/// A hidden field, for ids and versions a form must carry back.
#[component]
pub fn Hidden(#[prop(into)] name: String, #[prop(into)] value: String) -> impl IntoView {
    view! { <input type="hidden" name=name value=value /> }
}

#[cfg(test)]
mod tests {
    use super::thousands;

    #[test]
    fn groups_thousands() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(500), "500");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(20000), "20,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }
}
