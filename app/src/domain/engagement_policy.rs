//! Who may do what with market engagement notices, supplier responses and clarification
//! questions. Part of the one policy layer (see `policy`): routes ask here before they
//! read or write anything about a notice.

use super::engagement::NoticeStatus;
use super::policy::{Actor, Denied};
use super::{MemberRole, OrganisationId};

/// What the policy needs to know about a notice and the actor's place in its challenge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NoticeFacts {
    /// The effective status (see `NoticeStatus::effective`): closed once the closing
    /// time has passed.
    pub status: NoticeStatus,
    /// The role of the actor's organisation in the notice's challenge, if a member.
    pub actor_role: Option<MemberRole>,
    /// Whether the lead lets observer authorities read supplier responses.
    pub observers_see_responses: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NoticeAction {
    /// Read the notice: a draft only inside the challenge; once published, anyone.
    View,
    /// Open the notice's working page inside the challenge (drafting, publishing,
    /// amending, withdrawing): member authorities and the platform team.
    Manage,
    /// Change a draft notice: text, CPV codes, events, questionnaire, dates, contact.
    EditDraft,
    Publish,
    /// Change a published notice, recording what changed and why.
    Amend,
    Withdraw,
    /// Let observers read responses, or stop them.
    SetObserverAccess,
    /// A supplier registers interest, answers the questionnaire and asks questions.
    RegisterInterest,
    Respond,
    AskClarification,
    /// Member authorities read every clarification question with the asker's name.
    ViewClarifications,
    AnswerClarification,
    /// Declare (or update) a conflict of interest before reading responses.
    DeclareConflict,
    /// Read supplier responses (after declaring), compare answers, export the CSV.
    ReviewResponses,
    /// Private notes and tags on responses.
    AnnotateResponses,
    /// See who declared what conflict of interest.
    ViewConflictDeclarations,
}

impl NoticeAction {
    pub const ALL: &'static [NoticeAction] = &[
        NoticeAction::View,
        NoticeAction::Manage,
        NoticeAction::EditDraft,
        NoticeAction::Publish,
        NoticeAction::Amend,
        NoticeAction::Withdraw,
        NoticeAction::SetObserverAccess,
        NoticeAction::RegisterInterest,
        NoticeAction::Respond,
        NoticeAction::AskClarification,
        NoticeAction::ViewClarifications,
        NoticeAction::AnswerClarification,
        NoticeAction::DeclareConflict,
        NoticeAction::ReviewResponses,
        NoticeAction::AnnotateResponses,
        NoticeAction::ViewConflictDeclarations,
    ];
}

pub fn authorize_notice(
    actor: &Actor,
    action: NoticeAction,
    facts: &NoticeFacts,
) -> Result<(), Denied> {
    let is_member = facts.actor_role.is_some();
    let is_admin = actor.user().is_some_and(|user| user.platform_admin);
    // Drafts never leak: outside the challenge a draft does not exist.
    if facts.status == NoticeStatus::Draft && !is_member && !is_admin {
        return Err(match actor {
            Actor::Anonymous => Denied::SignInRequired,
            Actor::User(_) => Denied::NotFound,
        });
    }
    if action == NoticeAction::View {
        return Ok(());
    }
    let Some(user) = actor.user() else {
        return Err(Denied::SignInRequired);
    };
    let role = facts.actor_role;
    let writer = matches!(role, Some(MemberRole::Lead | MemberRole::Participant));
    let lead = role == Some(MemberRole::Lead);
    let open = facts.status == NoticeStatus::Published;
    let reviewer = writer || (role == Some(MemberRole::Observer) && facts.observers_see_responses);
    let supplier = !user.is_authority_user() && !user.platform_admin && role.is_none();
    let allowed = match action {
        NoticeAction::View => true,
        NoticeAction::Manage => is_member || is_admin,
        NoticeAction::EditDraft => writer && facts.status == NoticeStatus::Draft,
        NoticeAction::Publish => lead && facts.status == NoticeStatus::Draft,
        NoticeAction::Amend | NoticeAction::Withdraw => lead && open,
        NoticeAction::SetObserverAccess => lead,
        NoticeAction::RegisterInterest | NoticeAction::Respond | NoticeAction::AskClarification => {
            supplier && user.organisation_kind == super::OrgKind::Supplier && open
        }
        NoticeAction::ViewClarifications => is_member || is_admin,
        NoticeAction::AnswerClarification => lead && facts.status != NoticeStatus::Draft,
        NoticeAction::DeclareConflict => reviewer,
        NoticeAction::ReviewResponses => reviewer,
        NoticeAction::AnnotateResponses => writer,
        NoticeAction::ViewConflictDeclarations => lead,
    };
    if allowed {
        Ok(())
    } else {
        Err(Denied::Forbidden)
    }
}

/// A supplier reads only its own organisation's response; anyone else asking for it by
/// id is told it does not exist. Reviewers reach responses through `ReviewResponses`.
pub fn authorize_own_response(actor: &Actor, owner: OrganisationId) -> Result<(), Denied> {
    match actor.user() {
        None => Err(Denied::SignInRequired),
        Some(user) if user.organisation_id == owner => Ok(()),
        Some(_) => Err(Denied::NotFound),
    }
}

/// The supplier dashboard and follows are for supplier users.
pub fn authorize_supplier_area(actor: &Actor) -> Result<(), Denied> {
    match actor.user() {
        None => Err(Denied::SignInRequired),
        Some(user) if user.organisation_kind == super::OrgKind::Supplier => Ok(()),
        Some(_) => Err(Denied::Forbidden),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::policy::User;
    use crate::domain::{OrgKind, OrgRole, UserId};
    use NoticeAction::*;

    #[derive(Clone, Copy, Debug)]
    enum Who {
        Anonymous,
        Supplier,
        Outsider,
        Observer,
        Participant,
        Lead,
        Admin,
    }
    const EVERYONE: [Who; 7] = [
        Who::Anonymous,
        Who::Supplier,
        Who::Outsider,
        Who::Observer,
        Who::Participant,
        Who::Lead,
        Who::Admin,
    ];

    fn user(kind: OrgKind, admin: bool) -> Actor {
        Actor::User(User {
            id: UserId::new(),
            name: "Test person".into(),
            email: "test@example.com".into(),
            organisation_id: OrganisationId::new(),
            organisation_name: "Org".into(),
            organisation_kind: kind,
            org_role: OrgRole::Member,
            platform_admin: admin,
        })
    }

    fn actor_and_role(who: Who) -> (Actor, Option<MemberRole>) {
        match who {
            Who::Anonymous => (Actor::Anonymous, None),
            Who::Supplier => (user(OrgKind::Supplier, false), None),
            Who::Outsider => (user(OrgKind::Authority, false), None),
            Who::Observer => (user(OrgKind::Authority, false), Some(MemberRole::Observer)),
            Who::Participant => (
                user(OrgKind::Authority, false),
                Some(MemberRole::Participant),
            ),
            Who::Lead => (user(OrgKind::Authority, false), Some(MemberRole::Lead)),
            Who::Admin => (user(OrgKind::Platform, true), None),
        }
    }

    const Y: Result<(), Denied> = Ok(());
    const F: Result<(), Denied> = Err(Denied::Forbidden);
    const N: Result<(), Denied> = Err(Denied::NotFound);
    const S: Result<(), Denied> = Err(Denied::SignInRequired);

    /// Expected outcome for: anonymous, supplier, outsider authority, observer,
    /// participant, lead, platform admin (observers not allowed to read responses).
    fn expected(status: NoticeStatus, action: NoticeAction) -> [Result<(), Denied>; 7] {
        use NoticeStatus::*;
        match (status, action) {
            (Draft, View | Manage) => [S, N, N, Y, Y, Y, Y],
            (Draft, EditDraft) => [S, N, N, F, Y, Y, F],
            (Draft, Publish) => [S, N, N, F, F, Y, F],
            (Draft, SetObserverAccess) => [S, N, N, F, F, Y, F],
            (Draft, ViewClarifications) => [S, N, N, Y, Y, Y, Y],
            (Draft, DeclareConflict | ReviewResponses) => [S, N, N, F, Y, Y, F],
            (Draft, AnnotateResponses) => [S, N, N, F, Y, Y, F],
            (Draft, ViewConflictDeclarations) => [S, N, N, F, F, Y, F],
            (Draft, _) => [S, N, N, F, F, F, F],

            (Published, View) => [Y, Y, Y, Y, Y, Y, Y],
            (Published, Manage) => [S, F, F, Y, Y, Y, Y],
            (Published, EditDraft | Publish) => [S, F, F, F, F, F, F],
            (Published, Amend | Withdraw | SetObserverAccess) => [S, F, F, F, F, Y, F],
            (Published, RegisterInterest | Respond | AskClarification) => [S, Y, F, F, F, F, F],
            (Published, ViewClarifications) => [S, F, F, Y, Y, Y, Y],
            (Published, AnswerClarification) => [S, F, F, F, F, Y, F],
            (Published, DeclareConflict | ReviewResponses | AnnotateResponses) => {
                [S, F, F, F, Y, Y, F]
            }
            (Published, ViewConflictDeclarations) => [S, F, F, F, F, Y, F],

            (Closed | Withdrawn, View) => [Y, Y, Y, Y, Y, Y, Y],
            (Closed | Withdrawn, Manage) => [S, F, F, Y, Y, Y, Y],
            (Closed | Withdrawn, SetObserverAccess | AnswerClarification) => [S, F, F, F, F, Y, F],
            (Closed | Withdrawn, ViewClarifications) => [S, F, F, Y, Y, Y, Y],
            (Closed | Withdrawn, DeclareConflict | ReviewResponses | AnnotateResponses) => {
                [S, F, F, F, Y, Y, F]
            }
            (Closed | Withdrawn, ViewConflictDeclarations) => [S, F, F, F, F, Y, F],
            (Closed | Withdrawn, _) => [S, F, F, F, F, F, F],
        }
    }

    #[test]
    fn every_action_for_everyone_in_every_status() {
        for status in NoticeStatus::ALL {
            for action in NoticeAction::ALL {
                let want = expected(*status, *action);
                for (who, want) in EVERYONE.iter().zip(want) {
                    let (actor, actor_role) = actor_and_role(*who);
                    let facts = NoticeFacts {
                        status: *status,
                        actor_role,
                        observers_see_responses: false,
                    };
                    assert_eq!(
                        authorize_notice(&actor, *action, &facts),
                        want,
                        "{who:?} {action:?} on a {status:?} notice"
                    );
                }
            }
        }
    }

    #[test]
    fn observers_review_only_when_the_lead_allows_it() {
        let (actor, actor_role) = actor_and_role(Who::Observer);
        for allowed in [false, true] {
            let facts = NoticeFacts {
                status: NoticeStatus::Closed,
                actor_role,
                observers_see_responses: allowed,
            };
            let want = if allowed {
                Ok(())
            } else {
                Err(Denied::Forbidden)
            };
            assert_eq!(authorize_notice(&actor, ReviewResponses, &facts), want);
            assert_eq!(authorize_notice(&actor, DeclareConflict, &facts), want);
            // Notes and tags stay with the co-authoring authorities.
            assert_eq!(
                authorize_notice(&actor, AnnotateResponses, &facts),
                Err(Denied::Forbidden)
            );
        }
    }

    #[test]
    fn a_supplier_sees_only_its_own_response() {
        let (supplier_a, _) = actor_and_role(Who::Supplier);
        let (supplier_b, _) = actor_and_role(Who::Supplier);
        let owner = supplier_a.user().unwrap().organisation_id;
        assert_eq!(authorize_own_response(&supplier_a, owner), Ok(()));
        assert_eq!(
            authorize_own_response(&supplier_b, owner),
            Err(Denied::NotFound)
        );
        assert_eq!(
            authorize_own_response(&Actor::Anonymous, owner),
            Err(Denied::SignInRequired)
        );
    }

    #[test]
    fn the_supplier_area_is_for_suppliers() {
        assert_eq!(
            authorize_supplier_area(&actor_and_role(Who::Supplier).0),
            Ok(())
        );
        assert_eq!(
            authorize_supplier_area(&actor_and_role(Who::Lead).0),
            Err(Denied::Forbidden)
        );
        assert_eq!(
            authorize_supplier_area(&Actor::Anonymous),
            Err(Denied::SignInRequired)
        );
    }
}
