import Glibc

/// A system call that failed: what was being done and the C library's words for `errno`
/// (`cannot run /bin/sh: No such file or directory`).
public struct SystemError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was being done, as the start of the message.
    public let doing: String
    /// The `errno` it failed with.
    public let code: Int32

    public init(doing: String, code: Int32) {
        self.doing = doing
        self.code = code
    }

    /// The C library's words for `code` alone (`No such file or directory`).
    public var reason: String { String(cString: strerror(code)) }

    public var description: String { "\(doing): \(reason)" }
}

/// Reading a descriptor the process was given (a file, a pipe, stdin).
public enum DescriptorInput {
    /// Reads up to `buffer.count` bytes into `buffer`, again when a signal interrupted the
    /// read: the number read, 0 at the end of the input.
    public static func read(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> Int {
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            let code = errno
            if code != EINTR { throw SystemError(doing: "cannot read the input", code: code) }
        }
    }
}
