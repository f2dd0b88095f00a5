//! The board's work: terms of the förbund's own parties, minutes that move only from the
//! states they are in, signatures kept to the version signed, the last one locking the
//! minutes and writing the tasks, notices with the log of when each was up; each förbund
//! its own.

use crate::*;
use samordna_domain::access::users::Email;
use samordna_domain::governance::minutes::{
    Meeting, MeetingFields, Minutes, Signature, SignerRole, Status,
};
use samordna_domain::governance::notices::NoticeKind;
use samordna_domain::governance::{Attendance, Body, Seat, TermFields};
use samordna_domain::invalid::Reason;
use samordna_domain::orgs::members::NewMember;
use samordna_store::governance::{Comment, NewNotice, Task};
use samordna_store::{Store, StoreError};
use std::sync::Arc;
use time::macros::date;

fn wrong_state<T: std::fmt::Debug>(r: Result<T, StoreError>) -> bool {
    matches!(r, Err(StoreError::Invalid(v)) if v[0].reason == Reason::WrongState)
}

fn term(party_id: i64, name: &str, seat: Seat, substitute_for: Option<i64>) -> TermFields {
    TermFields {
        body: Body::Board,
        name: name.into(),
        email: Email::parse(&format!("{}@example.se", name.to_lowercase())).ok(),
        party_id,
        seat,
        substitute_for,
        office: None,
        call_order: None,
        from: date!(2023 - 01 - 01),
        to: date!(2027 - 03 - 31),
    }
}

fn minutes() -> Minutes {
    Minutes::standard(
        "Kajsa".into(),
        Email::parse("kajsa@example.se").unwrap(),
        &[],
        vec![],
        "Kansliet".into(),
    )
}

fn signature(role: SignerRole, name: &str, hash: &str) -> Signature {
    Signature {
        role,
        name: name.into(),
        identification: "E-post".into(),
        signature_id: format!("{name}-{hash}"),
        content_hash: hash.into(),
        signed_at: 1_694_000_000,
    }
}

async fn the_board_work_moves_one_way_and_stays_in_its_forbund(s: Arc<dyn Store>) {
    let a = org(&*s, "a-forbund").await;
    let b = org(&*s, "b-forbund").await;
    let party = s
        .create_member(
            a,
            &actor(),
            &NewMember::parse("Eksjö", "municipality").unwrap(),
        )
        .await
        .unwrap()
        .id;
    let other = s
        .create_member(
            b,
            &actor(),
            &NewMember::parse("Eksjö", "municipality").unwrap(),
        )
        .await
        .unwrap()
        .id;
    // Terms: the party and the member substituted for must be the förbund's own.
    let member = s
        .add_term(a, &actor(), &term(party, "Sebastian", Seat::Ordinary, None))
        .await
        .unwrap();
    assert_eq!(
        (member.party.as_str(), member.seat),
        ("Eksjö", Seat::Ordinary)
    );
    assert!(s
        .add_term(a, &actor(), &term(other, "X", Seat::Ordinary, None))
        .await
        .is_err());
    assert!(s
        .add_term(
            b,
            &actor(),
            &term(other, "Y", Seat::Substitute, Some(member.id))
        )
        .await
        .is_err());
    let substitute = s
        .add_term(
            a,
            &actor(),
            &term(party, "Ersättare", Seat::Substitute, Some(member.id)),
        )
        .await
        .unwrap();
    assert!(matches!(
        s.remove_term(a, &actor(), member.id).await,
        Err(StoreError::InUse)
    ));
    assert!(s.terms(b).await.unwrap().is_empty());
    assert_eq!(s.terms(a).await.unwrap().len(), 2);

    let fields = MeetingFields {
        body: Body::Board,
        date: date!(2023 - 08 - 31),
        starts: "15.15".into(),
        ends: "16.00".into(),
        place: "Träcentrum, Nässjö".into(),
        digital: false,
        public: false,
        planned: vec!["Delårsrapport".into()],
    };
    let m = s.create_meeting(a, &actor(), &fields).await.unwrap();
    assert_eq!((m.status, m.minutes.as_ref()), (Status::Planned, None));
    assert_eq!(s.meetings(a, Some(2023)).await.unwrap().len(), 1);
    assert!(s.meetings(a, Some(2024)).await.unwrap().is_empty());
    // Every year: both backends take the whole range.
    assert_eq!(s.meetings(a, None).await.unwrap().len(), 1);
    assert!(matches!(
        s.meeting(b, m.id).await,
        Err(StoreError::NotFound)
    ));

    // Planned → draft → justering; never from a state it is not in.
    let mut text = minutes();
    text.attendance = vec![Attendance {
        term: member.id,
        present: true,
        serving_for: None,
    }];
    assert!(wrong_state(
        s.write_minutes(a, &actor(), m.id, &text, &[Status::Draft], Status::Draft)
            .await
    ));
    let m = s
        .write_minutes(a, &actor(), m.id, &text, &[Status::Planned], Status::Draft)
        .await
        .unwrap();
    assert_eq!(m.minutes.as_ref(), Some(&text));
    let m: Meeting = s
        .write_minutes(
            a,
            &actor(),
            m.id,
            &text,
            &[Status::Draft],
            Status::Justering,
        )
        .await
        .unwrap();

    // A signature of another version is refused; a comment keeps it in justering.
    assert!(wrong_state(
        s.sign_minutes(
            a,
            &actor(),
            m.id,
            m.updated_at - 1,
            &signature(SignerRole::Chair, "Sebastian", "h1"),
            2,
            &[]
        )
        .await
    ));
    let signed = s
        .sign_minutes(
            a,
            &actor(),
            m.id,
            m.updated_at,
            &signature(SignerRole::Chair, "Sebastian", "h1"),
            2,
            &[],
        )
        .await
        .unwrap();
    assert!(!signed);
    let comment = Comment {
        paragraph: Some(4),
        author: "Sebastian".into(),
        text: "Stavning".into(),
        refusal: false,
        created_at: 0,
    };
    s.add_comment(a, &actor(), m.id, &comment).await.unwrap();
    let m = s.meeting(a, m.id).await.unwrap();
    assert_eq!(m.status, Status::Justering);
    // A refusal sends it back and drops the signatures of the round.
    s.add_comment(
        a,
        &actor(),
        m.id,
        &Comment {
            refusal: true,
            ..comment.clone()
        },
    )
    .await
    .unwrap();
    let m = s.meeting(a, m.id).await.unwrap();
    assert_eq!(m.status, Status::Draft);
    assert!(s.signatures(a, m.id).await.unwrap().is_empty());
    assert_eq!(s.comments(a, m.id).await.unwrap().len(), 2);
    assert!(s.comments(b, m.id).await.unwrap().is_empty());

    let m = s
        .write_minutes(
            a,
            &actor(),
            m.id,
            &text,
            &[Status::Draft],
            Status::Justering,
        )
        .await
        .unwrap();
    // A justering notice needs signed minutes.
    let notice = NewNotice {
        kind: NoticeKind::Justering,
        meeting_id: m.id,
        justered_on: Some(date!(2023 - 09 - 07)),
        posted_on: date!(2023 - 09 - 07),
        until: date!(2023 - 09 - 28),
        kept_at: "Kansliet",
        pdf: Some(b"%PDF public"),
    };
    assert!(wrong_state(s.post_notice(a, &actor(), &notice).await));
    let task = Task {
        id: 0,
        meeting_id: m.id,
        meeting_date: m.date,
        paragraph: 7,
        decision: 1,
        responsible: "förbundschef".into(),
        what: "göra ändringar".into(),
        reported_on: None,
    };
    for (role, name, done) in [
        (SignerRole::Chair, "Sebastian", false),
        (SignerRole::Secretary, "Kajsa", true),
    ] {
        let signed = s
            .sign_minutes(
                a,
                &actor(),
                m.id,
                m.updated_at,
                &signature(role, name, "h2"),
                2,
                std::slice::from_ref(&task),
            )
            .await
            .unwrap();
        assert_eq!(signed, done);
    }
    let m = s.meeting(a, m.id).await.unwrap();
    assert_eq!(m.status, Status::Signed);
    assert_eq!(s.signatures(a, m.id).await.unwrap().len(), 2);
    // Signed minutes are never written again.
    assert!(wrong_state(
        s.write_minutes(
            a,
            &actor(),
            m.id,
            &text,
            &[Status::Draft, Status::Justering],
            Status::Draft
        )
        .await
    ));
    assert!(wrong_state(
        s.update_meeting(a, &actor(), m.id, &fields).await
    ));
    let tasks = s.tasks(a).await.unwrap();
    assert_eq!(
        (tasks.len(), tasks[0].paragraph, tasks[0].reported_on),
        (1, 7, None)
    );
    assert!(s.tasks(b).await.unwrap().is_empty());
    assert!(matches!(
        s.report_task(b, &actor(), tasks[0].id, date!(2023 - 10 - 18))
            .await,
        Err(StoreError::NotFound)
    ));
    s.report_task(a, &actor(), tasks[0].id, date!(2023 - 10 - 18))
        .await
        .unwrap();
    assert_eq!(
        s.tasks(a).await.unwrap()[0].reported_on,
        Some(date!(2023 - 10 - 18))
    );

    // The notice, once per meeting, with its log; taken down, the log closes.
    let posted = s.post_notice(a, &actor(), &notice).await.unwrap();
    assert_eq!(
        (posted.body, posted.meeting_date, posted.appeal_until()),
        (
            Body::Board,
            date!(2023 - 08 - 31),
            Some(date!(2023 - 09 - 28))
        )
    );
    assert!(matches!(
        s.post_notice(a, &actor(), &notice).await,
        Err(StoreError::Conflict { field: "notice" })
    ));
    assert_eq!(
        s.notice_pdf(a, posted.id).await.unwrap().as_deref(),
        Some(&b"%PDF public"[..])
    );
    assert!(s.notices(b).await.unwrap().is_empty());
    assert!(matches!(
        s.notice_pdf(b, posted.id).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(s.notice_log(a).await.unwrap()[0].to, None);
    assert!(matches!(
        s.remove_notice(b, &actor(), posted.id).await,
        Err(StoreError::NotFound)
    ));
    s.remove_notice(a, &actor(), posted.id).await.unwrap();
    assert!(s.notice_log(a).await.unwrap()[0].to.is_some());
    assert!(s.notices(a).await.unwrap()[0].removed_at.is_some());
    let _ = substitute;
}
contract!(the_board_work_moves_one_way_and_stays_in_its_forbund);

async fn an_items_documents_belong_to_its_meeting_and_forbund(s: Arc<dyn Store>) {
    use samordna_domain::governance::documents::DocKind;
    use samordna_domain::governance::minutes::AgendaItem;
    let a = org(&*s, "a-forbund").await;
    let b = org(&*s, "b-forbund").await;
    let fields = MeetingFields {
        body: Body::Board,
        date: date!(2023 - 10 - 18),
        starts: String::new(),
        ends: String::new(),
        place: "Digitalt".into(),
        digital: true,
        public: false,
        planned: vec![],
    };
    let m = s.create_meeting(a, &actor(), &fields).await.unwrap();
    s.set_agenda(
        a,
        &actor(),
        m.id,
        &[AgendaItem::parse("Budget", "").unwrap()],
    )
    .await
    .unwrap();
    // Only an item on the agenda takes a document.
    assert!(matches!(
        s.add_document(a, &actor(), m.id, 1, "x.pdf", DocKind::Pdf, b"%PDF-1.7").await,
        Err(StoreError::Invalid(v)) if v[0].field == "agenda_item"
    ));
    assert!(matches!(
        s.add_document(b, &actor(), m.id, 0, "x.pdf", DocKind::Pdf, b"%PDF-1.7")
            .await,
        Err(StoreError::NotFound)
    ));
    let id = s
        .add_document(
            a,
            &actor(),
            m.id,
            0,
            "budget.pdf",
            DocKind::Pdf,
            b"%PDF-1.7 x",
        )
        .await
        .unwrap();
    let docs = s.documents(a, m.id).await.unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(
        (docs[0].item, docs[0].name.as_str(), docs[0].size),
        (0, "budget.pdf", 10)
    );
    let (doc, bytes) = s.document(a, id).await.unwrap();
    assert_eq!((doc.kind, &bytes[..]), (DocKind::Pdf, &b"%PDF-1.7 x"[..]));
    assert!(matches!(s.document(b, id).await, Err(StoreError::NotFound)));
    assert!(matches!(
        s.remove_document(b, &actor(), id).await,
        Err(StoreError::NotFound)
    ));
    s.remove_document(a, &actor(), id).await.unwrap();
    assert!(s.documents(a, m.id).await.unwrap().is_empty());
}
contract!(an_items_documents_belong_to_its_meeting_and_forbund);

async fn a_per_capsulum_decision_goes_into_the_next_minutes_once(s: Arc<dyn Store>) {
    use samordna_domain::governance::minutes::{Paragraph, Ruling};
    let a = org(&*s, "a-forbund").await;
    let b = org(&*s, "b-forbund").await;
    let meeting = |day| MeetingFields {
        body: Body::Board,
        date: day,
        starts: String::new(),
        ends: String::new(),
        place: "Digitalt".into(),
        digital: true,
        public: false,
        planned: vec![],
    };
    let decided = |day| Paragraph {
        title: "Per capsulum beslut".into(),
        text: "Utanordning till Aneby kommun.".into(),
        ruling: Ruling::Notes,
        per_capsulum: Some(day),
    };
    let undated = Paragraph {
        per_capsulum: None,
        ..decided(date!(2023 - 06 - 13))
    };
    assert!(s
        .record_per_capsulum(a, &actor(), Body::Board, &undated)
        .await
        .is_err());
    let june = s
        .record_per_capsulum(a, &actor(), Body::Board, &decided(date!(2023 - 06 - 13)))
        .await
        .unwrap();
    // After the meeting's day, and another body's, wait for their own meeting.
    s.record_per_capsulum(a, &actor(), Body::Board, &decided(date!(2023 - 09 - 01)))
        .await
        .unwrap();
    s.record_per_capsulum(
        a,
        &actor(),
        Body::PreparatoryGroup,
        &decided(date!(2023 - 06 - 01)),
    )
    .await
    .unwrap();
    let august = s
        .create_meeting(a, &actor(), &meeting(date!(2023 - 08 - 31)))
        .await
        .unwrap();
    let m = s
        .start_minutes(a, &actor(), august.id, minutes())
        .await
        .unwrap();
    let paragraphs = &m.minutes.as_ref().unwrap().paragraphs;
    assert_eq!(paragraphs.len(), minutes().paragraphs.len() + 1);
    assert_eq!(paragraphs[4].per_capsulum, Some(date!(2023 - 06 - 13)));
    let register = s.per_capsulum(a).await.unwrap();
    assert_eq!(register.len(), 3);
    let recorded: Vec<(i64, Option<i64>)> =
        register.iter().map(|p| (p.id, p.recorded_in)).collect();
    assert!(recorded.contains(&(june, Some(august.id))));
    assert_eq!(recorded.iter().filter(|(_, r)| r.is_some()).count(), 1);
    // Started once: a second start is refused and records nothing more.
    assert!(wrong_state(
        s.start_minutes(a, &actor(), august.id, minutes()).await
    ));
    // The next meeting takes what is left of the board's; another förbund sees none.
    let october = s
        .create_meeting(a, &actor(), &meeting(date!(2023 - 10 - 18)))
        .await
        .unwrap();
    let m = s
        .start_minutes(a, &actor(), october.id, minutes())
        .await
        .unwrap();
    assert_eq!(
        m.minutes.unwrap().paragraphs[4].per_capsulum,
        Some(date!(2023 - 09 - 01))
    );
    assert!(s.per_capsulum(b).await.unwrap().is_empty());
    assert!(matches!(
        s.start_minutes(b, &actor(), october.id, minutes()).await,
        Err(StoreError::NotFound)
    ));
}
contract!(a_per_capsulum_decision_goes_into_the_next_minutes_once);
