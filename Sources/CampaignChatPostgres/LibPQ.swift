import CLibPQ
import CampaignChat
import Glibc

/// libpq, loaded the first time a command opens a PostgreSQL database. Linking it would load
/// libpq and the TLS, Kerberos and LDAP libraries it depends on into every run, SQLite ones
/// included; loaded on demand, an SQLite run starts as fast as the sqlite3 shell.
/// See https://www.postgresql.org/docs/current/libpq.html
struct LibPQ: @unchecked Sendable {
    let connectdb: campaignchat_PQconnectdb_function
    let conninfoParse: campaignchat_PQconninfoParse_function
    let conninfoFree: campaignchat_PQconninfoFree_function
    let status: campaignchat_PQstatus_function
    let errorMessage: campaignchat_PQerrorMessage_function
    let finish: campaignchat_PQfinish_function
    let parameterStatus: campaignchat_PQparameterStatus_function
    let setNoticeProcessor: campaignchat_PQsetNoticeProcessor_function
    let exec: campaignchat_PQexec_function
    let prepare: campaignchat_PQprepare_function
    let execPrepared: campaignchat_PQexecPrepared_function
    let resultStatus: campaignchat_PQresultStatus_function
    let resultErrorField: campaignchat_PQresultErrorField_function
    let resultErrorMessage: campaignchat_PQresultErrorMessage_function
    let ntuples: campaignchat_PQntuples_function
    let getvalue: campaignchat_PQgetvalue_function
    let getlength: campaignchat_PQgetlength_function
    let getisnull: campaignchat_PQgetisnull_function
    let cmdTuples: campaignchat_PQcmdTuples_function
    let clear: campaignchat_PQclear_function
    let socket: campaignchat_PQsocket_function
    let consumeInput: campaignchat_PQconsumeInput_function
    let notifies: campaignchat_PQnotifies_function
    let freemem: campaignchat_PQfreemem_function

    /// The library, loaded once; why it could not be, when it could not.
    static let shared: Result<LibPQ, StoreError> = load()

    /// The sonames to try: the ABI-versioned one Debian's libpq5 installs, then the development link.
    static let libraryNames = ["libpq.so.5", "libpq.so"]

    private static func load() -> Result<LibPQ, StoreError> {
        // libpq waits for a server that does not answer (a dropped packet, a firewall) for as
        // long as TCP does, minutes; a command should fail with 69 long before. Set before the
        // first connection, never over the user's own value.
        setenv("PGCONNECT_TIMEOUT", String(StoreOptions.defaultConnectTimeout), 0)
        var failures: [String] = []
        for name in libraryNames {
            guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else {
                failures.append(dlerror().map { String(cString: $0) } ?? name)
                continue
            }
            do {
                return .success(try LibPQ(handle: handle))
            } catch {
                return .failure(error)
            }
        }
        return .failure(.unavailable("cannot load libpq, PostgreSQL's client library (Debian: apt-get install libpq5): "
                                     + (failures.first ?? "not found")))
    }

    private init(handle: UnsafeMutableRawPointer) throws(StoreError) {
        try self.init { dlsym(handle, $0) }
    }

    /// Looks up every function campaignchat calls through `symbol` (dlsym on the loaded library).
    /// Each one exists in libpq 12 and later: a function newer libpq added (pipeline mode, say)
    /// would make an older libpq fail to load, so none is looked up unless it is called.
    init(symbol: (String) -> UnsafeMutableRawPointer?) throws(StoreError) {
        func function<T>(_ name: String, as type: T.Type) throws(StoreError) -> T {
            guard let symbol = symbol(name) else {
                throw .unavailable("the libpq found has no \(name): campaignchat needs libpq 12 or later")
            }
            return unsafeBitCast(symbol, to: type)
        }
        connectdb = try function("PQconnectdb", as: campaignchat_PQconnectdb_function.self)
        conninfoParse = try function("PQconninfoParse", as: campaignchat_PQconninfoParse_function.self)
        conninfoFree = try function("PQconninfoFree", as: campaignchat_PQconninfoFree_function.self)
        status = try function("PQstatus", as: campaignchat_PQstatus_function.self)
        errorMessage = try function("PQerrorMessage", as: campaignchat_PQerrorMessage_function.self)
        finish = try function("PQfinish", as: campaignchat_PQfinish_function.self)
        parameterStatus = try function("PQparameterStatus", as: campaignchat_PQparameterStatus_function.self)
        setNoticeProcessor = try function("PQsetNoticeProcessor", as: campaignchat_PQsetNoticeProcessor_function.self)
        exec = try function("PQexec", as: campaignchat_PQexec_function.self)
        prepare = try function("PQprepare", as: campaignchat_PQprepare_function.self)
        execPrepared = try function("PQexecPrepared", as: campaignchat_PQexecPrepared_function.self)
        resultStatus = try function("PQresultStatus", as: campaignchat_PQresultStatus_function.self)
        resultErrorField = try function("PQresultErrorField", as: campaignchat_PQresultErrorField_function.self)
        resultErrorMessage = try function("PQresultErrorMessage", as: campaignchat_PQresultErrorMessage_function.self)
        ntuples = try function("PQntuples", as: campaignchat_PQntuples_function.self)
        getvalue = try function("PQgetvalue", as: campaignchat_PQgetvalue_function.self)
        getlength = try function("PQgetlength", as: campaignchat_PQgetlength_function.self)
        getisnull = try function("PQgetisnull", as: campaignchat_PQgetisnull_function.self)
        cmdTuples = try function("PQcmdTuples", as: campaignchat_PQcmdTuples_function.self)
        clear = try function("PQclear", as: campaignchat_PQclear_function.self)
        socket = try function("PQsocket", as: campaignchat_PQsocket_function.self)
        consumeInput = try function("PQconsumeInput", as: campaignchat_PQconsumeInput_function.self)
        notifies = try function("PQnotifies", as: campaignchat_PQnotifies_function.self)
        freemem = try function("PQfreemem", as: campaignchat_PQfreemem_function.self)
    }
}
