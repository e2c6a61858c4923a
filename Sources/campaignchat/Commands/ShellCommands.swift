/// `completions` and the hidden `__complete`: filled in by the completions work.
enum ShellCommands {
    static let all: [CommandSpec] = []
}
