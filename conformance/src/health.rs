//! Whether the target is still answering: a target that crashes mid-run must be reported once, as
//! the finding of the case whose request preceded the outage, not as a hundred refused
//! connections (issue #13 §5).
//!
//! Every recorded exchange is observed here in completion order. After the target has answered at
//! least once, the first exchange that ends without an answer (reset, closed, timeout, garbage)
//! opens a *suspect window*; an answer closes it again (the target is alive, the broken exchange was
//! that case's own problem). A refused connection while the window is open, or after any answer,
//! means the target is gone: the [`Outage`] names the case whose exchange opened the window (the
//! request that killed it) and stays set for the rest of the run.

use std::sync::{Mutex, PoisonError};

use crate::http::{Exchange, TransportErrorKind};

/// The target stopped answering during the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outage {
    /// The cases whose requests went unanswered between the last answer and the first refused
    /// connection, in the order they ended: one of them killed the target. Empty when the target
    /// answered right up to the first refusal.
    pub suspects: Vec<&'static str>,
    /// The last case that got an answer before the outage.
    pub last_answered: Option<&'static str>,
    /// How the first unanswered exchange ended (`reset: …`).
    pub first_failure: String,
}

impl Outage {
    /// The case that killed the target, when only one request was unanswered before the outage.
    pub fn after(&self) -> Option<&'static str> {
        match self.suspects.as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }

    /// One sentence for reports: "the target stopped answering after CASE (reset: …)".
    pub fn describe(&self) -> String {
        match (self.suspects.as_slice(), self.last_answered) {
            ([case], _) => format!(
                "the target stopped answering after {case} ({}); every later connection was refused",
                self.first_failure
            ),
            ([], Some(last)) => format!(
                "the target stopped answering (connections refused) after it answered {last}"
            ),
            ([], None) => "the target stopped answering (connections refused)".to_owned(),
            (many, _) => format!(
                "the target stopped answering while {} were in flight ({}); one of their requests \
                 killed it (run them with --concurrency 1 to tell which)",
                many.join(", "),
                self.first_failure
            ),
        }
    }
}

#[derive(Debug, Default)]
struct State {
    answered: bool,
    last_answered: Option<&'static str>,
    /// The cases with unanswered exchanges since the last answer, and how the first ended.
    suspects: Vec<&'static str>,
    first_failure: Option<String>,
    outage: Option<Outage>,
}

/// The shared liveness tracker of one run.
#[derive(Debug, Default)]
pub struct Health {
    state: Mutex<State>,
}

impl Health {
    /// A tracker that has seen nothing yet.
    pub fn new() -> Health {
        Health::default()
    }

    /// Observes one finished exchange made for `case`.
    pub fn observe(&self, case: Option<&'static str>, ex: &Exchange) {
        let mut s = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if s.outage.is_some() {
            return;
        }
        match &ex.response {
            Ok(_) => {
                s.answered = true;
                s.last_answered = case.or(s.last_answered);
                s.suspects.clear();
                s.first_failure = None;
            }
            Err(e) if e.kind.is_unreachable() => {
                if s.answered {
                    let first_failure = s.first_failure.take().unwrap_or_else(|| e.to_string());
                    s.outage = Some(Outage {
                        suspects: std::mem::take(&mut s.suspects),
                        last_answered: s.last_answered,
                        first_failure,
                    });
                }
            }
            Err(e) if e.kind != TransportErrorKind::Request => {
                if s.answered {
                    if s.first_failure.is_none() {
                        s.first_failure = Some(e.to_string());
                    }
                    if let Some(c) = case.filter(|c| !s.suspects.contains(c)) {
                        s.suspects.push(c);
                    }
                }
            }
            Err(_) => {}
        }
    }

    /// Whether the most recent exchanges since the last answer all went unanswered.
    pub fn is_suspect(&self) -> bool {
        let s = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        s.outage.is_none() && s.first_failure.is_some()
    }

    /// The outage, once the target has stopped answering.
    pub fn outage(&self) -> Option<Outage> {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .outage
            .clone()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use std::time::Duration;

    use bytes::Bytes;

    use super::*;
    use crate::http::{RecordedRequest, Response, TransportError};

    fn ex(response: Result<u16, TransportErrorKind>) -> Exchange {
        Exchange {
            request: RecordedRequest {
                method: "POST".into(),
                url: "u".into(),
                headers: vec![],
                body: Bytes::new(),
            },
            response: response
                .map(|status| Response {
                    status,
                    headers: vec![],
                    body: Bytes::new(),
                    truncated: false,
                })
                .map_err(|kind| TransportError {
                    kind,
                    message: "x".into(),
                }),
            elapsed: Duration::ZERO,
        }
    }

    #[test]
    fn a_refusal_after_a_reset_names_the_case_that_was_reset() {
        let h = Health::new();
        h.observe(Some("a"), &ex(Ok(400)));
        h.observe(Some("b"), &ex(Err(TransportErrorKind::Reset)));
        h.observe(Some("c"), &ex(Err(TransportErrorKind::Reset)));
        assert_eq!(h.outage(), None);
        h.observe(Some("d"), &ex(Err(TransportErrorKind::Refused)));
        let o = h.outage().unwrap();
        assert_eq!(o.suspects, vec!["b", "c"]);
        assert_eq!(o.after(), None);
        assert_eq!(o.last_answered, Some("a"));
        assert!(
            o.describe().contains("while b, c were in flight"),
            "{}",
            o.describe()
        );
        // Sticky: a later answer does not clear it.
        h.observe(Some("e"), &ex(Ok(200)));
        assert!(h.outage().is_some());
    }

    #[test]
    fn an_answer_after_a_broken_exchange_clears_the_suspicion() {
        let h = Health::new();
        h.observe(Some("a"), &ex(Ok(200)));
        h.observe(Some("slow"), &ex(Err(TransportErrorKind::Timeout)));
        h.observe(Some("b"), &ex(Ok(200)));
        h.observe(Some("c"), &ex(Err(TransportErrorKind::Refused)));
        let o = h.outage().unwrap();
        assert_eq!(o.after(), None);
        assert!(o.suspects.is_empty());
        assert_eq!(o.last_answered, Some("b"));
    }

    #[test]
    fn one_unanswered_request_before_the_refusals_is_the_cause() {
        let h = Health::new();
        h.observe(Some("a"), &ex(Ok(400)));
        h.observe(Some("nested"), &ex(Err(TransportErrorKind::Closed)));
        h.observe(Some("next"), &ex(Err(TransportErrorKind::Refused)));
        let o = h.outage().unwrap();
        assert_eq!(o.after(), Some("nested"));
        assert!(
            o.describe()
                .starts_with("the target stopped answering after nested (closed")
        );
    }

    #[test]
    fn a_target_that_never_answered_has_no_outage() {
        let h = Health::new();
        h.observe(Some("a"), &ex(Err(TransportErrorKind::Refused)));
        h.observe(Some("b"), &ex(Err(TransportErrorKind::Refused)));
        assert_eq!(h.outage(), None);
    }
}
