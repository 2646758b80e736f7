//! The authorization policy: who may do what. Every server route and server function asks
//! here before it reads or writes, so the rules live in one place and one table test.

use super::{ChallengeStatus, MemberRole, OrgKind, OrgRole, OrganisationId, UserId, Visibility};
use serde::{Deserialize, Serialize};

/// The signed-in person making a request, as far as authorization cares.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    pub name: String,
    pub email: String,
    pub organisation_id: OrganisationId,
    pub organisation_name: String,
    pub organisation_kind: OrgKind,
    pub org_role: OrgRole,
    pub platform_admin: bool,
}

impl User {
    pub fn is_authority_user(&self) -> bool {
        self.organisation_kind == OrgKind::Authority
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Actor {
    Anonymous,
    User(User),
}

impl Actor {
    pub fn user(&self) -> Option<&User> {
        match self {
            Actor::Anonymous => None,
            Actor::User(user) => Some(user),
        }
    }
}

/// Why a request was refused. `NotFound` is used where admitting that the thing exists
/// would itself leak something (a private challenge seen from outside).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Denied {
    SignInRequired,
    Forbidden,
    NotFound,
}

/// What the policy needs to know about a challenge, and the actor's place in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChallengeFacts {
    pub visibility: Visibility,
    pub status: ChallengeStatus,
    /// The role of the actor's organisation in the challenge, if it is a member.
    pub actor_role: Option<MemberRole>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChallengeAction {
    /// Read the challenge: summary, problem statement and member authorities.
    View,
    /// Read the audit history and pending join requests.
    ViewHistory,
    /// Edit title, problem statement, service area and visibility.
    Edit,
    ChangeStatus,
    /// Add, re-role and remove member authorities.
    ManageMembers,
    TransferLead,
    RequestToJoin,
    DecideJoinRequest,
    /// Read the needs, criteria, matrix, revisions and comments, export the pack, and
    /// follow live changes: working drafts, for members only.
    ViewWork,
    /// Create, edit, reorder, merge, archive and restore needs and criteria.
    EditWork,
    /// Endorse a need and give the authority's own priority for it.
    Endorse,
    Comment,
    ProposeSignoff,
    SignOff,
}

impl ChallengeAction {
    pub const ALL: &'static [ChallengeAction] = &[
        ChallengeAction::View,
        ChallengeAction::ViewHistory,
        ChallengeAction::Edit,
        ChallengeAction::ChangeStatus,
        ChallengeAction::ManageMembers,
        ChallengeAction::TransferLead,
        ChallengeAction::RequestToJoin,
        ChallengeAction::DecideJoinRequest,
        ChallengeAction::ViewWork,
        ChallengeAction::EditWork,
        ChallengeAction::Endorse,
        ChallengeAction::Comment,
        ChallengeAction::ProposeSignoff,
        ChallengeAction::SignOff,
    ];
}

/// Whether the actor may see that the challenge exists at all.
fn can_see(actor: &Actor, facts: &ChallengeFacts) -> Result<(), Denied> {
    let user = match actor {
        Actor::Anonymous => {
            return match facts.visibility {
                Visibility::Public => Ok(()),
                // Sent to sign in whether or not the challenge exists, so nothing leaks.
                _ => Err(Denied::SignInRequired),
            };
        }
        Actor::User(user) => user,
    };
    if user.platform_admin || facts.actor_role.is_some() {
        return Ok(());
    }
    match facts.visibility {
        Visibility::Public => Ok(()),
        Visibility::Authorities if user.is_authority_user() => Ok(()),
        _ => Err(Denied::NotFound),
    }
}

pub fn authorize_challenge(
    actor: &Actor,
    action: ChallengeAction,
    facts: &ChallengeFacts,
) -> Result<(), Denied> {
    can_see(actor, facts)?;
    if action == ChallengeAction::View {
        return Ok(());
    }
    let Some(user) = actor.user() else {
        return Err(Denied::SignInRequired);
    };
    let role = facts.actor_role;
    let open = facts.status.is_open();
    let allowed = match action {
        ChallengeAction::View => true,
        ChallengeAction::ViewHistory => role.is_some() || user.platform_admin,
        ChallengeAction::Edit => {
            open && matches!(role, Some(MemberRole::Lead | MemberRole::Participant))
        }
        // The lead may still archive a concluded challenge; an archived one is final,
        // which the lifecycle itself enforces.
        ChallengeAction::ChangeStatus => role == Some(MemberRole::Lead),
        ChallengeAction::ManageMembers
        | ChallengeAction::TransferLead
        | ChallengeAction::DecideJoinRequest => open && role == Some(MemberRole::Lead),
        ChallengeAction::RequestToJoin => open && role.is_none() && user.is_authority_user(),
        ChallengeAction::ViewWork => role.is_some() || user.platform_admin,
        ChallengeAction::EditWork | ChallengeAction::Endorse | ChallengeAction::SignOff => {
            open && matches!(role, Some(MemberRole::Lead | MemberRole::Participant))
        }
        ChallengeAction::Comment => open && role.is_some(),
        ChallengeAction::ProposeSignoff => open && role == Some(MemberRole::Lead),
    };
    if allowed {
        Ok(())
    } else {
        Err(Denied::Forbidden)
    }
}

/// Any authority user may open a challenge; suppliers and visitors may not.
pub fn authorize_create_challenge(actor: &Actor) -> Result<(), Denied> {
    match actor {
        Actor::Anonymous => Err(Denied::SignInRequired),
        Actor::User(user) if user.is_authority_user() => Ok(()),
        Actor::User(_) => Err(Denied::Forbidden),
    }
}

/// A platform admin invites into any authority; an authority's org admin into their own.
pub fn authorize_invite(
    actor: &Actor,
    into: OrganisationId,
    into_kind: OrgKind,
) -> Result<(), Denied> {
    let Some(user) = actor.user() else {
        return Err(Denied::SignInRequired);
    };
    if into_kind != OrgKind::Authority {
        return Err(Denied::Forbidden);
    }
    if user.platform_admin || (user.org_role == OrgRole::OrgAdmin && user.organisation_id == into) {
        Ok(())
    } else {
        Err(Denied::Forbidden)
    }
}

/// Whether the actor may open the invitations page at all (for some authority).
pub fn authorize_invite_page(actor: &Actor) -> Result<(), Denied> {
    let Some(user) = actor.user() else {
        return Err(Denied::SignInRequired);
    };
    if user.platform_admin || (user.org_role == OrgRole::OrgAdmin && user.is_authority_user()) {
        Ok(())
    } else {
        Err(Denied::Forbidden)
    }
}

/// The development outbox viewer and other platform screens.
pub fn authorize_platform_admin(actor: &Actor) -> Result<(), Denied> {
    match actor.user() {
        None => Err(Denied::SignInRequired),
        Some(user) if user.platform_admin => Ok(()),
        Some(_) => Err(Denied::Forbidden),
    }
}

/// Rendering Markdown previews is for signed-in authority users (the people who write
/// challenges); it is refused to visitors so the endpoint is no free rendering service.
pub fn authorize_markdown_preview(actor: &Actor) -> Result<(), Denied> {
    authorize_create_challenge(actor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ChallengeAction::*;

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

    /// Expected outcome, per action, for each of EVERYONE in order:
    /// anonymous, supplier, outsider authority, observer, participant, lead, platform admin.
    fn expected(visibility: Visibility, action: ChallengeAction) -> [Result<(), Denied>; 7] {
        match (visibility, action) {
            (Visibility::Private, View) => [S, N, N, Y, Y, Y, Y],
            (Visibility::Private, ViewHistory) => [S, N, N, Y, Y, Y, Y],
            (Visibility::Private, Edit) => [S, N, N, F, Y, Y, F],
            (Visibility::Private, ChangeStatus) => [S, N, N, F, F, Y, F],
            (Visibility::Private, ManageMembers) => [S, N, N, F, F, Y, F],
            (Visibility::Private, TransferLead) => [S, N, N, F, F, Y, F],
            (Visibility::Private, RequestToJoin) => [S, N, N, F, F, F, F],
            (Visibility::Private, DecideJoinRequest) => [S, N, N, F, F, Y, F],
            (Visibility::Private, ViewWork) => [S, N, N, Y, Y, Y, Y],
            (Visibility::Private, EditWork) => [S, N, N, F, Y, Y, F],
            (Visibility::Private, Endorse) => [S, N, N, F, Y, Y, F],
            (Visibility::Private, Comment) => [S, N, N, Y, Y, Y, F],
            (Visibility::Private, ProposeSignoff) => [S, N, N, F, F, Y, F],
            (Visibility::Private, SignOff) => [S, N, N, F, Y, Y, F],

            (Visibility::Authorities, View) => [S, N, Y, Y, Y, Y, Y],
            (Visibility::Authorities, ViewHistory) => [S, N, F, Y, Y, Y, Y],
            (Visibility::Authorities, Edit) => [S, N, F, F, Y, Y, F],
            (Visibility::Authorities, ChangeStatus) => [S, N, F, F, F, Y, F],
            (Visibility::Authorities, ManageMembers) => [S, N, F, F, F, Y, F],
            (Visibility::Authorities, TransferLead) => [S, N, F, F, F, Y, F],
            (Visibility::Authorities, RequestToJoin) => [S, N, Y, F, F, F, F],
            (Visibility::Authorities, DecideJoinRequest) => [S, N, F, F, F, Y, F],
            (Visibility::Authorities, ViewWork) => [S, N, F, Y, Y, Y, Y],
            (Visibility::Authorities, EditWork) => [S, N, F, F, Y, Y, F],
            (Visibility::Authorities, Endorse) => [S, N, F, F, Y, Y, F],
            (Visibility::Authorities, Comment) => [S, N, F, Y, Y, Y, F],
            (Visibility::Authorities, ProposeSignoff) => [S, N, F, F, F, Y, F],
            (Visibility::Authorities, SignOff) => [S, N, F, F, Y, Y, F],

            (Visibility::Public, View) => [Y, Y, Y, Y, Y, Y, Y],
            (Visibility::Public, ViewHistory) => [S, F, F, Y, Y, Y, Y],
            (Visibility::Public, Edit) => [S, F, F, F, Y, Y, F],
            (Visibility::Public, ChangeStatus) => [S, F, F, F, F, Y, F],
            (Visibility::Public, ManageMembers) => [S, F, F, F, F, Y, F],
            (Visibility::Public, TransferLead) => [S, F, F, F, F, Y, F],
            (Visibility::Public, RequestToJoin) => [S, F, Y, F, F, F, F],
            (Visibility::Public, DecideJoinRequest) => [S, F, F, F, F, Y, F],
            (Visibility::Public, ViewWork) => [S, F, F, Y, Y, Y, Y],
            (Visibility::Public, EditWork) => [S, F, F, F, Y, Y, F],
            (Visibility::Public, Endorse) => [S, F, F, F, Y, Y, F],
            (Visibility::Public, Comment) => [S, F, F, Y, Y, Y, F],
            (Visibility::Public, ProposeSignoff) => [S, F, F, F, F, Y, F],
            (Visibility::Public, SignOff) => [S, F, F, F, Y, Y, F],
        }
    }

    #[test]
    fn every_action_for_every_role_and_visibility() {
        for visibility in Visibility::ALL {
            for action in ChallengeAction::ALL {
                let want = expected(*visibility, *action);
                for (who, want) in EVERYONE.iter().zip(want) {
                    let (actor, actor_role) = actor_and_role(*who);
                    let facts = ChallengeFacts {
                        visibility: *visibility,
                        status: ChallengeStatus::Collaborating,
                        actor_role,
                    };
                    assert_eq!(
                        authorize_challenge(&actor, *action, &facts),
                        want,
                        "{who:?} doing {action:?} on a {visibility:?} challenge"
                    );
                }
            }
        }
    }

    #[test]
    fn closed_challenges_are_read_only_but_the_lead_can_archive() {
        for status in [ChallengeStatus::Concluded, ChallengeStatus::Archived] {
            for who in EVERYONE {
                let (actor, actor_role) = actor_and_role(who);
                let facts = ChallengeFacts {
                    visibility: Visibility::Public,
                    status,
                    actor_role,
                };
                for action in [
                    Edit,
                    ManageMembers,
                    TransferLead,
                    RequestToJoin,
                    DecideJoinRequest,
                ] {
                    assert!(
                        authorize_challenge(&actor, action, &facts).is_err(),
                        "{who:?} {action:?} on {status:?}"
                    );
                }
                assert!(authorize_challenge(&actor, View, &facts).is_ok());
                let lead = matches!(who, Who::Lead);
                assert_eq!(
                    authorize_challenge(&actor, ChangeStatus, &facts).is_ok(),
                    lead
                );
            }
        }
    }

    #[test]
    fn who_may_create_and_invite() {
        for who in EVERYONE {
            let (actor, _) = actor_and_role(who);
            let expected = match who {
                Who::Anonymous => S,
                Who::Supplier | Who::Admin => F,
                _ => Y,
            };
            assert_eq!(authorize_create_challenge(&actor), expected, "{who:?}");
        }

        let own_org = OrganisationId::new();
        let mut org_admin = match user(OrgKind::Authority, false) {
            Actor::User(u) => u,
            Actor::Anonymous => unreachable!(),
        };
        org_admin.org_role = OrgRole::OrgAdmin;
        org_admin.organisation_id = own_org;
        let org_admin = Actor::User(org_admin);
        assert_eq!(authorize_invite(&org_admin, own_org, OrgKind::Authority), Y);
        assert_eq!(
            authorize_invite(&org_admin, OrganisationId::new(), OrgKind::Authority),
            F
        );
        assert_eq!(authorize_invite(&org_admin, own_org, OrgKind::Supplier), F);
        assert_eq!(authorize_invite_page(&org_admin), Y);

        let (admin, _) = actor_and_role(Who::Admin);
        assert_eq!(
            authorize_invite(&admin, OrganisationId::new(), OrgKind::Authority),
            Y
        );
        assert_eq!(authorize_platform_admin(&admin), Y);

        let (member, _) = actor_and_role(Who::Outsider);
        assert_eq!(authorize_invite(&member, own_org, OrgKind::Authority), F);
        assert_eq!(authorize_invite_page(&member), F);
        assert_eq!(authorize_platform_admin(&member), F);
        assert_eq!(authorize_invite_page(&Actor::Anonymous), S);
        assert_eq!(authorize_markdown_preview(&Actor::Anonymous), S);
    }
}
