import CampaignChat
import CampaignChatCLI
import CampaignChatSystem
import Glibc

// A closed stdin, stdout or stderr (`2>&-`) is /dev/null from here on, before anything opens a
// file that would take its number: a closed stdout reads as output thrown away, exit status as usual.
guard StandardDescriptors.openClosedOnes() else { exit(ExitCode.ioError.rawValue) }

// Parse, dispatch to the command, print; every error becomes one `Error: ...`
// line on stderr and a documented exit code.

let table = CommandTable.main
let environment = Environment.current()
let arguments = RawArguments.current()
var output = Output(json: false, quiet: false)
var status = ExitCode.ok

do {
    switch try CommandLineParser(table: table).parse(arguments.words, notUTF8: arguments.notUTF8) {
    case .version:
        output.line("campaignchat \(Help.version)")
    case .help(let path, _):
        output.write(Help.text(for: path, in: table))
    case .run(let command, let parsed, let globals):
        output = Output(json: globals.json, quiet: globals.quiet)
        try command.run(Invocation(command: command, arguments: parsed, globals: globals,
                                   output: output, environment: environment))
    }
} catch let error as UsageError {
    output.flush()
    Output.standardError("Error: \(Terminal.safe(error.message, keepNewlines: false))")
    Output.standardError("Usage: \(Help.usage(of: error.path, in: table))")
    Output.standardError("  See '\((["campaignchat"] + error.path + ["--help"]).joined(separator: " "))' for more information.")
    status = .usage
} catch is OutputClosed {
    // The reader is gone: nothing to say, and no one to say it to on stdout. Ended by SIGPIPE,
    // as a write to the closed pipe would have ended it (and `tail -f` ends).
    signal(SIGPIPE, SIG_DFL)
    raise(SIGPIPE)
    status = .brokenPipe
} catch is StopRequested {
    // A follower asked to stop while its output could not take its next write (a reader that
    // stopped reading): it ends as a stop ends it, with what its output took.
    status = .ok
} catch is OperationInterrupted {
    output.flush()
    Output.standardError("Error: interrupted: the open transaction was rolled back; what was reported above is done")
    status = .interrupted
} catch {
    output.flush()
    Output.standardError("Error: \(Terminal.safe(String(describing: error), keepNewlines: false))")
    status = ExitCode(for: error)
}
output.flush()
exit(status.rawValue)
