/// A mistake on the command line: printed with the command's usage line, exit 64.
package struct UsageError: Error {
    package let message: String
    /// The command (or group) whose usage to show, as far as it was recognized.
    package let path: [String]
}
