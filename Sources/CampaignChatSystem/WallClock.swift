import Glibc

/// The wall clock (`CLOCK_REALTIME`), for timestamps, leases, retry schedules and deadlines.
public enum WallClock {
    /// Milliseconds since 1970.
    public static func milliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000 + Int64(spec.tv_nsec / 1_000_000)
    }
}

/// This process.
public enum CurrentProcess {
    /// Its process id, as `ps` and `kill` name it.
    public static var id: Int32 { getpid() }
}
