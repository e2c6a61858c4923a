#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The standard descriptors 0, 1 and 2.
public enum StandardDescriptors {
    /// Opens `/dev/null` on each of stdin, stdout and stderr that is closed, so that nothing the
    /// process opens later (a database file, a libpq socket, a signalfd) lands on 0, 1 or 2:
    /// there it would be read as input, written to as output, and handed to every child as its
    /// stdin, stdout or stderr. SQLite does the same for its own files, as do `ssh` and
    /// OpenBSD's daemons. Call it first, before anything opens a file. False when one of them
    /// is closed and `/dev/null` cannot be opened in its place.
    public static func openClosedOnes() -> Bool {
        for descriptor: Int32 in 0...2 where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
            // The lowest free descriptor is this one: 0, 1 and 2 are filled in order.
            let opened = open("/dev/null", O_RDWR)
            guard opened >= 0 else { return false }
            if opened != descriptor {
                guard dup2(opened, descriptor) == descriptor else { return false }
                close(opened)
            }
        }
        return true
    }
}
