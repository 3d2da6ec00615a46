//! A small SMTP server for the tests, in-process on port 0: it records what it accepts, and can refuse the
//! first messages with a temporary failure (451), as a busy receiver does.

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// One accepted message.
#[derive(Debug, Clone)]
pub struct Delivered {
    pub to: Vec<String>,
    /// The message as sent, dot-stuffing undone.
    pub raw: String,
}

impl Delivered {
    pub fn parsed(&self) -> mail_parser::Message<'_> {
        mail_parser::MessageParser::default().parse(self.raw.as_bytes()).unwrap()
    }

    pub fn message_id(&self) -> String {
        self.parsed().message_id().unwrap_or_default().to_owned()
    }
}

#[derive(Debug, Default)]
pub struct Inbox {
    pub delivered: Vec<Delivered>,
    /// How many more messages to refuse with 451.
    pub refusals_left: usize,
    pub refused: usize,
}

pub struct SmtpSink {
    /// `smtp://127.0.0.1:PORT`, an `SMTP_URL`.
    pub url: String,
    pub inbox: Arc<Mutex<Inbox>>,
}

impl SmtpSink {
    pub fn delivered(&self) -> Vec<Delivered> {
        self.inbox.lock().unwrap().delivered.clone()
    }
}

/// Starts a sink refusing the first `refusals` messages.
pub async fn start(refusals: usize) -> SmtpSink {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("smtp://{}", listener.local_addr().unwrap());
    let inbox = Arc::new(Mutex::new(Inbox { refusals_left: refusals, ..Inbox::default() }));
    let shared = inbox.clone();
    actix_web::rt::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let inbox = shared.clone();
            actix_web::rt::spawn(async move {
                let _ = session(stream, inbox).await;
            });
        }
    });
    SmtpSink { url, inbox }
}

fn address(argument: &str) -> String {
    let start = argument.find('<').map_or(0, |i| i + 1);
    let end = argument[start..].find('>').map_or(argument.len(), |i| start + i);
    argument[start..end].to_owned()
}

async fn session(stream: TcpStream, inbox: Arc<Mutex<Inbox>>) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    write.write_all(b"220 sink.test ESMTP\r\n").await?;
    let mut to = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_owned();
        let verb = command.split([' ', ':']).next().unwrap_or_default().to_ascii_uppercase();
        let reply = match verb.as_str() {
            "EHLO" => "250-sink.test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n",
            "HELO" | "NOOP" => "250 OK\r\n",
            "MAIL" => {
                to.clear();
                let mut inbox = inbox.lock().unwrap();
                if inbox.refusals_left > 0 {
                    inbox.refusals_left -= 1;
                    inbox.refused += 1;
                    "451 4.3.0 Reessayez plus tard\r\n"
                } else {
                    "250 OK\r\n"
                }
            }
            "RCPT" => {
                to.push(address(&command));
                "250 OK\r\n"
            }
            "RSET" => {
                to.clear();
                "250 OK\r\n"
            }
            "DATA" => {
                write.write_all(b"354 Fin par <CRLF>.<CRLF>\r\n").await?;
                let mut raw = String::new();
                loop {
                    line.clear();
                    if reader.read_line(&mut line).await? == 0 {
                        return Ok(());
                    }
                    if line == ".\r\n" || line == ".\n" {
                        break;
                    }
                    raw.push_str(line.strip_prefix('.').unwrap_or(&line));
                }
                inbox.lock().unwrap().delivered.push(Delivered { to: std::mem::take(&mut to), raw });
                "250 2.0.0 OK\r\n"
            }
            "QUIT" => {
                write.write_all(b"221 Bye\r\n").await?;
                return Ok(());
            }
            _ => "502 Unknown\r\n",
        };
        write.write_all(reply.as_bytes()).await?;
    }
}
