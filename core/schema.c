/* core/schema.c — the schema, one migration per version (PRAGMA
 * user_version). A released migration is never edited: add the next one.
 *
 * Index design, for what the panels ask:
 *  - observations is clustered on (region_id, indicator_id, observed_at,
 *    source) (WITHOUT ROWID), so "the window of one region x indicator" and
 *    "the latest value" are one range scan that covers every column the
 *    aggregates need, over a million rows;
 *  - the list panels sort by name/code and filter by region: unique keys
 *    and region_id indexes cover them;
 *  - alerts: open alerts by level; one open alert per condition key;
 *  - audit: newest first is rowid order; (tbl, row_key) finds a row's
 *    history and who last changed it. */
#include "core/internal.h"

static const char SCHEMA_V1[] =
    "CREATE TABLE regions("
    " id INTEGER PRIMARY KEY,"
    " code TEXT NOT NULL UNIQUE,"
    " name TEXT NOT NULL,"
    " parent_id INTEGER REFERENCES regions(id),"
    " population INTEGER CHECK (population >= 0),"
    " version INTEGER NOT NULL DEFAULT 1,"
    " updated_at TEXT NOT NULL DEFAULT '',"
    " updated_by TEXT NOT NULL DEFAULT '');"

    "CREATE TABLE indicators("
    " id INTEGER PRIMARY KEY,"
    " code TEXT NOT NULL UNIQUE,"
    " name TEXT NOT NULL,"
    " risk_factor INTEGER NOT NULL CHECK (risk_factor BETWEEN 1 AND 14),"
    " unit TEXT,"
    " direction TEXT NOT NULL DEFAULT 'up' CHECK (direction IN ('up','down')),"
    " aggregate TEXT NOT NULL DEFAULT 'latest' CHECK (aggregate IN ('latest','sum','max','mean')),"
    " window_days INTEGER NOT NULL DEFAULT 7 CHECK (window_days >= 1),"
    " amber REAL,"
    " red REAL,"
    " version INTEGER NOT NULL DEFAULT 1,"
    " updated_at TEXT NOT NULL DEFAULT '',"
    " updated_by TEXT NOT NULL DEFAULT '');"

    "CREATE TABLE observations("
    " region_id INTEGER NOT NULL REFERENCES regions(id),"
    " indicator_id INTEGER NOT NULL REFERENCES indicators(id),"
    " observed_at TEXT NOT NULL,"
    " source TEXT NOT NULL DEFAULT '',"
    " value REAL NOT NULL,"
    " verification TEXT NOT NULL DEFAULT 'unverified'"
    "   CHECK (verification IN ('unverified','verified','disputed')),"
    " sensitive INTEGER NOT NULL DEFAULT 0 CHECK (sensitive IN (0,1)),"
    " note TEXT,"
    " id INTEGER NOT NULL,"
    " version INTEGER NOT NULL DEFAULT 1,"
    " updated_at TEXT NOT NULL DEFAULT '',"
    " updated_by TEXT NOT NULL DEFAULT '',"
    " PRIMARY KEY (region_id, indicator_id, observed_at, source)"
    ") WITHOUT ROWID;"
    /* Secondary indexes a bulk import drops and rebuilds (csvio.c);
     * observations_indicator is dropped again by v2. */
    "CREATE UNIQUE INDEX observations_id ON observations(id);"
    "CREATE INDEX observations_indicator ON observations(indicator_id);"

    "CREATE TABLE partners("
    " id INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL UNIQUE,"
    " acronym TEXT,"
    " kind TEXT NOT NULL CHECK (kind IN ('local_ngo','cso','community_leader','faith_group',"
    "   'un_agency','regional_org','government','media','academic','other')),"
    " sectors TEXT,"
    " region_id INTEGER REFERENCES regions(id),"
    " contact_name TEXT,"
    " phone TEXT,"
    " email TEXT,"
    " trust INTEGER CHECK (trust BETWEEN 1 AND 5),"
    " last_contact TEXT,"
    " sensitive INTEGER NOT NULL DEFAULT 0 CHECK (sensitive IN (0,1)),"
    " notes TEXT,"
    " version INTEGER NOT NULL DEFAULT 1,"
    " updated_at TEXT NOT NULL DEFAULT '',"
    " updated_by TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX partners_region ON partners(region_id);"
    "CREATE INDEX partners_last_contact ON partners(last_contact);"

    "CREATE TABLE resources("
    " id INTEGER PRIMARY KEY,"
    " code TEXT NOT NULL UNIQUE,"
    " name TEXT NOT NULL,"
    " category TEXT NOT NULL CHECK (category IN ('medical','food','water','shelter','vehicle',"
    "   'fuel','comms','personnel','other')),"
    " unit TEXT NOT NULL,"
    " region_id INTEGER REFERENCES regions(id),"
    " site TEXT,"
    /* No CHECK (quantity >= 0) here: a ledger loaded in file order may
     * dip below zero between rows; core checks the committed state. */
    " quantity INTEGER NOT NULL DEFAULT 0,"
    /* When the quantity was last set by a count (import or form): earlier
     * movements are already in it (see store.c, absorb_in_count). */
    " counted_at TEXT,"
    " minimum INTEGER CHECK (minimum >= 0),"
    " owner_id INTEGER REFERENCES partners(id),"
    " status TEXT NOT NULL DEFAULT 'available' CHECK (status IN ('available','reserved',"
    "   'deployed','damaged','expired')),"
    " expiry TEXT,"
    " version INTEGER NOT NULL DEFAULT 1,"
    " updated_at TEXT NOT NULL DEFAULT '',"
    " updated_by TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX resources_region ON resources(region_id);"
    "CREATE INDEX resources_owner ON resources(owner_id);"
    "CREATE INDEX resources_expiry ON resources(expiry) WHERE expiry IS NOT NULL;"

    /* The ledger: a resource's quantity is the sum of its movements. These
     * triggers are the one place that keeps it so, whoever writes. */
    "CREATE TABLE movements("
    " id INTEGER PRIMARY KEY,"
    " resource_id INTEGER NOT NULL REFERENCES resources(id) ON DELETE CASCADE,"
    " delta INTEGER NOT NULL CHECK (delta <> 0),"
    " reason TEXT NOT NULL CHECK (reason IN ('received','dispatched','transfer','lost','found',"
    "   'damaged','expired','correction')),"
    " at TEXT NOT NULL,"
    " note TEXT,"
    " version INTEGER NOT NULL DEFAULT 1,"
    " updated_at TEXT NOT NULL DEFAULT '',"
    " updated_by TEXT NOT NULL DEFAULT '',"
    " UNIQUE (resource_id, at, delta, reason));"
    "CREATE TRIGGER movements_ai AFTER INSERT ON movements BEGIN"
    " UPDATE resources SET quantity = quantity + NEW.delta, version = version + 1,"
    "   updated_at = NEW.updated_at, updated_by = NEW.updated_by WHERE id = NEW.resource_id;"
    " END;"
    "CREATE TRIGGER movements_ad AFTER DELETE ON movements BEGIN"
    " UPDATE resources SET quantity = quantity - OLD.delta, version = version + 1"
    "   WHERE id = OLD.resource_id;"
    " END;"
    "CREATE TRIGGER movements_au AFTER UPDATE OF delta, resource_id ON movements BEGIN"
    " UPDATE resources SET quantity = quantity - OLD.delta, version = version + 1"
    "   WHERE id = OLD.resource_id;"
    " UPDATE resources SET quantity = quantity + NEW.delta, version = version + 1,"
    "   updated_at = NEW.updated_at, updated_by = NEW.updated_by WHERE id = NEW.resource_id;"
    " END;"

    "CREATE TABLE activities("
    " id INTEGER PRIMARY KEY,"
    " code TEXT NOT NULL UNIQUE,"
    " title TEXT NOT NULL,"
    " kind TEXT NOT NULL CHECK (kind IN ('dialogue','truth_commission','community_court',"
    "   'training','memorialisation','reparations','land_restitution','trauma_healing','other')),"
    " region_id INTEGER REFERENCES regions(id),"
    " lead_partner_id INTEGER REFERENCES partners(id),"
    " status TEXT NOT NULL CHECK (status IN ('planned','ongoing','completed','postponed','cancelled')),"
    " start_date TEXT,"
    " end_date TEXT,"
    " target INTEGER CHECK (target >= 0),"
    " reached INTEGER CHECK (reached >= 0),"
    " outcome TEXT,"
    " notes TEXT,"
    " version INTEGER NOT NULL DEFAULT 1,"
    " updated_at TEXT NOT NULL DEFAULT '',"
    " updated_by TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX activities_region ON activities(region_id);"
    "CREATE INDEX activities_lead ON activities(lead_partner_id);"
    "CREATE INDEX activities_end ON activities(end_date) WHERE end_date IS NOT NULL;"

    /* One open alert per condition: cond_key names the condition
     * ("indicator:REGION_ID:INDICATOR_ID", "stock:RESOURCE_ID:min", ...). */
    "CREATE TABLE alerts("
    " id INTEGER PRIMARY KEY,"
    " kind TEXT NOT NULL CHECK (kind IN ('indicator','stock','partner','activity')),"
    " level TEXT NOT NULL CHECK (level IN ('amber','red')),"
    " cond_key TEXT NOT NULL,"
    " subject TEXT NOT NULL,"
    " raised_at TEXT NOT NULL,"
    " acknowledged_by TEXT,"
    " acknowledged_at TEXT,"
    " note TEXT,"
    " cleared_at TEXT);"
    "CREATE UNIQUE INDEX alerts_open_cond ON alerts(cond_key) WHERE cleared_at IS NULL;"
    "CREATE INDEX alerts_open ON alerts(cleared_at, level);"

    "CREATE TABLE audit("
    " id INTEGER PRIMARY KEY,"
    " at TEXT NOT NULL,"
    " actor TEXT NOT NULL,"
    " action TEXT NOT NULL,"
    " tbl TEXT NOT NULL,"
    " row_key TEXT NOT NULL,"
    " changes TEXT);"
    "CREATE INDEX audit_row ON audit(tbl, row_key);"
    /* Append-only, whoever writes: the database itself refuses. */
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN"
    " SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN"
    " SELECT RAISE(ABORT, 'the audit trail is append-only'); END;";

/* v2: observations_indicator goes. Given "region_id = ? AND indicator_id = ?
 * AND observed_at > ?" the planner preferred it to the primary key and then
 * looked every row up again for value and verification; without it the risk
 * windows are plain ranges of the clustered key, which made the whole matrix
 * a third faster over a million rows (bench/README.md) and leaves a bulk
 * import one index fewer to rebuild. What it served besides, the foreign-key
 * check when an indicator is deleted (rare: done by an administrator, never
 * from the dashboard), scans the table instead. */
static const char SCHEMA_V2[] = "DROP INDEX observations_indicator;";

const core_migration core_migrations[] = {
    {1, SCHEMA_V1, 0},
    {2, SCHEMA_V2, 1},
};
const int core_migration_count = (int)(sizeof core_migrations / sizeof core_migrations[0]);
