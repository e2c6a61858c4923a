import Foundation
import Testing
@testable import CampaignChat
@testable import CampaignChatPostgres
@testable import CampaignChatStorage

/// The PostgreSQL client side that needs no server: which libpq loads. These run on every pass
/// where libpq is installed (it is wherever campaignchat builds: libpq-dev).
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
}
