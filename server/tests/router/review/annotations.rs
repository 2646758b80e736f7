//! Private notes and tags on responses: added by the co-authoring authorities, kept
//! however many reviewers write at once, refused with a message when they do not fit,
//! and never shown to suppliers or written into the shared history.

use super::fixtures::*;
use crate::common::*;
use app::ssr::entities::{response, response_note};
use axum::http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

async fn note_count(app: &TestApp) -> u64 {
    response_note::Entity::find()
        .count(&app.db)
        .await
        .expect("counting notes")
}

/// Notes pile up in order with their author and authority; none is ever overwritten.
async fn notes_are_added_with_their_author(app: TestApp) {
    let seeded = seed(&app).await;
    let mut tom = reviewer(&app, BRENT, &seeded).await;
    let mut priya = reviewer(&app, CAMDEN, &seeded).await;
    let notes = format!("{}/notes", seeded.response_a_path());
    let res = tom
        .post_form(
            &notes,
            &[("note", "Strong on repairs.\nAsk about pricing.")],
        )
        .await;
    res.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(res.location(), seeded.response_a_path());
    priya
        .post_form(&notes, &[("note", "Agreed </textarea><b>bold?</b>")])
        .await
        .assert_status(StatusCode::SEE_OTHER);

    let page = priya.get(&seeded.response_a_path()).await;
    page.assert_status(StatusCode::OK);
    let shown = page.testids("note");
    assert_eq!(shown.len(), 2, "{shown:?}");
    assert!(shown[0].starts_with("Tom Okafor , Brent ,"), "{}", shown[0]);
    assert!(shown[0].ends_with("Strong on repairs. Ask about pricing."));
    assert!(
        shown[1].starts_with("Priya Shah , Camden ,"),
        "{}",
        shown[1]
    );
    assert!(shown[1].ends_with("Agreed </textarea><b>bold?</b>"));
    assert!(
        !page.body.contains("<b>bold?</b>"),
        "notes are text, not markup"
    );

    let stored = response_note::Entity::find()
        .filter(response_note::Column::ResponseId.eq(seeded.response_a))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(stored.len(), 2);
    assert!(stored
        .iter()
        .any(|n| n.author_name == "Tom Okafor" && n.author_organisation_name == "Brent"));

    // The shared history says a note was added, never what it says or about whom.
    let summaries: Vec<String> = app
        .history(seeded.challenge)
        .await
        .into_iter()
        .filter(|e| e.action == "response_note_added")
        .map(|e| e.summary)
        .collect();
    assert_eq!(summaries.len(), 2);
    assert!(summaries
        .iter()
        .all(|s| s == "Added a private note to a supplier’s response"));

    // Suppliers never reach the notes.
    let mut sam = app.signed_in(SUPPLIER).await;
    let res = sam.get(&seeded.response_a_path()).await;
    res.assert_status(StatusCode::NOT_FOUND);
    res.assert_no_text("Strong on repairs");
}
both_databases!(notes_are_added_with_their_author);

/// An empty note and one over 10,000 characters are refused with a message; the form
/// keeps what was typed and nothing is saved.
async fn bad_notes_are_refused_keeping_the_text(app: TestApp) {
    let seeded = seed(&app).await;
    let mut tom = reviewer(&app, BRENT, &seeded).await;
    let notes = format!("{}/notes", seeded.response_a_path());
    let res = tom.post_form(&notes, &[("note", "  \n ")]).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.error_summary(), "There is a problem Enter your note");
    res.assert_text("In UK data centres, second answer");

    let long = "word ".repeat(4_000);
    let res = tom.post_form(&notes, &[("note", &long)]).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .error_summary()
        .contains("Note must be 10,000 characters or fewer (you entered 19999)"));
    assert_eq!(res.textarea("note").as_deref(), Some(long.as_str()));
    assert!(
        res.body.contains("<title>Error:"),
        "the title says the form failed"
    );
    assert_eq!(note_count(&app).await, 0);
}
both_databases!(bad_notes_are_refused_keeping_the_text);

async fn stored_tags(app: &TestApp, id: uuid::Uuid) -> Vec<String> {
    let row = response::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    serde_json::from_str(&row.review_tags).unwrap_or_default()
}

/// Tags are added and removed one at a time; case does not make a second tag; two
/// reviewers tagging at the same moment both keep their tag; the supplier's own columns
/// are untouched.
async fn tags_are_added_and_removed_without_losing_any(app: TestApp) {
    let seeded = seed(&app).await;
    let mut tom = reviewer(&app, BRENT, &seeded).await;
    let mut priya = reviewer(&app, CAMDEN, &seeded).await;
    let add = format!("{}/tags", seeded.response_a_path());
    let remove = format!("{}/tags/remove", seeded.response_a_path());
    let before = response::Entity::find_by_id(seeded.response_a)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();

    let res = tom.post_form(&add, &[("tag", "  shortlist ")]).await;
    res.assert_status(StatusCode::SEE_OTHER);
    let page = tom.get(&seeded.response_a_path()).await;
    page.assert_text("Tagged ‘shortlist’");
    assert_eq!(page.testids("tag"), vec!["shortlist".to_string()]);

    let res = priya.post_form(&add, &[("tag", "SHORTLIST")]).await;
    res.assert_status(StatusCode::SEE_OTHER);
    priya
        .get(&seeded.response_a_path())
        .await
        .assert_text("The response already has the tag ‘SHORTLIST’");

    // Both at once: neither tag is lost.
    let (a, b) = tokio::join!(
        tom.post_form(&add, &[("tag", "ask about pricing")]),
        priya.post_form(&add, &[("tag", "strong security")]),
    );
    a.assert_status(StatusCode::SEE_OTHER);
    b.assert_status(StatusCode::SEE_OTHER);
    let mut tags = stored_tags(&app, seeded.response_a).await;
    tags.sort();
    assert_eq!(
        tags,
        vec!["ask about pricing", "shortlist", "strong security"]
    );

    let list = tom.get(&seeded.base()).await;
    assert!(
        list.testids("respondent")[0].ends_with("shortlist ask about pricing strong security")
            || list.testids("respondent")[0]
                .ends_with("shortlist strong security ask about pricing")
    );

    tom.post_form(&remove, &[("tag", "Shortlist")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    let mut tags = stored_tags(&app, seeded.response_a).await;
    tags.sort();
    assert_eq!(tags, vec!["ask about pricing", "strong security"]);
    priya
        .post_form(&remove, &[("tag", "shortlist")])
        .await
        .assert_status(StatusCode::SEE_OTHER);
    priya
        .get(&seeded.response_a_path())
        .await
        .assert_text("The tag ‘shortlist’ had already been removed");

    let after = response::Entity::find_by_id(seeded.response_a)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.version, before.version);
    assert_eq!(after.answers, before.answers);
    assert_eq!(after.updated_at, before.updated_at);
}
both_databases!(tags_are_added_and_removed_without_losing_any);

/// A tag over 40 characters or an empty one is refused with a message, keeping what
/// was typed.
async fn bad_tags_are_refused(app: TestApp) {
    let seeded = seed(&app).await;
    let mut tom = reviewer(&app, BRENT, &seeded).await;
    let add = format!("{}/tags", seeded.response_a_path());
    let long = "x".repeat(41);
    let res = tom.post_form(&add, &[("tag", &long)]).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .error_summary()
        .contains("Tag must be 40 characters or fewer (you entered 41)"));
    assert_eq!(res.input("tag"), Some(long.clone()));
    let res = tom.post_form(&add, &[("tag", "")]).await;
    res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.error_summary().contains("Enter a tag"));
    assert!(stored_tags(&app, seeded.response_a).await.is_empty());
    tom.post_form(&add, &[("tag", &"y".repeat(40))])
        .await
        .assert_status(StatusCode::SEE_OTHER);
}
both_databases!(bad_tags_are_refused);
