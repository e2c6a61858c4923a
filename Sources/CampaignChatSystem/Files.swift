import Glibc

/// Files as a store sees them: created private to the user, known by their identity, watched.
public enum Files {
    /// Why a file could not be created, in words for an error message.
    public struct Refusal: Error, Sendable {
        public let reason: String
    }

    /// Creates missing folders (0700) and an empty file (0600), whatever the umask; `true` when
    /// the file is new.
    public static func createPrivately(_ path: String) throws(Refusal) -> Bool {
        if path == ":memory:" { return false }
        try createFolders(for: path)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            close(descriptor)
            return true
        }
        let failure = errno
        guard failure == EEXIST else { throw Refusal(reason: String(cString: strerror(failure))) }
        // O_EXCL refuses any symbolic link, even one that points nowhere: that file cannot be opened either.
        if let target = danglingLinkTarget(path) { throw danglingLink(to: target) }
        return false
    }

    /// The refusal of a symbolic link to nothing.
    public static func danglingLink(to target: String) -> Refusal {
        Refusal(reason: "it is a symbolic link to '\(target)', which does not exist")
    }

    /// Where `path` points when it is a symbolic link to nothing.
    public static func danglingLinkTarget(_ path: String) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK, stat(path, &info) != 0, errno == ENOENT else { return nil }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink(path, &buffer, buffer.count - 1)
        guard length >= 0 else { return "?" }
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    public static func isWritable(_ path: String) -> Bool { access(path, W_OK) == 0 }

    /// The file `path` leads to (device and inode), however the path was written.
    public static func identity(of path: String) throws(SystemError) -> FileIdentity {
        var info = stat()
        guard stat(path, &info) == 0 else { throw SystemError(doing: "stat \(path)", code: errno) }
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// A file's size in bytes, 0 when it does not exist.
    public static func size(of path: String) -> Int64 {
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : 0
    }

    /// `path` through every symbolic link, absolute; `nil` when it leads nowhere.
    public static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func createFolders(for path: String) throws(Refusal) {
        var folders: [String] = []
        var folder = parent(of: path)
        while let current = folder, !exists(current) {
            folders.append(current)
            folder = parent(of: current)
        }
        for current in folders.reversed() where mkdir(current, 0o700) != 0 && errno != EEXIST {
            throw Refusal(reason: "cannot create folder '\(current)': \(String(cString: strerror(errno)))")
        }
    }

    private static func parent(of path: String) -> String? {
        guard let slash = path.lastIndex(of: "/") else { return nil }
        let parent = String(path[..<slash])
        return parent.isEmpty ? nil : parent
    }
}

/// A file's device and inode: the same file, whichever path reached it.
public struct FileIdentity: Hashable, Sendable {
    public let device: UInt64
    public let inode: UInt64
}

/// A folder watched for changes to some of its files (inotify(7)): a descriptor that `poll()`
/// finds readable when one of them changed, was created, removed or moved.
public final class FolderWatch {
    public let descriptor: Int32
    private let names: Set<String>

    /// `nil` where inotify is not available (or the folder cannot be watched).
    public init?(folder: String, names: Set<String>) {
        let descriptor = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard descriptor >= 0 else { return nil }
        let mask = UInt32(IN_MODIFY | IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO)
        guard inotify_add_watch(descriptor, folder, mask) >= 0 else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
        self.names = names
    }

    deinit { close(descriptor) }

    /// Reads every pending event; whether one was about one of the names.
    public func drain() -> Bool {
        var touched = false
        var buffer = [UInt8](repeating: 0, count: 16 * 1_024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { return touched }
            var offset = 0
            // struct inotify_event { int wd; uint32_t mask, cookie, len; char name[len]; }
            while offset + 16 <= count {
                let length = buffer.withUnsafeBytes { Int($0.load(fromByteOffset: offset + 12, as: UInt32.self)) }
                let name = buffer[(offset + 16)..<min(count, offset + 16 + length)].prefix { $0 != 0 }
                if names.contains(String(decoding: name, as: UTF8.self)) { touched = true }
                offset += 16 + length
            }
        }
    }
}
