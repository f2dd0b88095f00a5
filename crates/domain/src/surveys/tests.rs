use super::results::results;
use super::*;
use time::macros::date;

fn answer(survey: &Survey, gender: &str, q1: &str) -> Response {
    Response::parse(
        survey,
        gender,
        &[q1, "", "", "", "", "", ""],
        date!(2026 - 10 - 14),
        Source::Web,
    )
    .unwrap()
}

#[test]
fn the_indicator_survey_word_for_word() {
    let s = indicator();
    assert_eq!(s.questions.len(), 7);
    assert_eq!(
        s.questions[0].text,
        "Får du stöd på ett sätt som är till stor nytta för dig?"
    );
    assert_eq!(s.questions[3].scale.labels, SCALE_A);
    assert_eq!(s.questions[4].scale.labels[5], "Helt och hållet");
    assert_eq!((s.top, s.target_bp, s.builtin), (3, 7000, true));
}

#[test]
fn seven_of_ten_in_the_top_three_steps_is_seventy_percent_and_met() {
    let s = indicator();
    // 7 in Ofta (4), För det mesta (5), Alltid (6); 3 lower; 2 who skipped question 1.
    let mut r: Vec<Response> = ["4", "5", "6", "6", "4", "5", "6", "1", "2", "3"]
        .iter()
        .enumerate()
        .map(|(i, a)| answer(&s, if i < 5 { "kvinna" } else { "man" }, a))
        .collect();
    for _ in 0..2 {
        r.push(Response::parse(&s, "", &["", "3"], date!(2026 - 10 - 14), Source::Web).unwrap());
    }
    let res = results(&s, &r);
    let q1 = &res[0];
    assert_eq!(
        q1.all.answered.shown(),
        Some(10),
        "the skipped are not in the denominator"
    );
    assert_eq!(
        q1.all
            .distribution
            .iter()
            .map(|c| c.shown().unwrap())
            .collect::<Vec<_>>(),
        [1, 1, 1, 2, 2, 3]
    );
    assert_eq!(q1.all.top3.shown(), Some(7));
    assert_eq!(q1.all.share, crate::stats::ShareBp(Some(7000)));
    assert_eq!(q1.all.met, Some(true));
    // Women 5 answers, all in the top three; men 5, two of them.
    assert_eq!(q1.by_gender.women.share, crate::stats::ShareBp(Some(10000)));
    assert_eq!(q1.by_gender.men.met, Some(false));
    // Two answered question 2: too few to show.
    let q2 = &res[1];
    assert_eq!(q2.all.answered.to_string(), "<5");
    assert!(q2.all.distribution.iter().all(|c| c.shown().is_none()));
    assert_eq!(q2.all.share.0, None);
    // Nobody answered question 3: zeros are shown.
    assert_eq!(res[2].all.answered.shown(), Some(0));
    let json = serde_json::to_value(&res[0]).unwrap();
    for key in [
        "question",
        "answered",
        "distribution",
        "top3",
        "share",
        "target",
        "met",
        "by_gender",
    ] {
        assert!(json.get(key).is_some(), "{key}");
    }
    assert_eq!(json["share"], 0.7);
    assert_eq!(json["target"], 0.7);
}

#[test]
fn an_answer_keeps_the_month_only_and_refuses_steps_off_the_scale() {
    let s = indicator();
    let r = answer(&s, "", "6");
    assert_eq!(r.month, "2026-10");
    assert_eq!(r.gender, None);
    assert_eq!(r.answers_text(), "6,,,,,,");
    assert_eq!(
        Response::parse_answers(&r.answers_text()).unwrap(),
        r.answers
    );
    let bad =
        Response::parse(&s, "x", &["7", "0"], date!(2026 - 10 - 14), Source::Web).unwrap_err();
    let fields: Vec<_> = bad.iter().map(|e| e.field).collect();
    assert_eq!(fields, ["gender", "f1", "f2"]);
    let empty = Response::parse(&s, "kvinna", &[], date!(2026 - 10 - 14), Source::Web).unwrap_err();
    assert_eq!(empty[0].reason, Reason::Required);
}

#[test]
fn earlier_results_import_whole_or_not_at_all_with_rows_named() {
    let s = indicator();
    let rows = |lines: &[&str]| -> Vec<Vec<String>> {
        lines
            .iter()
            .map(|l| l.split(';').map(String::from).collect())
            .collect()
    };
    let good = rows(&[
        "kön;f1;f2;f3;f4;f5;f6;f7",
        "kvinna;6;5;;4;3;2;1",
        "man;1;;;;;;",
    ]);
    let r = parse_import(&s, &good, date!(2025 - 10 - 01)).unwrap();
    assert_eq!(r.len(), 2);
    assert_eq!(r[0].source, Source::Import);
    assert_eq!(r[0].month, "2025-10");
    let bad = rows(&[
        "kön;f1;f2;f3;f4;f5;f6;f7",
        "kvinna;6;5;;4;3;2;1",
        "man;9;;;;;;",
        "x;;;;;;;",
    ]);
    let errs = parse_import(&s, &bad, date!(2025 - 10 - 01)).unwrap_err();
    assert_eq!(
        errs.iter().map(|e| (e.row, e.field)).collect::<Vec<_>>(),
        [(Some(3), "f1"), (Some(4), "gender")]
    );
    let missing = rows(&["kön;f1;f2", "kvinna;1;2"]);
    assert_eq!(
        parse_import(&s, &missing, date!(2025 - 10 - 01)).unwrap_err()[0].reason,
        Reason::MissingColumn
    );
}

#[test]
fn own_surveys_and_rounds_are_checked() {
    let s = NewSurvey::parse(
        "Efterenkät Inspirationsdagen",
        "Var dagen givande?\n\nLärde du dig något nytt?",
        "b",
        "3",
        "70",
        false,
    )
    .unwrap();
    assert_eq!(s.questions.len(), 2);
    let fidelity = NewSurvey::parse("SEQF", "Punkt 1", "score", "2", "80 %", false).unwrap();
    assert_eq!(
        (fidelity.scale.steps(), fidelity.top, fidelity.target_bp),
        (5, 2, 8000)
    );
    let errs = NewSurvey::parse("", "", "x", "9", "0", true).unwrap_err();
    assert_eq!(
        errs.iter().map(|e| e.field).collect::<Vec<_>>(),
        ["title", "questions", "scale", "top", "target"]
    );
    let round = NewRound::parse(
        INDICATOR,
        Some(1),
        "Oktober 2026",
        "2026-10-01",
        "2026-10-31",
        "codes",
        "40",
    )
    .unwrap();
    assert_eq!(round.codes, 40);
    assert!(Round {
        id: 1,
        survey_code: INDICATOR.into(),
        intervention_id: None,
        title: "x".into(),
        opens_on: round.opens_on,
        closes_on: round.closes_on,
        access: Access::OpenLink,
        token: "t".into()
    }
    .is_open(date!(2026 - 10 - 31)));
    let errs = NewRound::parse(
        INDICATOR,
        None,
        "",
        "2026-10-31",
        "2026-10-01",
        "codes",
        "0",
    )
    .unwrap_err();
    assert_eq!(
        errs.iter().map(|e| e.field).collect::<Vec<_>>(),
        ["title", "closes_on", "codes"]
    );
}
