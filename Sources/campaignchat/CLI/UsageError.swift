/// A mistake on the command line: printed with the command's usage line, exit 64.
struct UsageError: Error {
    let message: String
    /// The command (or group) whose usage to show, as far as it was recognized.
    let path: [String]
}
