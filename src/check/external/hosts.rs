//! Politeness per origin (scheme, host and port): at most `per_host` requests in flight, at
//! least `host_interval` between two starts, every request held back while the host asked
//! for a pause (`Retry-After` within `max_retry_wait`), and none at all once it asked for a
//! longer one: retrying early would ignore what it said and be refused again.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// A host's request to be left alone longer than faqsite waits: how it answered and for how
/// long it asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub code: u16,
    pub asked: Duration,
}

pub struct Hosts {
    per_host: usize,
    interval: Duration,
    by_origin: Mutex<HashMap<String, Arc<Host>>>,
}

struct Host {
    permits: Arc<Semaphore>,
    /// The earliest start of the next request.
    next: Mutex<Instant>,
    refusal: Mutex<Option<Refusal>>,
}

/// The right to send one request to a host; dropping it frees the place.
pub struct Turn {
    _permit: OwnedSemaphorePermit,
}

impl Hosts {
    pub fn new(per_host: usize, interval: Duration) -> Hosts {
        Hosts {
            per_host: per_host.max(1),
            interval,
            by_origin: Mutex::new(HashMap::new()),
        }
    }

    fn host(&self, origin: &str) -> Arc<Host> {
        let mut map = self.by_origin.lock().unwrap_or_else(|e| e.into_inner());
        let host = map.entry(origin.to_string()).or_insert_with(|| {
            Arc::new(Host {
                permits: Arc::new(Semaphore::new(self.per_host)),
                next: Mutex::new(Instant::now()),
                refusal: Mutex::new(None),
            })
        });
        Arc::clone(host)
    }

    /// Waits for a place and a start time at `origin`, or says why there will be none.
    pub async fn turn(&self, origin: &str) -> Result<Turn, Refusal> {
        let host = self.host(origin);
        // The semaphore is never closed.
        let permit = Arc::clone(&host.permits)
            .acquire_owned()
            .await
            .expect("host semaphore closed");
        let start = {
            let mut next = host.next.lock().unwrap_or_else(|e| e.into_inner());
            let start = (*next).max(Instant::now());
            *next = start + self.interval;
            start
        };
        tokio::time::sleep_until(start).await;
        // Checked last: the refusal may have come while this request waited.
        let refusal = host
            .refusal
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        match refusal {
            Some(refusal) => Err(refusal),
            None => Ok(Turn { _permit: permit }),
        }
    }

    /// Holds back every request to `origin` for `wait`.
    pub fn pause(&self, origin: &str, wait: Duration) {
        let host = self.host(origin);
        let mut next = host.next.lock().unwrap_or_else(|e| e.into_inner());
        *next = (*next).max(Instant::now() + wait);
    }

    /// No more requests to `origin` in this run.
    pub fn refuse(&self, origin: &str, refusal: Refusal) {
        let host = self.host(origin);
        *host.refusal.lock().unwrap_or_else(|e| e.into_inner()) = Some(refusal);
    }
}

/// `Retry-After`: a number of seconds or an HTTP date (RFC 9110 §10.2.3); a date in the past
/// means now. `None` for anything else.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The wait before retry number `retry` (from 1): what the host asked for if it asked (the
/// caller has given up on asks over `max_retry_wait`), else half a second, doubling.
pub fn wait_before(retry: u32, asked: Option<Duration>) -> Duration {
    asked
        .unwrap_or_else(|| Duration::from_millis(500).saturating_mul(1 << (retry.clamp(1, 16) - 1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_values() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let secs = |s| Some(Duration::from_secs(s));
        let table = [
            ("86400", secs(86_400)),
            (" 3 ", secs(3)),
            ("0", secs(0)),
            ("-1", None),
            ("1.5", None),
            ("demain", None),
            ("", None),
            // 1_700_000_000 is Tue, 14 Nov 2023 22:13:20 GMT.
            ("Tue, 14 Nov 2023 22:14:20 GMT", secs(60)),
            ("Wed, 15 Nov 2023 22:13:20 GMT", secs(86_400)),
            ("Mon, 13 Nov 2023 22:13:20 GMT", secs(0)),
            ("99999999999999999999", None),
        ];
        for (value, want) in table {
            assert_eq!(parse_retry_after(value, now), want, "{value:?}");
        }
    }

    #[test]
    fn waits_before_retries() {
        let (ms, s) = (Duration::from_millis, Duration::from_secs);
        let table = [
            (1, None, ms(500)),
            (2, None, ms(1000)),
            (3, None, ms(2000)),
            (40, None, ms(500 << 15)),
            (1, Some(s(5)), s(5)),
            (2, Some(s(60)), s(60)),
            (1, Some(s(0)), s(0)),
        ];
        for (retry, asked, want) in table {
            assert_eq!(wait_before(retry, asked), want, "{retry} {asked:?}");
        }
    }

    #[test]
    fn turns_keep_the_interval_and_the_pauses() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        runtime.block_on(async {
            let ms = Duration::from_millis;
            let hosts = Hosts::new(4, ms(200));
            let t0 = Instant::now();
            let mut starts = Vec::new();
            for _ in 0..3 {
                let _turn = hosts.turn("http://a:80").await.unwrap();
                starts.push(t0.elapsed());
            }
            hosts.pause("http://a:80", ms(300));
            let _turn = hosts.turn("http://a:80").await.unwrap();
            starts.push(t0.elapsed());
            let _other = hosts.turn("http://b:80").await.unwrap();
            starts.push(t0.elapsed());
            // Lower bounds only: a busy machine may start anything late, never early.
            let earliest = [ms(0), ms(200), ms(400), ms(700), ms(700)];
            for (i, (start, min)) in starts.iter().zip(earliest).enumerate() {
                assert!(
                    *start >= min,
                    "request {i} started at {start:?}, before {min:?}"
                );
            }
            assert!(
                starts[4] - starts[3] < ms(150),
                "another host waits for nobody: {starts:?}"
            );

            let refusal = Refusal {
                code: 429,
                asked: Duration::from_secs(86_400),
            };
            hosts.refuse("http://b:80", refusal.clone());
            assert_eq!(hosts.turn("http://b:80").await.err(), Some(refusal));
            assert!(hosts.turn("http://a:80").await.is_ok());
        });
    }
}
