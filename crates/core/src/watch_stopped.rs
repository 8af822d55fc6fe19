//! The restart watch stops as soon as this run's log shows that the IoT service's start-up
//! thread died (docs/protocol/restarts.md "When the start-up thread dies"): the box answers
//! HTTP, but it will not ask odoo.com again until the cause is fixed and Odoo starts again, so
//! waiting until the give-up only delays the cause the log already names.

use crate::box_api::log_facts::LogFacts;
use crate::diagnose::box_facts::startup_crash_finding;
use crate::findings::Finding;

/// The finding (IOT_SERVICE_STOPPED*, with the exception and the traceback) when `run_logs`
/// (this run's records only, `log_run::current_run`) show the start-up thread's death.
pub(crate) fn service_stopped(run_logs: &str) -> Option<Finding> {
    LogFacts::read(run_logs)
        .startup_crash
        .as_ref()
        .map(startup_crash_finding)
}
