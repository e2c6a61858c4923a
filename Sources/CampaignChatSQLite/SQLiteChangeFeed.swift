import CampaignChat
import CampaignChatSystem

/// Changes to an SQLite file, as inotify reports them: any process that commits writes the
/// `-wal` file (or, checkpointing, the file itself), so a watch on their folder wakes the
/// follower at once, and `PRAGMA data_version` confirms that another connection committed
/// before anything is read. Where inotify is not available, it looks once a second.
/// See https://www.sqlite.org/pragma.html#pragma_data_version and inotify(7).
final class SQLiteChangeFeed: ChangeFeed {
    private let database: Database
    /// The file as named, and as it really is (through symbolic links).
    private let path: String
    private let realPath: String
    /// The folder, watched for the file, its `-wal` and its rollback journal; `nil` without inotify.
    private let watch: FolderWatch?
    private let identity: FileIdentity
    private var dataVersion: Int64
    /// When inotify last reported a change to the files (or the feed was set up).
    private var lastTouched: Int64
    /// When the path was last found to lead to the file (see `pathCheckInterval`).
    private var lastPathCheck: Int64

    /// How often to look without inotify, in milliseconds.
    static let fallbackInterval: Int64 = 1_000

    /// How often an idle follower makes sure its path still leads to the file it follows, in
    /// milliseconds: a folder on the way moved or a symbolic link pointed elsewhere makes no
    /// event in the watched folder. One `stat` per look: no CPU to speak of.
    static let pathCheckInterval: Int64 = 2_000

    /// `watchingFiles: false` gives the fallback that looks once a second, for tests.
    init(database: Database, path: String, watchingFiles: Bool = true) throws {
        self.database = database
        self.path = path
        guard let realPath = Files.realPath(path), let identity = try? Files.identity(of: realPath) else {
            throw StoreError.io("the database '\(path)' is gone")
        }
        self.realPath = realPath
        self.identity = identity
        let slash = realPath.lastIndex(of: "/") ?? realPath.startIndex
        let folder = slash == realPath.startIndex ? "/" : String(realPath[..<slash])
        let base = String(realPath[realPath.index(after: slash)...])
        watch = watchingFiles ? FolderWatch(folder: folder, names: [base, base + "-wal", base + "-journal"]) : nil
        lastTouched = Timestamp.currentMilliseconds()
        lastPathCheck = lastTouched
        dataVersion = try database.integer("PRAGMA data_version")
    }

    /// Whether changes wake the follower at once (inotify) or are looked for once a second.
    var isWatching: Bool { watch != nil }

    func wait(stop: FollowerStop?, until deadline: Int64?) throws -> ChangeWait {
        var step: Int64 = 1
        while true {
            let now = Timestamp.currentMilliseconds()
            let settling = now < lastTouched + Self.settleTime
            var slice = deadline
            if settling {
                slice = min(deadline ?? .max, min(lastTouched + Self.settleTime, now + step))
                step = min(step * 2, 32)
            } else {
                slice = min(deadline ?? .max, now + (watch == nil ? Self.fallbackInterval : Self.pathCheckInterval))
            }
            let (stopped, readable) = try ReadinessWait.poll(watch.map { [$0.descriptor] } ?? [], stop: stop, until: slice)
            if stopped { return .stopped }
            let touched = !readable.isEmpty && watch?.drain() == true
            if touched {
                lastTouched = Timestamp.currentMilliseconds()
                step = 1
            }
            if touched || (readable.isEmpty && (settling || watch == nil)) {
                try checkStillThere()
                let version = try database.integer("PRAGMA data_version")
                if version != dataVersion {
                    dataVersion = version
                    return .changed
                }
            } else if Timestamp.currentMilliseconds() >= lastPathCheck + Self.pathCheckInterval {
                // Also when other files of the folder keep waking it: their events must not put this off.
                try checkStillThere()
            }
            if let deadline, Timestamp.currentMilliseconds() >= deadline { return .timedOut }
        }
    }

    /// A writer appends its frames to the `-wal` (the inotify event) a moment before it
    /// publishes the commit in the shared-memory index (which makes no event at all), and a
    /// follower may read in between. So for a while after each event (and after subscribing)
    /// the follower looks again, at growing intervals, before it sleeps until the next event.
    /// In milliseconds.
    static let settleTime: Int64 = 250

    /// A follower must not read on from a file that was removed or replaced under it, nor from one
    /// its path no longer leads to (the others write where the path leads).
    private func checkStillThere() throws {
        lastPathCheck = Timestamp.currentMilliseconds()
        guard let now = try? Files.identity(of: realPath) else {
            throw StoreError.io("the database '\(path)' was removed while following it")
        }
        guard now == identity else {
            throw StoreError.io("the database '\(path)' was replaced by another file while following it")
        }
        guard let named = try? Files.identity(of: path), named == identity else {
            throw StoreError.io("the database '\(path)' no longer leads to the file it followed (a folder on the way was moved, "
                                + "or a link points elsewhere)")
        }
    }

}
