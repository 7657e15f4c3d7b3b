//! Wall time of each build stage, for `bantin build --timings` and the benchmark.
//!
//! Off by default: a stage costs one relaxed atomic load when timings are not asked for, so
//! the calls stay in the build and the figures always describe the real code path.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

static ENABLED: AtomicBool = AtomicBool::new(false);
static STAGES: Mutex<Vec<(&'static str, Duration)>> = Mutex::new(Vec::new());

/// Starts recording stage times (and forgets earlier ones).
pub fn enable() {
    ENABLED.store(true, Ordering::Relaxed);
    STAGES.lock().unwrap_or_else(|e| e.into_inner()).clear();
}

/// Runs `f` as the stage `name`, recording its wall time when timings are enabled.
pub fn stage<T>(name: &'static str, f: impl FnOnce() -> T) -> T {
    if !ENABLED.load(Ordering::Relaxed) {
        return f();
    }
    let started = Instant::now();
    let out = f();
    let took = started.elapsed();
    STAGES
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push((name, took));
    out
}

/// The stages recorded since [`enable`], in the order they finished.
pub fn take() -> Vec<(&'static str, Duration)> {
    std::mem::take(&mut *STAGES.lock().unwrap_or_else(|e| e.into_inner()))
}
