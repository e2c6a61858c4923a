import CampaignChat

/// The documented exit codes (BSD sysexits): a contract with scripts.
enum ExitCode: Int32 {
    case ok = 0
    case usage = 64
    case dataError = 65
    case notFound = 66
    case `internal` = 70
    case cannotCreate = 73
    case ioError = 74
    case busy = 75
    case notPermitted = 77
    case notCampaignChatDatabase = 78
    case interrupted = 130

    init(_ category: CampaignChatError.Category) {
        switch category {
        case .usage: self = .usage
        case .notFound: self = .notFound
        case .notPermitted: self = .notPermitted
        case .invalidData: self = .dataError
        }
    }

    /// The exit code for anything a command threw.
    init(for error: any Error) {
        switch error {
        case is UsageError:
            self = .usage
        case let error as CampaignChatError:
            self = ExitCode(error.category)
        case let error as StoreError:
            switch error {
            case .busy: self = .busy
            case .missing: self = .notFound
            case .cannotCreate: self = .cannotCreate
            case .io: self = .ioError
            case .notCampaignChat, .newerVersion: self = .notCampaignChatDatabase
            case .internalError: self = .internal
            }
        case is OperationInterrupted:
            self = .interrupted
        case is PushDeliveryError:
            self = .ioError
        case let error as InputError:
            self = error.code
        case is ArgumentNotUTF8:
            self = .dataError
        case let error as BulkIncomplete:
            self = ExitCode(error.failure)
        default:
            self = .internal
        }
    }
}

/// A problem with input the command reads itself (stdin, a file), with its exit code.
struct InputError: Error, CustomStringConvertible {
    let code: ExitCode
    let description: String
}
