//! Telling the viewers of a challenge what just changed.

use crate::ctx::Ctx;
use crate::state::AppState;
use app::domain::ChallengeId;
use app::ssr::live::ChallengeEvent;
use uuid::Uuid;

impl AppState {
    /// Announces a change, already committed, to everyone viewing the challenge on any
    /// instance. Publishing never fails the request: the change is saved either way.
    pub fn live_publish(
        &self,
        challenge: ChallengeId,
        kind: &str,
        item: Option<Uuid>,
        ctx: &Ctx,
        summary: &str,
    ) {
        let Some(user) = ctx.actor.user() else {
            return;
        };
        let event = ChallengeEvent::by(user, challenge.0, kind, item, summary.to_string());
        let live = self.live.clone();
        tokio::spawn(async move { live.publish(event).await });
    }
}
