// libpq, PostgreSQL's C client library (Debian: libpq-dev). Only its declarations are used at
// build time: campaignchat loads libpq.so.5 when a command first opens a PostgreSQL database
// (see CampaignChatPostgres/LibPQ.swift), so a run on an SQLite file never pays for loading
// libpq and the TLS and Kerberos libraries it pulls in.
#include <postgresql/libpq-fe.h>

// The type of each function campaignchat calls, for the pointers dlsym() hands back.
#define CAMPAIGNCHAT_PQ_FUNCTION(name) typedef __typeof__(&name) campaignchat_##name##_function;
CAMPAIGNCHAT_PQ_FUNCTION(PQconnectdb)
CAMPAIGNCHAT_PQ_FUNCTION(PQconninfoParse)
CAMPAIGNCHAT_PQ_FUNCTION(PQconninfoFree)
CAMPAIGNCHAT_PQ_FUNCTION(PQstatus)
CAMPAIGNCHAT_PQ_FUNCTION(PQerrorMessage)
CAMPAIGNCHAT_PQ_FUNCTION(PQfinish)
CAMPAIGNCHAT_PQ_FUNCTION(PQparameterStatus)
CAMPAIGNCHAT_PQ_FUNCTION(PQsetNoticeProcessor)
CAMPAIGNCHAT_PQ_FUNCTION(PQexec)
CAMPAIGNCHAT_PQ_FUNCTION(PQprepare)
CAMPAIGNCHAT_PQ_FUNCTION(PQexecPrepared)
CAMPAIGNCHAT_PQ_FUNCTION(PQresultStatus)
CAMPAIGNCHAT_PQ_FUNCTION(PQresultErrorField)
CAMPAIGNCHAT_PQ_FUNCTION(PQresultErrorMessage)
CAMPAIGNCHAT_PQ_FUNCTION(PQntuples)
CAMPAIGNCHAT_PQ_FUNCTION(PQgetvalue)
CAMPAIGNCHAT_PQ_FUNCTION(PQgetlength)
CAMPAIGNCHAT_PQ_FUNCTION(PQgetisnull)
CAMPAIGNCHAT_PQ_FUNCTION(PQcmdTuples)
CAMPAIGNCHAT_PQ_FUNCTION(PQclear)
CAMPAIGNCHAT_PQ_FUNCTION(PQsocket)
CAMPAIGNCHAT_PQ_FUNCTION(PQconsumeInput)
CAMPAIGNCHAT_PQ_FUNCTION(PQnotifies)
CAMPAIGNCHAT_PQ_FUNCTION(PQfreemem)
#undef CAMPAIGNCHAT_PQ_FUNCTION
