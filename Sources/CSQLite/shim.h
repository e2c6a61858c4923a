#include <sqlite3.h>

// sqlite3_config is variadic, which Swift cannot call: switch off SQLite's memory statistics,
// whose global mutex every allocation took (3% of a bulk send). Before the first connection only.
static inline int campaignchat_sqlite3_without_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
