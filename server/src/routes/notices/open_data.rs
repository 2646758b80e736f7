//! Open data: the Atom feed and the OCDS release packages.

use super::base_url;
use crate::ctx::{Answer, Ctx};
use crate::state::AppState;
use app::ssr::notices::{feed, ocds};
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::Utc;
use sea_orm::DatabaseConnection;

/// Releases read from the database per step of the stream.
const RELEASES_PER_READ: u64 = 500;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/notices.atom", get(atom))
        .route("/notices.ocds.json", get(package))
}

fn typed(body: impl Into<Body>, content_type: &'static str) -> Response {
    let mut response = (StatusCode::OK, body.into()).into_response();
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

async fn atom(State(state): State<AppState>, ctx: Ctx) -> Answer {
    let entries = feed::entries(&state.db).await.map_err(|e| ctx.fail(e))?;
    let xml = feed::atom(&entries, &base_url(&state), Utc::now());
    Ok(typed(xml, "application/atom+xml; charset=utf-8"))
}

pub(super) async fn notice_package(state: &AppState, ctx: &Ctx, reference: &str) -> Answer {
    let json = ocds::notice_package(&state.db, reference, &base_url(state))
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(typed(json, "application/json"))
}

enum Step {
    Head(String),
    Releases {
        cursor: Option<ocds::ReleaseCursor>,
        first: bool,
    },
    Done,
}

/// Every release of every public notice in one package, streamed a page of stored
/// releases at a time, so memory stays flat however many notices there are.
async fn package(State(state): State<AppState>, ctx: Ctx) -> Answer {
    let base = base_url(&state);
    let published = ocds::latest_release_at(&state.db)
        .await
        .map_err(|e| ctx.fail(e))?
        .unwrap_or_else(Utc::now);
    let head = ocds::package_head(&format!("{base}/notices.ocds.json"), published, &base);
    let db: DatabaseConnection = state.db.clone();
    let stream = futures_util::stream::unfold(Step::Head(head), move |step| {
        let db = db.clone();
        async move {
            match step {
                Step::Head(head) => Some((
                    Ok::<Bytes, std::io::Error>(Bytes::from(head)),
                    Step::Releases {
                        cursor: None,
                        first: true,
                    },
                )),
                Step::Releases { cursor, first } => {
                    match ocds::release_page(&db, cursor, RELEASES_PER_READ).await {
                        Ok(page) if page.is_empty() => Some((
                            Ok(Bytes::from_static(ocds::PACKAGE_TAIL.as_bytes())),
                            Step::Done,
                        )),
                        Ok(page) => {
                            let next = page.last().map(|(c, _)| *c);
                            let mut chunk =
                                String::with_capacity(page.iter().map(|(_, b)| b.len() + 1).sum());
                            for (i, (_, body)) in page.iter().enumerate() {
                                if !(first && i == 0) {
                                    chunk.push(',');
                                }
                                chunk.push_str(body);
                            }
                            Some((
                                Ok(Bytes::from(chunk)),
                                Step::Releases {
                                    cursor: next,
                                    first: false,
                                },
                            ))
                        }
                        Err(err) => {
                            // Headers are gone already: all that can be done is to cut
                            // the body short, which a client sees as invalid JSON.
                            tracing::error!(error = %err, "streaming the OCDS package failed");
                            Some((Err(std::io::Error::other(err.to_string())), Step::Done))
                        }
                    }
                }
                Step::Done => None,
            }
        }
    });
    Ok(typed(Body::from_stream(stream), "application/json"))
}
