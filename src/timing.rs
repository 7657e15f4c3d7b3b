//! Wall time of each build stage, for `bantin build --timings` and the benchmark.
//!
//! Off by default: a stage costs one relaxed atomic load when timings are not asked for, so
//! the calls stay in the build and the figures always describe the real code path.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

static ENABLED: AtomicBool = AtomicBool::new(false);
static STAGES: Mutex<Vec<Stage>> = Mutex::new(Vec::new());

/// One finished stage.
#[derive(Debug, Clone, Copy)]
pub struct Stage {
    /// What ran.
    pub name: &'static str,
    /// Wall time.
    pub wall: Duration,
    /// CPU time of the whole process (all threads, user + system) during the stage: unlike
    /// wall time it barely moves when other programs share the machine.
    pub cpu: Duration,
}

/// CPU time used so far by this process, all threads.
pub fn process_cpu() -> Duration {
    // SAFETY: getrusage only writes the struct it is given.
    let usage = unsafe {
        let mut u: libc::rusage = std::mem::zeroed();
        if libc::getrusage(libc::RUSAGE_SELF, &mut u) != 0 {
            return Duration::ZERO;
        }
        u
    };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

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
    let cpu = process_cpu();
    let out = f();
    let stage = Stage {
        name,
        wall: started.elapsed(),
        cpu: process_cpu().saturating_sub(cpu),
    };
    STAGES.lock().unwrap_or_else(|e| e.into_inner()).push(stage);
    out
}

/// The stages recorded since [`enable`], in the order they finished.
pub fn take() -> Vec<Stage> {
    std::mem::take(&mut *STAGES.lock().unwrap_or_else(|e| e.into_inner()))
}
