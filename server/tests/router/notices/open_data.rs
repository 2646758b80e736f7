//! The Atom feed and the OCDS exports, the latter validated against the OCDS 1.1 schemas
//! kept in `server/tests/data/ocds-1.1` (nothing is fetched from the network).

use super::*;
use serde_json::Value;

const RELEASE_SCHEMA_URL: &str =
    "https://standard.open-contracting.org/schema/1__1__5/release-schema.json";

/// Serves the copied release schema for the one URL the package schema refers to, and
/// refuses everything else, so validation never reaches the network.
struct LocalSchemas;

impl jsonschema::Retrieve for LocalSchemas {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        if uri.as_str() == RELEASE_SCHEMA_URL {
            Ok(serde_json::from_str(include_str!(
                "../../data/ocds-1.1/release-schema.json"
            ))?)
        } else {
            Err(format!("no local copy of {uri}").into())
        }
    }
}

#[track_caller]
fn assert_valid_package(package: &Value) {
    let schema: Value = serde_json::from_str(include_str!(
        "../../data/ocds-1.1/release-package-schema.json"
    ))
    .unwrap();
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .with_retriever(LocalSchemas)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the OCDS package schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(package)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "OCDS validation failed: {errors:#?}");
}

async fn the_ocds_exports_validate_against_the_schema(app: TestApp) {
    let (id, mut priya, _, _) = joint_challenge(&app).await;
    ready_draft(&mut priya, id).await;
    let reference = publish(&mut priya, id).await;
    // An amendment and a withdrawal add planning updates.
    let amend = priya.get(&format!("/challenges/{id}/notice/amend")).await;
    let mut fields = details(&amend.input("version").unwrap());
    fields.push(("cpv_codes".into(), "48000000 72000000".into()));
    fields.push(("reason".into(), "A second code".into()));
    post(
        &mut priya,
        &format!("/challenges/{id}/notice/amend"),
        &fields,
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let v = priya
        .get(&format!("/challenges/{id}/notice/withdraw"))
        .await
        .input("version")
        .unwrap();
    priya
        .post_form(
            &format!("/challenges/{id}/notice/withdraw"),
            &[("version", &v), ("reason", "Plans changed")],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
    // A draft elsewhere never appears.
    let (other, mut lead, _, _) = joint_challenge(&app).await;
    start(&mut lead, other).await;

    let mut visitor = app.client();
    let one = visitor
        .get(&format!("/notices/{reference}.ocds.json"))
        .await;
    one.assert_status(StatusCode::OK);
    assert_eq!(one.headers["content-type"], "application/json");
    let package: Value = serde_json::from_str(&one.body).unwrap();
    assert_valid_package(&package);
    assert_eq!(package["version"], "1.1");
    assert_eq!(
        package["uri"],
        format!("http://coprocure.test/notices/{reference}.ocds.json")
    );
    let releases = package["releases"].as_array().unwrap();
    let tags: Vec<&Value> = releases.iter().map(|r| &r["tag"][0]).collect();
    assert_eq!(tags, vec!["planning", "planningUpdate", "planningUpdate"]);
    let first = &releases[0];
    assert_eq!(first["ocid"], format!("ocds-coprocure-{reference}"));
    assert_eq!(first["buyer"]["name"], "Camden");
    assert_eq!(first["buyer"]["id"], "GB-LAE-CMD");
    assert_eq!(
        first["parties"][0]["additionalIdentifiers"][0]["id"],
        ons::CAMDEN
    );
    assert_eq!(first["parties"][1]["name"], "Brent");
    assert_eq!(first["planning"]["milestones"][0]["type"], "engagement");
    assert_eq!(
        first["planning"]["documents"][0]["url"],
        format!("http://coprocure.test/notices/{reference}")
    );
    assert_eq!(
        first["tender"]["items"][0]["classification"]["scheme"],
        "CPV"
    );
    assert_eq!(first["tender"]["minValue"]["amount"], 250000);
    assert_eq!(releases[1]["tender"]["items"].as_array().unwrap().len(), 2);
    assert_eq!(releases[2]["tender"]["status"], "withdrawn");

    let all = visitor.get("/notices.ocds.json").await;
    all.assert_status(StatusCode::OK);
    let package: Value = serde_json::from_str(&all.body).unwrap();
    assert_valid_package(&package);
    let ocids: Vec<&str> = package["releases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ocid"].as_str().unwrap())
        .collect();
    assert_eq!(
        ocids.iter().filter(|o| o.ends_with(&reference)).count(),
        3,
        "{ocids:?}"
    );
    // Drafts have no open data.
    let draft_ref = notice_row(&app, other).await.reference;
    visitor
        .get(&format!("/notices/{draft_ref}.ocds.json"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    visitor
        .get("/notices/CP-1999-0001.ocds.json")
        .await
        .assert_status(StatusCode::NOT_FOUND);
}
both_databases!(the_ocds_exports_validate_against_the_schema);

async fn the_package_streams_every_release_of_many_notices(app: TestApp) {
    server::bench_seed::seed_notices(&app.db, 1_200, 0, "http://coprocure.test")
        .await
        .unwrap();
    let res = app.client().get("/notices.ocds.json").await;
    res.assert_status(StatusCode::OK);
    let package: Value = serde_json::from_str(&res.body).unwrap();
    // More than two reads of the stream, each joined up correctly.
    assert!(package["releases"].as_array().unwrap().len() >= 1_200);
    assert_valid_package(&package);
}
both_databases!(the_package_streams_every_release_of_many_notices);

async fn the_atom_feed_lists_new_and_amended_notices(app: TestApp) {
    let (id, mut priya, _, _) = joint_challenge(&app).await;
    start(&mut priya, id).await;
    let v = version(&mut priya, id).await;
    save_details(
        &mut priya,
        id,
        &with(
            &details(&v),
            &[("title", "Repairs <b>&</b> \"maintenance\"")],
        ),
    )
    .await;
    add_cpv(&mut priya, id, "50000000").await;
    add_event(&mut priya, id, 10).await;
    let reference = publish(&mut priya, id).await;
    let res = app.client().get("/notices.atom").await;
    res.assert_status(StatusCode::OK);
    assert_eq!(
        res.headers["content-type"],
        "application/atom+xml; charset=utf-8"
    );
    let xml = &res.body;
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
    assert!(xml.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
    assert!(xml.contains("<title>Repairs &lt;b&gt;&amp;&lt;/b&gt; &quot;maintenance&quot;</title>"));
    assert!(xml.contains(&format!(
        "<id>http://coprocure.test/notices/{reference}</id>"
    )));
    // Every element opened is closed, in order: a cheap well-formedness check.
    let mut open = Vec::new();
    let mut rest = xml.as_str();
    while let Some(start) = rest.find('<') {
        let end = rest[start..].find('>').unwrap() + start;
        let tag = &rest[start + 1..end];
        rest = &rest[end + 1..];
        if tag.starts_with('?') || tag.ends_with('/') {
            continue;
        }
        let name = tag.split_whitespace().next().unwrap();
        if let Some(closing) = name.strip_prefix('/') {
            assert_eq!(open.pop(), Some(closing.to_string()), "{xml}");
        } else {
            open.push(name.to_string());
        }
    }
    assert!(open.is_empty());
    // The newest first: an amendment moves the notice to the top as amended.
    let amend = priya.get(&format!("/challenges/{id}/notice/amend")).await;
    let mut fields = with(
        &details(&amend.input("version").unwrap()),
        &[("title", "Repairs and maintenance")],
    );
    fields.push(("cpv_codes".into(), "50000000".into()));
    fields.push(("reason".into(), "Clearer title".into()));
    post(
        &mut priya,
        &format!("/challenges/{id}/notice/amend"),
        &fields,
    )
    .await
    .assert_status(StatusCode::SEE_OTHER);
    let xml = app.client().get("/notices.atom").await.body;
    let first_entry = xml.split("<entry>").nth(1).unwrap();
    assert!(
        first_entry.contains("<title>Amended: Repairs and maintenance</title>"),
        "{first_entry}"
    );
}
both_databases!(the_atom_feed_lists_new_and_amended_notices);
