//! Watching the site's inputs with notify (debounced), and gathering bursts of events into
//! one set of changes.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify_debouncer_full::notify::event::{AccessKind, EventKind, MetadataKind, ModifyKind};
use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer_opt, DebounceEventResult, Debouncer, RecommendedCache};

use super::changes::WATCHED_DIRS;
use super::engine::Good;
use crate::error::{Error, Result};

/// How long notify holds an event to merge it with the next ones on the same path.
const DEBOUNCE: Duration = Duration::from_millis(10);
/// How often the debouncer looks for events that are due.
const TICK: Duration = Duration::from_millis(2);
/// After a batch, how long to wait for another before building.
const QUIET: Duration = Duration::from_millis(5);
/// Once a second batch came (a burst: `git checkout`, a copy), how long the burst must pause.
const BURST_QUIET: Duration = Duration::from_millis(60);
/// A burst that never pauses is built after this long anyway.
const MAX_GATHER: Duration = Duration::from_secs(3);

/// What the builder thread receives.
pub enum Message {
    /// Paths notify reported; `rescan` when it lost track and everything must be re-read.
    Batch { paths: Vec<PathBuf>, rescan: bool },
    /// A build finished.
    Built(Result<Box<Good>, Vec<crate::error::Diagnostic>>),
    /// The server is stopping.
    Stop,
}

/// The watcher of one site.
pub struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    watched: HashSet<&'static str>,
}

impl Watcher {
    /// Watches `root` (its top level) and each of its input folders that exists; batches of
    /// changed paths go to `tx`.
    pub fn start(root: &Path, tx: Sender<Message>) -> Result<Watcher> {
        let handler = move |result: DebounceEventResult| {
            let message = match result {
                Ok(events) => {
                    let mut rescan = false;
                    let mut paths = Vec::new();
                    for e in events {
                        rescan |= e.need_rescan();
                        // Reads (including bantin's own) are not changes.
                        if matches!(
                            e.kind,
                            EventKind::Access(
                                AccessKind::Open(_)
                                    | AccessKind::Read
                                    | AccessKind::Any
                                    | AccessKind::Other
                            ) | EventKind::Access(AccessKind::Close(
                                notify_debouncer_full::notify::event::AccessMode::Read
                            )) | EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime))
                        ) {
                            continue;
                        }
                        paths.extend(e.event.paths.iter().cloned());
                    }
                    if paths.is_empty() && !rescan {
                        return;
                    }
                    Message::Batch { paths, rescan }
                }
                // notify lost events (queue overflow, a watch limit): re-read everything.
                Err(_) => Message::Batch {
                    paths: Vec::new(),
                    rescan: true,
                },
            };
            let _ = tx.send(message);
        };
        let debouncer = new_debouncer_opt::<_, RecommendedWatcher, RecommendedCache>(
            DEBOUNCE,
            Some(TICK),
            handler,
            RecommendedCache::new(),
            notify_debouncer_full::notify::Config::default(),
        )
        .map_err(|e| {
            Error::Output(format!(
                "không theo dõi được thư mục (cannot watch files): {e}"
            ))
        })?;
        let mut w = Watcher {
            debouncer,
            root: root.to_path_buf(),
            watched: HashSet::new(),
        };
        w.debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| {
                Error::Output(format!(
                    "không theo dõi được {} (cannot watch): {e}",
                    root.display()
                ))
            })?;
        w.refresh(&[]);
        Ok(w)
    }

    /// Starts watching input folders that appeared (and again those that were replaced).
    pub fn refresh(&mut self, paths: &[PathBuf]) {
        for dir in WATCHED_DIRS {
            let path = self.root.join(dir);
            let touched = paths.contains(&path);
            if touched && self.watched.remove(dir) {
                let _ = self.debouncer.unwatch(&path);
            }
            if !self.watched.contains(dir)
                && path.is_dir()
                && self
                    .debouncer
                    .watch(&path, RecursiveMode::Recursive)
                    .is_ok()
            {
                self.watched.insert(dir);
            }
        }
    }
}

/// Waits for the first message (up to `wait`, forever if `None`) and, when it is a batch of
/// paths, gathers the batches that follow it closely: a lone save is handled after
/// [`QUIET`], a burst once it pauses for [`BURST_QUIET`]. Returns the messages (an empty
/// list on timeout), or `Err(())` when the server stops.
pub fn gather(rx: &Receiver<Message>, wait: Option<Duration>) -> Result<Vec<Message>, ()> {
    let first = match wait {
        None => rx.recv().map_err(|_| ())?,
        Some(t) => match rx.recv_timeout(t) {
            Ok(m) => m,
            Err(RecvTimeoutError::Timeout) => return Ok(Vec::new()),
            Err(RecvTimeoutError::Disconnected) => return Err(()),
        },
    };
    match first {
        Message::Stop => return Err(()),
        Message::Built(_) => return Ok(vec![first]),
        Message::Batch { .. } => {}
    }
    let mut messages = vec![first];
    let started = Instant::now();
    let mut quiet = QUIET;
    while started.elapsed() < MAX_GATHER {
        match rx.recv_timeout(quiet) {
            Ok(Message::Stop) | Err(RecvTimeoutError::Disconnected) => return Err(()),
            Ok(m @ Message::Batch { .. }) => {
                messages.push(m);
                quiet = BURST_QUIET;
            }
            Ok(m) => messages.push(m),
            Err(RecvTimeoutError::Timeout) => break,
        }
    }
    Ok(messages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_gathered_into_one() {
        let (tx, rx) = std::sync::mpsc::channel();
        let sender = std::thread::spawn(move || {
            for i in 0..20 {
                let _ = tx.send(Message::Batch {
                    paths: vec![PathBuf::from(format!("/s/content/{i}.md"))],
                    rescan: false,
                });
                std::thread::sleep(Duration::from_millis(3));
            }
            std::thread::sleep(Duration::from_millis(200));
            let _ = tx.send(Message::Batch {
                paths: vec![PathBuf::from("/s/content/late.md")],
                rescan: false,
            });
            std::thread::sleep(Duration::from_millis(100));
            let _ = tx.send(Message::Stop);
        });
        let paths = |ms: Vec<Message>| -> Vec<PathBuf> {
            ms.into_iter()
                .flat_map(|m| match m {
                    Message::Batch { paths, .. } => paths,
                    _ => Vec::new(),
                })
                .collect()
        };
        assert_eq!(paths(gather(&rx, None).unwrap()).len(), 20);
        assert_eq!(
            paths(gather(&rx, None).unwrap()),
            vec![PathBuf::from("/s/content/late.md")]
        );
        assert!(gather(&rx, Some(Duration::from_secs(5))).is_err());
        sender.join().unwrap();
    }
}
