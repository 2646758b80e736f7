//! The rules for a supplier's answers to a notice's questionnaire.
//!
//! The answers JSON (`responses.answers` for the working copy, `response_submissions.answers`
//! for each submission) is one object mapping a question's id (a UUID string) to its answer:
//!
//! ```json
//! { "6f1c…": "Free text, or \"yes\"/\"no\", or the text of the option chosen",
//!   "9a2e…": ["an option", "another option"] }
//! ```
//!
//! a string for free text, yes/no (`"yes"` or `"no"`) and single choice (the option's text),
//! an array of option texts for multiple choice. A question left unanswered has no key.
//! Reviewing reads submissions in exactly this shape.

use super::engagement::QuestionKind;
use super::FieldErrors;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// The longest free-text answer accepted, whatever its word limit: a bound on what one
/// form can store, far beyond any sensible questionnaire answer.
pub const MAX_ANSWER_CHARS: usize = 50_000;

/// A question as the rules see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub id: Uuid,
    /// Its number as people see it, from 1.
    pub number: usize,
    pub kind: QuestionKind,
    pub prompt: String,
    pub word_limit: Option<u32>,
    pub options: Vec<String>,
    pub required: bool,
}

impl Question {
    /// The form field (and element id) of this question's answer.
    pub fn field(&self) -> String {
        field_name(self.id)
    }

    /// The choices a person picks from: the options, or yes and no.
    pub fn choices(&self) -> Vec<String> {
        match self.kind {
            QuestionKind::YesNo => vec![YES.to_string(), NO.to_string()],
            _ => self.options.clone(),
        }
    }
}

pub const YES: &str = "yes";
pub const NO: &str = "no";

pub fn field_name(question: Uuid) -> String {
    format!("answer-{question}")
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    Text(String),
    Choices(Vec<String>),
}

impl Answer {
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Answer::Text(text) => Some(text),
            Answer::Choices(_) => None,
        }
    }

    pub fn choices(&self) -> Vec<String> {
        match self {
            Answer::Text(text) if text.is_empty() => Vec::new(),
            Answer::Text(text) => vec![text.clone()],
            Answer::Choices(choices) => choices.clone(),
        }
    }

    fn is_empty(&self) -> bool {
        match self {
            Answer::Text(text) => text.trim().is_empty(),
            Answer::Choices(choices) => choices.is_empty(),
        }
    }
}

/// Question id (as a string, the JSON key) → answer.
pub type Answers = BTreeMap<String, Answer>;

/// Reads an answers JSON column; an empty or unreadable one is no answers at all.
pub fn from_json(json: &str) -> Answers {
    serde_json::from_str(json).unwrap_or_default()
}

pub fn to_json(answers: &Answers) -> String {
    serde_json::to_string(answers).expect("answers serialise")
}

/// The answers in a posted form: every `answer-<question id>` field, in the order sent;
/// a field sent more than once (ticked checkboxes) becomes a list.
pub fn from_form(pairs: &[(String, String)]) -> Answers {
    let mut answers = Answers::new();
    for (name, value) in pairs {
        let Some(id) = name.strip_prefix("answer-") else {
            continue;
        };
        let entry = answers.remove(id);
        let next = match entry {
            None => Answer::Text(value.clone()),
            Some(Answer::Text(first)) => Answer::Choices(vec![first, value.clone()]),
            Some(Answer::Choices(mut all)) => {
                all.push(value.clone());
                Answer::Choices(all)
            }
        };
        answers.insert(id.to_string(), next);
    }
    answers
}

/// Whether the answers are kept as a draft (anything typed so far) or submitted (every
/// required question answered).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    Draft,
    Submit,
}

/// Words as people count them: runs of characters between spaces or line breaks.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// The question's options as stored: a JSON array of strings, or one option a line.
pub fn parse_options(stored: &str) -> Vec<String> {
    let trimmed = stored.trim();
    if trimmed.starts_with('[') {
        if let Ok(options) = serde_json::from_str::<Vec<String>>(trimmed) {
            return options
                .into_iter()
                .map(|o| o.trim().to_string())
                .filter(|o| !o.is_empty())
                .collect();
        }
    }
    trimmed
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_string)
        .collect()
}

/// Checks the answers given against the questions and returns them tidied: trimmed, empty
/// ones left out, choices in the order the options are listed, answers to questions the
/// questionnaire does not have dropped. Every problem is reported against its question's
/// field, numbered as the supplier sees it.
pub fn validate(
    questions: &[Question],
    given: &Answers,
    purpose: Purpose,
) -> Result<Answers, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut tidy = Answers::new();
    for question in questions {
        let field = question.field();
        let n = question.number;
        let answer = given
            .get(&question.id.to_string())
            .filter(|a| !a.is_empty());
        let Some(answer) = answer else {
            if purpose == Purpose::Submit && question.required {
                errors.add(&field, missing_message(question));
            }
            continue;
        };
        match question.kind {
            QuestionKind::FreeText => {
                let Some(text) = answer.as_text() else {
                    errors.add(&field, format!("Enter your answer to question {n} as text"));
                    continue;
                };
                let text = text.trim();
                let chars = text.chars().count();
                let words = word_count(text);
                if let Some(limit) = question.word_limit.filter(|l| words > *l as usize) {
                    errors.add(
                        &field,
                        format!(
                            "Your answer to question {n} must be {limit} words or fewer; it has {words}"
                        ),
                    );
                } else if chars > MAX_ANSWER_CHARS {
                    errors.add(
                        &field,
                        format!(
                            "Your answer to question {n} must be {MAX_ANSWER_CHARS} characters or fewer; it has {chars}"
                        ),
                    );
                } else {
                    tidy.insert(question.id.to_string(), Answer::Text(text.to_string()));
                }
            }
            QuestionKind::YesNo | QuestionKind::SingleChoice => {
                let choices = answer.choices();
                let allowed = question.choices();
                match choices.as_slice() {
                    [one] if allowed.contains(one) => {
                        tidy.insert(question.id.to_string(), Answer::Text(one.clone()));
                    }
                    [_] => errors.add(&field, not_an_option_message(question)),
                    _ => errors.add(&field, format!("Select only one answer to question {n}")),
                }
            }
            QuestionKind::MultipleChoice => {
                let choices = answer.choices();
                if choices.iter().any(|c| !question.options.contains(c)) {
                    errors.add(&field, not_an_option_message(question));
                    continue;
                }
                let ordered: Vec<String> = question
                    .options
                    .iter()
                    .filter(|o| choices.contains(o))
                    .cloned()
                    .collect();
                tidy.insert(question.id.to_string(), Answer::Choices(ordered));
            }
        }
    }
    errors.into_result().map(|()| tidy)
}

fn missing_message(question: &Question) -> String {
    let n = question.number;
    match question.kind {
        QuestionKind::FreeText => format!("Enter your answer to question {n}"),
        QuestionKind::YesNo => format!("Select yes or no for question {n}"),
        QuestionKind::SingleChoice => format!("Select an answer to question {n}"),
        QuestionKind::MultipleChoice => {
            format!("Select at least one answer to question {n}")
        }
    }
}

fn not_an_option_message(question: &Question) -> String {
    let n = question.number;
    match question.kind {
        QuestionKind::YesNo => format!("Your answer to question {n} must be yes or no"),
        _ => format!("Your answer to question {n} must be one of the options listed"),
    }
}

/// Which required questions are still unanswered, by number: what a draft lacks before
/// it can be submitted.
pub fn unanswered_required(questions: &[Question], answers: &Answers) -> Vec<usize> {
    questions
        .iter()
        .filter(|q| q.required)
        .filter(|q| answers.get(&q.id.to_string()).is_none_or(|a| a.is_empty()))
        .map(|q| q.number)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(number: usize, kind: QuestionKind) -> Question {
        Question {
            id: Uuid::new_v4(),
            number,
            kind,
            prompt: format!("Question {number}"),
            word_limit: None,
            options: Vec::new(),
            required: false,
        }
    }

    fn questionnaire() -> Vec<Question> {
        let mut text = question(1, QuestionKind::FreeText);
        text.required = true;
        let mut limited = question(2, QuestionKind::FreeText);
        limited.word_limit = Some(250);
        let mut yes_no = question(3, QuestionKind::YesNo);
        yes_no.required = true;
        let mut single = question(4, QuestionKind::SingleChoice);
        single.options = vec!["Cloud".into(), "On premises".into()];
        single.required = true;
        let mut multiple = question(5, QuestionKind::MultipleChoice);
        multiple.options = vec!["Repairs".into(), "Rents".into(), "Lettings".into()];
        multiple.required = true;
        vec![text, limited, yes_no, single, multiple]
    }

    fn text(value: &str) -> Answer {
        Answer::Text(value.to_string())
    }

    fn answers(questions: &[Question], values: Vec<(usize, Answer)>) -> Answers {
        values
            .into_iter()
            .map(|(number, answer)| (questions[number - 1].id.to_string(), answer))
            .collect()
    }

    fn words(n: usize) -> String {
        vec!["word"; n].join(" ")
    }

    fn complete(questions: &[Question]) -> Answers {
        answers(
            questions,
            vec![
                (1, text("We run housing systems for nine boroughs.")),
                (2, text(&words(250))),
                (3, text("yes")),
                (4, text("Cloud")),
                (5, Answer::Choices(vec!["Rents".into(), "Repairs".into()])),
            ],
        )
    }

    #[test]
    fn a_complete_response_is_accepted_and_tidied() {
        let qs = questionnaire();
        let tidy = validate(&qs, &complete(&qs), Purpose::Submit).unwrap();
        // Choices come back in the order the options are listed.
        assert_eq!(
            tidy[&qs[4].id.to_string()],
            Answer::Choices(vec!["Repairs".into(), "Rents".into()])
        );
        assert_eq!(tidy.len(), 5);
    }

    #[test]
    fn over_the_word_limit_says_by_how_much() {
        let qs = questionnaire();
        let mut given = complete(&qs);
        given.insert(qs[1].id.to_string(), text(&words(263)));
        let errors = validate(&qs, &given, Purpose::Draft).unwrap_err();
        assert_eq!(
            errors.for_field(&qs[1].field()),
            Some("Your answer to question 2 must be 250 words or fewer; it has 263")
        );
    }

    #[test]
    fn words_are_counted_across_spaces_and_lines() {
        assert_eq!(word_count("  one two\nthree\t four  "), 4);
        assert_eq!(word_count(""), 0);
    }

    #[test]
    fn a_choice_not_among_the_options_is_refused() {
        let qs = questionnaire();
        let mut given = complete(&qs);
        given.insert(qs[3].id.to_string(), text("Mainframe"));
        given.insert(
            qs[4].id.to_string(),
            Answer::Choices(vec!["Repairs".into(), "Parking".into()]),
        );
        given.insert(qs[2].id.to_string(), text("maybe"));
        let errors = validate(&qs, &given, Purpose::Draft).unwrap_err();
        assert_eq!(
            errors.for_field(&qs[3].field()),
            Some("Your answer to question 4 must be one of the options listed")
        );
        assert_eq!(
            errors.for_field(&qs[4].field()),
            Some("Your answer to question 5 must be one of the options listed")
        );
        assert_eq!(
            errors.for_field(&qs[2].field()),
            Some("Your answer to question 3 must be yes or no")
        );
    }

    #[test]
    fn a_single_choice_takes_one_answer() {
        let qs = questionnaire();
        let mut given = complete(&qs);
        given.insert(
            qs[3].id.to_string(),
            Answer::Choices(vec!["Cloud".into(), "On premises".into()]),
        );
        let errors = validate(&qs, &given, Purpose::Draft).unwrap_err();
        assert_eq!(
            errors.for_field(&qs[3].field()),
            Some("Select only one answer to question 4")
        );
    }

    #[test]
    fn drafts_may_be_incomplete_but_submissions_may_not() {
        let qs = questionnaire();
        let partial = answers(&qs, vec![(1, text("Started")), (3, text("  "))]);
        let draft = validate(&qs, &partial, Purpose::Draft).unwrap();
        assert_eq!(draft.len(), 1, "blank answers are left out");
        let errors = validate(&qs, &partial, Purpose::Submit).unwrap_err();
        let messages: Vec<&str> = errors.0.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "Select yes or no for question 3",
                "Select an answer to question 4",
                "Select at least one answer to question 5",
            ]
        );
        assert_eq!(unanswered_required(&qs, &draft), vec![3, 4, 5]);
    }

    #[test]
    fn answers_to_unknown_questions_are_dropped() {
        let qs = questionnaire();
        let mut given = complete(&qs);
        given.insert(Uuid::new_v4().to_string(), text("stray"));
        assert_eq!(validate(&qs, &given, Purpose::Submit).unwrap().len(), 5);
    }

    #[test]
    fn very_long_text_is_refused_even_without_a_word_limit() {
        let qs = questionnaire();
        let mut given = complete(&qs);
        given.insert(
            qs[0].id.to_string(),
            text(&"x".repeat(MAX_ANSWER_CHARS + 1)),
        );
        let errors = validate(&qs, &given, Purpose::Draft).unwrap_err();
        assert!(errors
            .for_field(&qs[0].field())
            .unwrap()
            .starts_with("Your answer to question 1 must be 50000 characters or fewer"));
    }

    #[test]
    fn the_json_shape_is_strings_and_arrays() {
        let qs = questionnaire();
        let tidy = validate(&qs, &complete(&qs), Purpose::Submit).unwrap();
        let json = to_json(&tidy);
        let raw: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(raw[qs[2].id.to_string()], serde_json::json!("yes"));
        assert_eq!(
            raw[qs[4].id.to_string()],
            serde_json::json!(["Repairs", "Rents"])
        );
        assert_eq!(from_json(&json), tidy);
        assert!(from_json("").is_empty());
    }

    #[test]
    fn a_form_field_sent_twice_is_a_list() {
        let id = Uuid::new_v4();
        let pairs: Vec<(String, String)> = vec![
            (field_name(id), "Repairs".into()),
            ("version".into(), "3".into()),
            (field_name(id), "Rents".into()),
        ];
        let answers = from_form(&pairs);
        assert_eq!(
            answers[&id.to_string()],
            Answer::Choices(vec!["Repairs".into(), "Rents".into()])
        );
        assert_eq!(answers.len(), 1);
    }

    #[test]
    fn options_read_as_a_json_array_or_one_a_line() {
        assert_eq!(parse_options(r#"["A", " B ", ""]"#), vec!["A", "B"]);
        assert_eq!(parse_options("A\n\n B \n"), vec!["A", "B"]);
        assert!(parse_options("").is_empty());
    }
}
