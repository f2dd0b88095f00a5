//! E-mail through SMTP (lettre): the kallelse to the board with its PDF. The server and the
//! sender are the installation's settings; without them nothing is sent and the page says
//! so.

use crate::{Error, Result};
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// Plain SMTP: only for a relay on the same machine or network (and the tests).
    None,
    /// STARTTLS on the submission port (587), the usual.
    StartTls,
    /// TLS from the start (465).
    Tls,
}

impl Security {
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "none" => Some(Security::None),
            "starttls" => Some(Security::StartTls),
            "tls" => Some(Security::Tls),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct MailSettings {
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// "Höglandets samordningsförbund <kansli@…>".
    pub from: String,
    pub credentials: Option<(String, String)>,
}

/// A file sent along.
pub struct File<'a> {
    pub name: &'a str,
    pub mime: &'a str,
    pub bytes: Vec<u8>,
}

fn internal(e: impl std::fmt::Display) -> Error {
    Error::Internal(anyhow::anyhow!("mail: {e}"))
}

fn transport(s: &MailSettings) -> Result<AsyncSmtpTransport<Tokio1Executor>> {
    let builder = match s.security {
        Security::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&s.host),
        Security::StartTls => {
            AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&s.host).map_err(internal)?
        }
        Security::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&s.host).map_err(internal)?,
    };
    let builder = builder.port(s.port);
    Ok(match &s.credentials {
        Some((user, password)) => builder
            .credentials(Credentials::new(user.clone(), password.clone()))
            .build(),
        None => builder.build(),
    })
}

/// Sends one message to each of `to`, with the text and the file; returns how many went.
/// Stops at the first the server refuses, saying which.
pub async fn send(
    s: &MailSettings,
    to: &[String],
    subject: &str,
    text: &str,
    file: &File<'_>,
) -> Result<usize> {
    let from: Mailbox = s.from.parse().map_err(internal)?;
    let mailer = transport(s)?;
    let kind = ContentType::parse(file.mime).map_err(internal)?;
    for address in to {
        let mailbox: Mailbox = address.parse().map_err(internal)?;
        let message = Message::builder()
            .from(from.clone())
            .to(mailbox)
            .subject(subject)
            .multipart(
                MultiPart::mixed()
                    .singlepart(SinglePart::plain(text.to_string()))
                    .singlepart(
                        Attachment::new(file.name.to_string())
                            .body(file.bytes.clone(), kind.clone()),
                    ),
            )
            .map_err(internal)?;
        mailer
            .send(message)
            .await
            .map_err(|e| internal(format!("to {address}: {e}")))?;
    }
    Ok(to.len())
}
