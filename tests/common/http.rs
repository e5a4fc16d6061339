//! A real HTTP server on 127.0.0.1 for the external-link tests (std only): fixed routes,
//! and a count of the requests each path received.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub struct Server {
    pub base: String,
    hits: Arc<Mutex<HashMap<String, usize>>>,
}

impl Server {
    /// Starts the server on a free port; it lives until the test process ends.
    pub fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let hits = Arc::new(Mutex::new(HashMap::new()));
        let counts = Arc::clone(&hits);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let counts = Arc::clone(&counts);
                std::thread::spawn(move || serve(stream, &counts));
            }
        });
        Server { base, hits }
    }

    pub fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }

    pub fn total(&self) -> usize {
        self.hits.lock().unwrap().values().sum()
    }

    pub fn reset(&self) {
        self.hits.lock().unwrap().clear();
    }
}

fn serve(stream: TcpStream, hits: &Mutex<HashMap<String, usize>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).map_or(true, |n| n == 0) || header.trim().is_empty() {
            break;
        }
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_string();
    let count = {
        let mut hits = hits.lock().unwrap();
        let n = hits.entry(path.clone()).or_insert(0);
        *n += 1;
        *n
    };
    let page =
        |id: &str| format!("<!DOCTYPE html><html><body><h2 id=\"{id}\">Section</h2></body></html>");
    let (status, headers, body): (&str, Vec<String>, String) = match path.as_str() {
        "/ok" | "/shared-ok" => ("200 OK", vec![], page("section")),
        "/page" => ("200 OK", vec![], page("present")),
        "/moved" => (
            "301 Moved Permanently",
            vec!["Location: /ok".into()],
            String::new(),
        ),
        "/moved-missing" => (
            "301 Moved Permanently",
            vec!["Location: /missing".into()],
            String::new(),
        ),
        "/limited" if count == 1 => (
            "429 Too Many Requests",
            vec!["Retry-After: 1".into()],
            String::new(),
        ),
        "/limited" => ("200 OK", vec![], page("section")),
        "/slow" => {
            std::thread::sleep(Duration::from_secs(4));
            ("200 OK", vec![], page("section"))
        }
        "/broken-server" => ("503 Service Unavailable", vec![], String::new()),
        _ => ("404 Not Found", vec![], "not found".into()),
    };
    let mut response = format!("HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n", body.len());
    for h in headers {
        response.push_str(&h);
        response.push_str("\r\n");
    }
    response.push_str("\r\n");
    response.push_str(&body);
    let mut stream = stream;
    let _ = stream.write_all(response.as_bytes());
}
