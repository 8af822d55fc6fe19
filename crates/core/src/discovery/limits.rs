//! How many probes may be in flight: each holds a socket, and the process has an open-file
//! limit (often a soft 1024 on Linux, 256 on macOS). On unix the soft limit is raised towards
//! what the sweep wants (never past the hard limit); the concurrency is then capped to what
//! fits, with room left for the rest of the app. Elsewhere the requested value stands.

/// Descriptors kept free for everything else (the window, the keyring, logs, DNS).
pub const RESERVED_FILES: u64 = 64;

/// The concurrency that fits under `soft` open files.
pub fn cap_for_limit(wanted: usize, soft: u64) -> usize {
    let room = soft.saturating_sub(RESERVED_FILES).max(1);
    wanted
        .min(usize::try_from(room).unwrap_or(usize::MAX))
        .max(1)
}

/// Raises the soft open-file limit where allowed and returns the concurrency that fits.
#[cfg(unix)]
#[allow(clippy::unnecessary_cast)] // rlim_t is u64 on Linux but not on every unix
pub fn fit_open_files(wanted: usize) -> usize {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit only read/write the struct we pass.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return wanted;
    }
    let needed = (wanted as u64).saturating_add(RESERVED_FILES);
    if limit.rlim_cur != libc::RLIM_INFINITY && (limit.rlim_cur as u64) < needed {
        let raised = libc::rlimit {
            rlim_cur: needed.min(limit.rlim_max as u64) as libc::rlim_t,
            rlim_max: limit.rlim_max,
        };
        // SAFETY: as above.
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } == 0 {
            limit.rlim_cur = raised.rlim_cur;
        }
    }
    if limit.rlim_cur == libc::RLIM_INFINITY {
        return wanted;
    }
    cap_for_limit(wanted, limit.rlim_cur as u64)
}

#[cfg(not(unix))]
pub fn fit_open_files(wanted: usize) -> usize {
    wanted // Windows has no per-process socket limit of this kind.
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_leaves_room_for_the_app() {
        assert_eq!(cap_for_limit(256, 1024), 256);
        assert_eq!(cap_for_limit(256, 256), 256 - RESERVED_FILES as usize);
        assert_eq!(cap_for_limit(256, 10), 1);
    }

    #[cfg(unix)]
    #[test]
    #[allow(clippy::unnecessary_cast)]
    fn the_soft_limit_is_raised_or_the_concurrency_capped() {
        let wanted = 1024;
        let fitted = fit_open_files(wanted);
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        assert_eq!(
            unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) },
            0
        );
        if limit.rlim_cur != libc::RLIM_INFINITY {
            assert!(fitted as u64 + RESERVED_FILES <= limit.rlim_cur as u64 || fitted == 1);
        }
        assert!(fitted >= 1 && fitted <= wanted);
    }
}
