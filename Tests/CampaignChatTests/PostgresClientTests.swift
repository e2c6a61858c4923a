import Foundation
import Testing
@testable import CampaignChat
@testable import CampaignChatPostgres
@testable import CampaignChatStorage

/// How a PostgreSQL location is shown in messages: never with a password, however it was written.
@Suite struct PostgresLocationDisplay {
    @Test(arguments: [
        ("postgresql://alice:hunter2@db.internal:5432/chat?sslmode=require", "postgresql://alice:***@db.internal:5432/chat"),
        ("postgres://alice:hun?ter2@db.internal/chat", "postgres://alice:***@db.internal/chat"),
        ("postgresql://alice:hun?ter2@db.internal/chat?application_name=me@laptop", "postgresql://alice:***@db.internal/chat"),
        ("postgresql://alice:h@u#n&t=e:r2@db.internal/chat?application_name=me@laptop", "postgresql://alice:***@db.internal/chat"),
        ("postgresql://alice:hun/ter2@db.internal/chat", "postgresql://alice:***@db.internal/chat"),
        ("POSTGRESQL://alice:hunter2@db.internal/chat", "postgresql://alice:***@db.internal/chat"),
        ("postgresql://alice:hunter2@[::1/chat", "postgresql://alice:***@[::1/chat"),
        ("postgresql://alice@db.internal/chat", "postgresql://alice@db.internal/chat"),
        ("postgresql:///chat?host=/tmp&pass%77ord=hunter2", "postgresql:///chat"),
        ("postgresql://db.internal/chat?sslpassword=hunter2&password=hunter2", "postgresql://db.internal/chat"),
        ("postgresql://db.internal/chat?application_name=me@laptop&password=hunter2", "postgresql://db.internal/chat"),
        ("host=db.internal port=5432 dbname=chat user=alice password = hunter2", "host=db.internal port=5432 dbname=chat user=alice password=***"),
        ("host=db.internal\tpassword\t=\t'hun ter2' sslpassword=hunter2 dbname = chat", "host=db.internal password=*** dbname=chat"),
        ("host='/tmp/my dir' user=alice password='hun\\'ter2' options='-c x=hunter2'", "host='/tmp/my dir' user=alice password=***"),
        ("sslpassword=hunter2 hostaddr=10.0.0.1 passfile=/hunter2", "hostaddr=10.0.0.1"),
    ])
    func showsTheServerAndNeverThePassword(location: String, shown: String) {
        let display = StoreLocation(location).displayName
        #expect(display == shown)
        #expect(!display.contains("hun"), "\(display)")
    }

    @Test(arguments: ["host=db1 dbname=chat", " host = db1", "\tdbname\t=chat", "POSTGRES://db1/chat", "postgresql:///chat?host=/tmp",
                      // A value libpq cannot read is still a connection string (refused as one), never a file path.
                      "password='s3cret host=/tmp/pg dbname=chat", "host='/tmp/pg dbname=x"])
    func aConnectionStringIsPostgres(location: String) {
        #expect(StoreLocation(location) == .postgres(connection: location))
    }

    @Test(arguments: ["chat.db", "my chat.db", "/data/a=b.db", "postgresql:/chat.db"])
    func aPathIsAFile(location: String) {
        #expect(StoreLocation(location) == .sqliteFile(path: location))
    }
}

/// The PostgreSQL client side that needs no server: which libpq loads, and what its messages
/// may show. These run on every pass where libpq is installed (it is wherever campaignchat
/// builds: libpq-dev).
@Suite(.enabled(if: (try? LibPQ.shared.get()) != nil, "needs libpq (apt-get install libpq5)"))
struct PostgresClientLibrary {
    /// The functions libpq 12 exports that PostgreSQL 9.6 already had: numbers 1 to 170 of
    /// libpq's `src/interfaces/libpq/exports.txt`. Later versions only add to the list.
    static let libpq12Functions: Set<String> = Set("""
        PQconnectdb PQsetdbLogin PQconndefaults PQfinish PQreset PQrequestCancel PQdb PQuser PQpass PQhost PQport PQtty
        PQoptions PQstatus PQerrorMessage PQsocket PQbackendPID PQtrace PQuntrace PQsetNoticeProcessor PQexec PQnotifies
        PQsendQuery PQgetResult PQisBusy PQconsumeInput PQgetline PQputline PQgetlineAsync PQputnbytes PQendcopy PQfn
        PQresultStatus PQntuples PQnfields PQbinaryTuples PQfname PQfnumber PQftype PQfsize PQfmod PQcmdStatus PQoidStatus
        PQcmdTuples PQgetvalue PQgetlength PQgetisnull PQclear PQmakeEmptyPGresult PQprint PQdisplayTuples PQprintTuples
        lo_open lo_close lo_read lo_write lo_lseek lo_creat lo_tell lo_unlink lo_import lo_export pgresStatus PQmblen
        PQresultErrorMessage PQresStatus termPQExpBuffer appendPQExpBufferChar initPQExpBuffer resetPQExpBuffer PQoidValue
        PQclientEncoding PQenv2encoding appendBinaryPQExpBuffer appendPQExpBufferStr destroyPQExpBuffer createPQExpBuffer
        PQconninfoFree PQconnectPoll PQconnectStart PQflush PQisnonblocking PQresetPoll PQresetStart PQsetClientEncoding
        PQsetnonblocking PQfreeNotify PQescapeString PQescapeBytea printfPQExpBuffer appendPQExpBuffer pg_encoding_to_char
        pg_utf_mblen PQunescapeBytea PQfreemem PQtransactionStatus PQparameterStatus PQprotocolVersion PQsetErrorVerbosity
        PQsetNoticeReceiver PQexecParams PQsendQueryParams PQputCopyData PQputCopyEnd PQgetCopyData PQresultErrorField
        PQftable PQftablecol PQfformat PQexecPrepared PQsendQueryPrepared PQdsplen PQserverVersion PQgetssl
        pg_char_to_encoding pg_valid_server_encoding pqsignal PQprepare PQsendPrepare PQgetCancel PQfreeCancel PQcancel
        lo_create PQinitSSL PQregisterThreadLock PQescapeStringConn PQescapeByteaConn PQencryptPassword PQisthreadsafe
        enlargePQExpBuffer PQnparams PQparamtype PQdescribePrepared PQdescribePortal PQsendDescribePrepared
        PQsendDescribePortal lo_truncate PQconnectionUsedPassword pg_valid_server_encoding_id PQconnectionNeedsPassword
        lo_import_with_oid PQcopyResult PQsetResultAttrs PQsetvalue PQresultAlloc PQregisterEventProc PQinstanceData
        PQsetInstanceData PQresultInstanceData PQresultSetInstanceData PQfireResultCreateEvents PQconninfoParse
        PQinitOpenSSL PQescapeLiteral PQescapeIdentifier PQconnectdbParams PQconnectStartParams PQping PQpingParams
        PQlibVersion PQsetSingleRowMode lo_lseek64 lo_tell64 lo_truncate64 PQconninfo PQsslInUse PQsslStruct
        PQsslAttributes PQsslAttribute PQsetErrorContextVisibility
        """.split(whereSeparator: \.isWhitespace).map(String.init))

    @Test func loadsFromALibpqThatHasOnlyTheFunctionsOfLibpq12() throws {
        let handle = try #require(dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL))
        defer { dlclose(handle) }
        var missing: [String] = []
        do {
            _ = try LibPQ { name in
                if Self.libpq12Functions.contains(name) { return dlsym(handle, name) }
                missing.append(name)
                return nil
            }
        } catch {
            Issue.record("\(error)")
        }
        #expect(missing == [], "functions libpq 12 does not have")
    }

    /// The message of a connection that cannot be made, as campaignchat shows it.
    func connectionError(_ location: String) -> String {
        do {
            _ = try openChatStore(at: StoreLocation(location))
            return "connected"
        } catch {
            return "\(error)"
        }
    }

    @Test(arguments: [
        // libpq reads only a lower-case scheme; its message about anything else quotes the string.
        "POSTGRESQL://alice:hunter2@/postgres?host=/nonexistent/campaignchat",
        // libpq's messages about a URL it cannot read quote the URL.
        "postgresql://alice:hunter2@[::1/postgres",
        "postgresql://alice:hunter2@/postgres?host=/nonexistent&bogus%zz=1",
        "host=/nonexistent user=alice password=hunter2 = dbname",
        // An unterminated quote: libpq refuses the string, so what follows the quote is no value to show.
        "host=/nonexistent dbname='chat password=hunter2",
        // An unencoded `/` in the password: libpq reads `alice:hunter2` as host and port, and quotes the port.
        "postgresql://alice:hunter2/Q+=@db.internal/chat",
        "postgresql://alice:hunter2:x/y@db.internal/chat",
    ])
    func aStringLibpqCannotReadIsNotEchoed(location: String) {
        let message = connectionError(location)
        #expect(message.hasPrefix("cannot connect to PostgreSQL at "), "\(message)")
        #expect(!message.contains("hunter2"), "\(message)")
    }

    @Test func aStringLibpqCannotReadIsSaidToBeUnreadable() {
        #expect(connectionError("postgresql://alice:hunter2@[::1/postgres")
                == "cannot connect to PostgreSQL at postgresql://alice:***@[::1/postgres: the connection string cannot be read; "
                + "see https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING for its form")
    }

    /// Pieces of a password libpq read as something else are masked where libpq quotes them, and
    /// nowhere else: the rest of its message stays readable.
    @Test func piecesOfAPasswordAreMaskedOnlyWhereQuoted() {
        let message = connectionError("postgresql://alice:on/er@db.internal/chat")
        #expect(message.contains("invalid integer value \"***\" for connection option \"port\""), "\(message)")
        #expect(!message.contains("\"on\"") && !message.contains("er\""), "\(message)")
        #expect(message.contains("connection option"), "words that merely contain a piece stay: \(message)")
        // libpq names a port it could not reach without quotes: a piece standing as a word is masked too.
        let port = connectionError("postgresql://localhost:77/ab@db.internal/chat")
        #expect(!port.contains("77") && !port.contains(" ab"), "\(port)")
    }

    @Test func aPasswordLibpqRepeatsInItsMessageIsMasked() {
        // The socket folder's name happens to be the password, and libpq's message names the socket.
        for location in ["host=/nonexistent/hunter2 user=alice password=hunter2 sslpassword=s3cret-key",
                         "postgresql://alice:hunter2@/postgres?host=/nonexistent/hunter2"] {
            let message = connectionError(location)
            let libpqSays = message.dropFirst("cannot connect to PostgreSQL at ".count + StoreLocation(location).displayName.count)
            #expect(libpqSays.contains("\"/nonexistent/***/.s.PGSQL."), "\(message)")
            #expect(!libpqSays.contains("hunter2"), "\(message)")
        }
    }
}
