//! Reading a submission's answers for reviewers. The answers are a JSON object from
//! question id to answer: a string for free text, yes/no ("yes"/"no") and single choice,
//! an array of strings for multiple choice (the shape the supplier side writes).

use crate::domain::engagement::QuestionKind;
use crate::ssr::entities::notice_question;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use uuid::Uuid;

/// A question of the notice's questionnaire, numbered as suppliers saw it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionView {
    pub id: Uuid,
    /// 1, 2, … in questionnaire order.
    pub number: usize,
    pub prompt: String,
    pub kind: Option<QuestionKind>,
}

impl QuestionView {
    pub fn list(rows: Vec<notice_question::Model>) -> Vec<QuestionView> {
        rows.into_iter()
            .enumerate()
            .map(|(i, q)| QuestionView {
                id: q.id,
                number: i + 1,
                kind: QuestionKind::parse(&q.kind),
                prompt: q.prompt,
            })
            .collect()
    }

    /// "Q3. How would you…", for CSV headers.
    pub fn heading(&self) -> String {
        format!("Q{}. {}", self.number, self.prompt.trim())
    }
}

/// One answer as reviewers read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AnswerView {
    NotAnswered,
    Text(String),
    Choices(Vec<String>),
}

impl AnswerView {
    /// The answer in one piece of text: choices joined with "; ", nothing when missing.
    pub fn plain(&self) -> String {
        match self {
            AnswerView::NotAnswered => String::new(),
            AnswerView::Text(text) => text.clone(),
            AnswerView::Choices(choices) => choices.join("; "),
        }
    }

    /// The values counted when answers are compared: each choice, or the whole text.
    pub fn values(&self) -> Vec<String> {
        match self {
            AnswerView::NotAnswered => Vec::new(),
            AnswerView::Text(text) => vec![text.clone()],
            AnswerView::Choices(choices) => choices.clone(),
        }
    }
}

/// Parses a stored answers object. Anything unreadable counts as not answered rather
/// than failing the page: reviewers still see the rest.
pub fn parse(raw: &str) -> HashMap<Uuid, serde_json::Value> {
    serde_json::from_str::<HashMap<String, serde_json::Value>>(raw)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(key, value)| Uuid::parse_str(&key).ok().map(|id| (id, value)))
        .collect()
}

fn yes_no(text: &str) -> String {
    match text.trim().to_ascii_lowercase().as_str() {
        "yes" => "Yes".into(),
        "no" => "No".into(),
        _ => text.trim().to_string(),
    }
}

/// The answer to `question` in a parsed answers object.
pub fn answer_for(
    answers: &HashMap<Uuid, serde_json::Value>,
    question: &QuestionView,
) -> AnswerView {
    use serde_json::Value;
    match answers.get(&question.id) {
        None | Some(Value::Null) => AnswerView::NotAnswered,
        Some(Value::String(text)) if text.trim().is_empty() => AnswerView::NotAnswered,
        Some(Value::String(text)) if question.kind == Some(QuestionKind::YesNo) => {
            AnswerView::Text(yes_no(text))
        }
        Some(Value::String(text)) if question.kind == Some(QuestionKind::MultipleChoice) => {
            AnswerView::Choices(vec![text.trim().to_string()])
        }
        Some(Value::String(text)) => AnswerView::Text(text.clone()),
        Some(Value::Array(items)) => {
            let choices: Vec<String> = items
                .iter()
                .map(|item| match item {
                    Value::String(s) => s.trim().to_string(),
                    other => other.to_string(),
                })
                .filter(|s| !s.is_empty())
                .collect();
            if choices.is_empty() {
                AnswerView::NotAnswered
            } else {
                AnswerView::Choices(choices)
            }
        }
        Some(Value::Bool(true)) => AnswerView::Text("Yes".into()),
        Some(Value::Bool(false)) => AnswerView::Text("No".into()),
        Some(other) => AnswerView::Text(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(kind: QuestionKind) -> QuestionView {
        QuestionView {
            id: Uuid::new_v4(),
            number: 1,
            prompt: "Prompt".into(),
            kind: Some(kind),
        }
    }

    #[test]
    fn answers_read_by_kind() {
        let free = question(QuestionKind::FreeText);
        let yes_no = question(QuestionKind::YesNo);
        let multi = question(QuestionKind::MultipleChoice);
        let missing = question(QuestionKind::SingleChoice);
        let raw = serde_json::json!({
            free.id.to_string(): "We have, in fact, done this",
            yes_no.id.to_string(): "yes",
            multi.id.to_string(): ["Cloud", "On premises"],
            "not-a-uuid": "ignored",
        })
        .to_string();
        let parsed = parse(&raw);
        assert_eq!(
            answer_for(&parsed, &free),
            AnswerView::Text("We have, in fact, done this".into())
        );
        assert_eq!(answer_for(&parsed, &yes_no), AnswerView::Text("Yes".into()));
        assert_eq!(
            answer_for(&parsed, &multi).plain(),
            "Cloud; On premises".to_string()
        );
        assert_eq!(answer_for(&parsed, &missing), AnswerView::NotAnswered);
    }

    #[test]
    fn unreadable_answers_are_not_answered() {
        let q = question(QuestionKind::FreeText);
        assert_eq!(answer_for(&parse("not json"), &q), AnswerView::NotAnswered);
        assert_eq!(answer_for(&parse(""), &q), AnswerView::NotAnswered);
    }
}
