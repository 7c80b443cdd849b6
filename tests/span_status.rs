//! Which status a span ends with, for every order of the calls that set
//! one: an explicit status (`set_status`, `record_error`) wins over one
//! derived from an `error`/`critical` log record; between explicit errors
//! the last wins; `Ok` is final; an explicit `Unset` is ignored; between
//! log-derived ones the first wins. The same code runs in every build:
//! without a trace backend no span is captured; without a log backend an
//! error record sets nothing.

use telemetry_facade::{error, get_telemetry, testing, Span, Status, BUILD};

enum Step {
    Log(&'static str),
    Set(Status),
    RecordError(&'static str),
}

fn error_status(description: &str) -> Status {
    Status::error(description.to_owned())
}

/// Runs `steps` in a span called `name` and returns its final status.
fn final_status(name: &'static str, steps: &[Step]) -> Option<Status> {
    let capture = testing::capture();
    let t = get_telemetry("span_status");
    t.tracer().in_span(name, |span: &Span| {
        for step in steps {
            match step {
                Step::Log(event) => error!(t.logger(), event),
                Step::Set(status) => span.set_status(status.clone()),
                Step::RecordError(message) => span.record_error(&std::io::Error::other(*message)),
            }
        }
    });
    let spans = capture.spans_named(name);
    assert_eq!(spans.len(), usize::from(BUILD.traces), "{name}");
    spans.into_iter().next().map(|s| s.status)
}

#[test]
fn the_most_specific_status_wins_in_every_order() {
    use Step::*;
    // (span name, steps, the status with a log backend, without one)
    let cases: Vec<(&'static str, Vec<Step>, Status, Status)> = vec![
        (
            "status_log_then_record_error",
            vec![Log("b_event"), RecordError("a message")],
            error_status("a message"),
            error_status("a message"),
        ),
        (
            "status_record_error_then_log",
            vec![RecordError("a message"), Log("z_event")],
            error_status("a message"),
            error_status("a message"),
        ),
        (
            "status_two_explicit_errors_last_wins",
            vec![
                Set(error_status("zz first")),
                Set(error_status("aa second")),
            ],
            error_status("aa second"),
            error_status("aa second"),
        ),
        (
            "status_two_errors_other_order",
            vec![Set(error_status("aa first")), RecordError("zz second")],
            error_status("zz second"),
            error_status("zz second"),
        ),
        (
            "status_log_only",
            vec![Log("only_event")],
            error_status("only_event"),
            Status::Unset,
        ),
        (
            "status_two_logs_first_wins",
            vec![Log("b_first"), Log("a_second")],
            error_status("b_first"),
            Status::Unset,
        ),
        (
            "status_ok_is_final",
            vec![Set(Status::Ok), RecordError("later"), Log("later_event")],
            Status::Ok,
            Status::Ok,
        ),
        (
            "status_log_then_ok",
            vec![Log("an_event"), Set(Status::Ok)],
            Status::Ok,
            Status::Ok,
        ),
        (
            "status_unset_is_ignored",
            vec![RecordError("kept"), Set(Status::Unset)],
            error_status("kept"),
            error_status("kept"),
        ),
        ("status_nothing_set", vec![], Status::Unset, Status::Unset),
    ];
    for (name, steps, with_logs, without_logs) in cases {
        let expected = if BUILD.logs { with_logs } else { without_logs };
        let got = final_status(name, &steps);
        if BUILD.traces {
            assert_eq!(got, Some(expected), "{name}");
        } else {
            assert_eq!(got, None, "{name}: no span without a trace backend");
        }
    }
}
