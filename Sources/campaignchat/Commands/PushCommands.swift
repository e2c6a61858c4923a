/// `push list | deliver | retry`: filled in by the push notification work.
enum PushCommands {
    static let all: [CommandSpec] = []
}
