//! sea-orm entities, one per table. Relations are expressed as explicit queries in the
//! services, which keeps each query visible where it is used.

pub mod audit_event;
pub mod challenge;
pub mod challenge_member;
pub mod clarification;
pub mod comment;
pub mod conflict_declaration;
pub mod criterion;
pub mod criterion_need;
pub mod invitation;
pub mod join_request;
pub mod login_attempt;
pub mod need;
pub mod need_view;
pub mod notice;
pub mod notice_amendment;
pub mod notice_authority;
pub mod notice_cpv_code;
pub mod notice_event;
pub mod notice_question;
pub mod notice_release;
pub mod organisation;
pub mod outbox_email;
pub mod password_reset;
pub mod response;
pub mod response_note;
pub mod response_submission;
pub mod revision;
pub mod service_area;
pub mod session;
pub mod signoff;
pub mod signoff_round;
pub mod supplier_follow;
pub mod supplier_interest;
pub mod user;
