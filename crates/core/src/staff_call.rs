//! A kiosk calling a member of staff to the resident in front of it (呼叫工作人员), from the help
//! panel on every screen: `POST /v1/staff-calls` with the kiosk's place, then `GET` until the
//! backend says someone is on the way, or `cancel` when the resident no longer needs help.
//!
//! Invariants: only a kiosk calls (elsewhere [`CoreError::NotKiosk`]: a resident at home has
//! the hotline); at most one call is open per visit (calling again while one waits answers the
//! open one, so a double press never calls two people); finishing the visit cancels a call
//! still open, so nobody walks to a machine whose resident has left. Nothing of a call is
//! stored: it lives as long as the visit.

use crate::app::Bianmin;
use crate::error::CoreError;
use crate::view::{StaffCallState, StaffCallView};
use bianmin_api::{StaffCall, StaffCallStatus, MAX_STAFF_CALL_PLACE_CHARS};

fn view(call: StaffCall) -> StaffCallView {
    StaffCallView {
        id: call.id,
        state: match call.status {
            StaffCallStatus::Waiting => StaffCallState::Waiting,
            StaffCallStatus::Coming => StaffCallState::Coming,
            StaffCallStatus::Cancelled => StaffCallState::Cancelled,
        },
        note: call.note,
    }
}

/// The place a kiosk gives when it calls staff: trimmed, at most the backend's limit, never
/// empty.
pub fn kiosk_place(place: &str) -> String {
    let cut: String = place
        .trim()
        .chars()
        .take(MAX_STAFF_CALL_PLACE_CHARS)
        .collect();
    match cut.trim_end() {
        "" => "kiosk".to_owned(),
        place => place.to_owned(),
    }
}

impl Bianmin {
    /// Calls a member of staff to this kiosk; while a call of this visit is open, answers that
    /// one instead of calling again.
    pub async fn call_staff(&self) -> Result<StaffCallView, CoreError> {
        if !self.is_kiosk() {
            return Err(CoreError::NotKiosk);
        }
        if let Some(id) = self.open_staff_call() {
            match self.backend.staff_call(&id).await {
                Ok(call) if call.status != StaffCallStatus::Cancelled => return Ok(view(call)),
                Ok(_) | Err(CoreError::NotFound(_)) => {}
                Err(e) => return Err(e),
            }
        }
        let call = self.backend.call_staff(self.kiosk_place()).await?;
        self.set_open_staff_call(Some(call.id.clone()));
        Ok(view(call))
    }

    /// Where this visit's call stands.
    pub async fn staff_call(&self, id: &str) -> Result<StaffCallView, CoreError> {
        if !self.is_kiosk() {
            return Err(CoreError::NotKiosk);
        }
        Ok(view(self.backend.staff_call(id).await?))
    }

    /// The resident no longer needs help.
    pub async fn cancel_staff_call(&self, id: &str) -> Result<StaffCallView, CoreError> {
        if !self.is_kiosk() {
            return Err(CoreError::NotKiosk);
        }
        let call = self.backend.cancel_staff_call(id).await?;
        if self.open_staff_call().as_deref() == Some(id) {
            self.set_open_staff_call(None);
        }
        Ok(view(call))
    }

    /// At the end of a visit: the call still open is cancelled (best effort: a backend that
    /// cannot be reached is logged, and the visit still ends).
    pub(crate) async fn cancel_open_staff_call(&self) {
        if let Some(id) = self.open_staff_call() {
            self.set_open_staff_call(None);
            if let Err(e) = self.backend.cancel_staff_call(&id).await {
                tracing::warn!(error = %e, "the visit's call for staff could not be cancelled");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_is_trimmed_cut_to_the_limit_and_never_empty() {
        assert_eq!(kiosk_place("  hall A, kiosk 3 \n"), "hall A, kiosk 3");
        assert_eq!(kiosk_place("   "), "kiosk");
        let long = format!("{}  tail", "x".repeat(MAX_STAFF_CALL_PLACE_CHARS - 1));
        let cut = kiosk_place(&long);
        assert_eq!(
            cut.chars().count(),
            MAX_STAFF_CALL_PLACE_CHARS - 1,
            "no space left at the cut"
        );
    }
}
