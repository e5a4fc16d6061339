//! Hostile HTTP servers on 127.0.0.1 for `tests/external_hostile.rs`: a std `TcpListener`
//! with a thread per connection that writes raw bytes, so a test controls exactly what
//! faqsite receives (endless bodies, headers a byte a second, silence), and counts what it
//! managed to send before faqsite hung up.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// What the server read of one request.
#[derive(Clone)]
pub struct Request {
    pub path: String,
    /// The `Host` header as received.
    pub host: String,
}

/// The connection a handler answers on; every byte written through it is counted.
pub struct Conn {
    stream: TcpStream,
    sent: Arc<AtomicU64>,
}

impl Conn {
    /// Writes all of `bytes`; an error means faqsite closed the connection.
    pub fn send(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        let mut rest = bytes;
        while !rest.is_empty() {
            let n = self.stream.write(rest)?;
            if n == 0 {
                return Err(std::io::ErrorKind::WriteZero.into());
            }
            self.sent.fetch_add(n as u64, Ordering::Relaxed);
            rest = &rest[n..];
        }
        Ok(())
    }

    /// Blocks until faqsite closes its end (reads and drops anything it sends).
    pub fn wait_for_close(&mut self) {
        let mut sink = [0u8; 1024];
        while matches!(self.stream.read(&mut sink), Ok(n) if n > 0) {}
    }
}

type Handler = dyn Fn(&Request, &mut Conn) + Send + Sync;

pub struct Hostile {
    /// `http://127.0.0.1:PORT`
    pub base: String,
    pub port: u16,
    sent: Arc<AtomicU64>,
    requests: Arc<Mutex<Vec<Request>>>,
}

impl Hostile {
    /// Starts a server that answers every request with `handler`; it lives until the test
    /// process ends.
    pub fn start(handler: impl Fn(&Request, &mut Conn) + Send + Sync + 'static) -> Hostile {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let sent = Arc::new(AtomicU64::new(0));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let (counter, log) = (Arc::clone(&sent), Arc::clone(&requests));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (handler, sent, log) =
                    (Arc::clone(&handler), Arc::clone(&counter), Arc::clone(&log));
                std::thread::spawn(move || {
                    let Some(request) = read_request(&stream) else {
                        return;
                    };
                    let mut conn = Conn { stream, sent };
                    log.lock().unwrap().push(request.clone());
                    handler(&request, &mut conn);
                });
            }
        });
        Hostile {
            base: format!("http://127.0.0.1:{port}"),
            port,
            sent,
            requests,
        }
    }

    /// Bytes written to faqsite so far, over all connections.
    pub fn bytes_sent(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }

    /// Requests received so far, as (path, Host header).
    pub fn requests(&self) -> Vec<(String, String)> {
        let log = self.requests.lock().unwrap();
        log.iter()
            .map(|r| (r.path.clone(), r.host.clone()))
            .collect()
    }

    pub fn hits(&self, path: &str) -> usize {
        let log = self.requests.lock().unwrap();
        log.iter().filter(|r| r.path == path).count()
    }
}

/// Reads the request line and headers (no request body: faqsite only sends GETs).
fn read_request(stream: &TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let path = line.split_whitespace().nth(1)?.to_string();
    let mut host = String::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).map_or(true, |n| n == 0) || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("host") {
                host = value.trim().to_string();
            }
        }
    }
    Some(Request { path, host })
}

/// A complete response with a small body.
pub fn respond(conn: &mut Conn, status: &str, headers: &[&str], body: &str) {
    let mut text = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for h in headers {
        text.push_str(h);
        text.push_str("\r\n");
    }
    text.push_str("\r\n");
    text.push_str(body);
    let _ = conn.send(text.as_bytes());
}
