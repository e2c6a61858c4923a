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
        ("POSTGRESQL://alice:hunter2@db.internal/chat", "postgresql://alice:***@db.internal/chat"),
        ("postgresql://alice@db.internal/chat", "postgresql://alice@db.internal/chat"),
        // What libpq reads of a URL, %-encoded again where it must be.
        ("postgresql://chat:Xk9%40mZ2pQ%3Fv7@db.example.com/campaignchat", "postgresql://chat:***@db.example.com/campaignchat"),
        ("postgresql://al%69ce:hunter2@db.internal/ch%20at", "postgresql://alice:***@db.internal/ch%20at"),
        ("postgresql://alice:hunter2@[::1]:5433/chat", "postgresql://alice:***@[::1]:5433/chat"),
        ("postgresql://[2001:db8::1],db2.internal:5433/chat", "postgresql://[2001:db8::1],db2.internal:5433/chat"),
        ("postgresql://%2Fvar%2Frun%2Fpostgresql/chat", "postgresql://%2Fvar%2Frun%2Fpostgresql/chat"),
        ("postgresql://:hunter2@db.internal", "postgresql://:***@db.internal"),
        ("postgresql://alice:@db.internal/chat", "postgresql://alice@db.internal/chat"),
        ("postgresql://alice:hun:ter#2@db.internal?sslmode=require&", "postgresql://alice:***@db.internal"),
        // A URL libpq cannot read is not shown: an `@` before a `?` in the password ends the user
        // information there, and the rest is no query libpq can read.
        ("postgresql://chat:Xk9@mZ2pQ?v7@db.example.com/campaignchat", "the postgresql:// URL given"),
        ("postgresql://chat:Xk9@mZ2pQ?v7=@db.example.com/campaignchat", "the postgresql:// URL given"),
        ("postgresql://alice:hunter2@[::1/chat", "the postgresql:// URL given"),
        ("postgresql://alice:hunter2@[::1]x/chat", "the postgresql:// URL given"),
        ("postgres://alice:hun%zzter2@db.internal/chat", "the postgres:// URL given"),
        ("postgresql://alice:hun%00ter2@db.internal/chat", "the postgresql:// URL given"),
        ("postgresql://db.internal/chat?sslmode=require&&password=hunter2", "the postgresql:// URL given"),
        // Nor is one that libpq reads with an `@` in a host, a port or the database name: pieces
        // of a password whose `@` or `/` was not %-encoded.
        ("postgresql://chat:Xk9@mZ2pQ/v7@db.example.com/campaignchat", "the postgresql:// URL given (an @ in it is not %-encoded)"),
        ("postgresql://alice:h@u#n&t=e:r2@db.internal/chat?application_name=me@laptop",
         "the postgresql:// URL given (an @ in it is not %-encoded)"),
        ("postgresql://alice:hun/ter2@db.internal/chat", "the postgresql:// URL given (an @ in it is not %-encoded)"),
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
        #expect(!display.contains("hun") && !display.contains("Xk9") && !display.contains("mZ2pQ") && !display.contains("v7"), "\(display)")
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
                == "cannot connect to PostgreSQL at the postgresql:// URL given: the connection string cannot be read; "
                + "see https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING for its form")
    }

    /// What libpq reads of a URL (`PQconninfoParse`): the user, password, hosts, ports and
    /// database, after the query's own values for them.
    func libpqReads(_ url: String) throws -> [String: String]? {
        let library = try LibPQ.shared.get()
        var error: UnsafeMutablePointer<CChar>?
        guard let options = library.conninfoParse(url, &error) else {
            if let error { library.freemem(error) }
            return nil
        }
        defer { library.conninfoFree(options) }
        var read: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            let name = String(cString: keyword)
            if let value = option.pointee.val, ["user", "password", "host", "port", "dbname"].contains(name) {
                read[name] = String(cString: value)
            }
            option += 1
        }
        return read
    }

    /// The same, as `PostgresURL` reads it.
    func weRead(_ url: String) -> [String: String]? {
        guard let parsed = PostgresURL(url) else { return nil }
        var read: [String: String] = [:]
        read["user"] = parsed.user
        read["password"] = parsed.password
        let hosts = parsed.hosts.map(\.name).joined(separator: ",")
        let ports = parsed.hosts.map { $0.port ?? "" }.joined(separator: ",")
        if !hosts.isEmpty { read["host"] = hosts }
        if !ports.isEmpty { read["port"] = ports }
        read["dbname"] = parsed.dbname
        for pair in parsed.query where ["user", "password", "host", "port", "dbname"].contains(pair.key) { read[pair.key] = pair.value }
        return read
    }

    /// The location shown is where libpq goes: `PostgresURL` reads every URL as libpq does, and
    /// refuses what libpq refuses.
    @Test(arguments: [
        "postgresql://chat:Xk9@mZ2pQ?v7@db.example.com/campaignchat",
        "postgresql://chat:Xk9@mZ2pQ/v7@db.example.com/campaignchat",
        "postgresql://chat:Xk9@mZ2pQ?v7=@db.example.com/campaignchat",
        "postgresql://chat:Xk9@mZ2pQ?host=@db.example.com/campaignchat",
        "postgresql://chat:Xk9%40mZ2pQ%3Fv7@db.example.com/campaignchat",
        "postgresql://u:a@b@db.example.com/x",
        "postgresql://alice:on/er@db.internal/chat",
        "postgresql://localhost:77/ab@db.internal/chat",
        "postgresql://alice:hun?ter2@db.internal/chat?application_name=me@laptop",
        "postgresql://alice:h@u#n&t=e:r2@db.internal/chat?application_name=me@laptop",
        "postgresql://alice:hun:ter2@db.internal",
        "postgresql://al%69ce:hun%3Fter2@db%2Einternal:54%332/ch%2Fat",
        "postgresql://alice:hunter2@[::1]:5433/chat",
        "postgresql://alice:hunter2@[::1/chat",
        "postgresql://alice:hunter2@[]/chat",
        "postgresql://alice:hunter2@[::1]x/chat",
        "postgresql://[2001:db8::1],db2.internal:5433,db3:/chat",
        "postgresql://db1:5432,[::1]:5433/chat?port=6000,6001",
        "postgresql://%2Fvar%2Frun%2Fpostgresql/chat",
        "postgresql:///chat?host=/tmp&user=bob&password=hunter2",
        "postgresql:///chat?host=/tmp&pass%77ord=hunter2",
        "postgresql://db.internal?",
        "postgresql://db.internal/?sslmode=require&",
        "postgresql://db.internal/chat?sslmode=require&&password=hunter2",
        "postgresql://db.internal/chat?password",
        "postgresql://db.internal/chat?password=a=b",
        "postgresql://db.internal/chat?bogus=1",
        "postgresql://db.internal/chat?ssl=true",
        "postgresql://db.internal/chat?ssl=false",
        "postgresql://alice:hun%zzter2@db.internal/chat",
        "postgresql://alice:hun%2@db.internal/chat",
        "postgresql://alice:hun%00ter2@db.internal/chat",
        "postgresql://:hunter2@db.internal",
        "postgresql://alice:@db.internal",
        "postgresql://@db.internal",
        "postgresql://",
        "postgres://alice:hunter2@db.internal/chat",
    ])
    func readsAURLAsLibpqDoes(url: String) throws {
        #expect(weRead(url) == (try libpqReads(url)), "\(url)")
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

    /// A password is masked where it stands as a word of its own, never inside another word:
    /// a one-letter password `p` leaves libpq's "port" alone.
    @Test func aPasswordIsMaskedOnlyAsAWholeWord() {
        let message = connectionError("postgresql://chat:p@localhost:1/campaignchat")
        #expect(message.hasPrefix("cannot connect to PostgreSQL at postgresql://chat:***@localhost:1/campaignchat: "), "\(message)")
        #expect(message.contains("port 1 failed") && !message.contains("***ort"), "\(message)")
        #expect(SecretMasking.maskingWords("socket \"/tmp/p/.s.PGSQL.5432\" failed: port p, pp, p_1, up", ["p"])
                == "socket \"/tmp/***/.s.PGSQL.5432\" failed: port ***, pp, p_1, up")
        #expect(SecretMasking.maskingWords("at \"hun?ter2\", hun?ter2x, hun?ter2", ["hun?ter2"]) == "at \"***\", hun?ter2x, ***")
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
