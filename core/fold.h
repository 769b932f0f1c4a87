/* core/fold.h — case-insensitive matching beyond ASCII, for the filter
 * (SPEC §4: "case-insensitive"). SQLite's own LIKE folds ASCII only, so
 * "RÉCONC" would not find "Réconciliation", nor "КИЕВ" "Киев". */
#ifndef VIGIL_CORE_FOLD_H
#define VIGIL_CORE_FOLD_H

#include <sqlite3.h>

/* The lower-case form of code point cp for Latin (ASCII, Latin-1, Latin
 * Extended-A, Latin Extended Additional incl. Vietnamese), Greek, Cyrillic
 * and Armenian; any other code point is returned as it is. */
int core_fold_cp(int cp);

/* Whether needle occurs in hay, both UTF-8, ignoring case as core_fold_cp
 * does (an empty needle occurs everywhere). Invalid bytes match only
 * themselves. */
int core_fold_contains(const char *hay, const char *needle);

/* Whether a and b (UTF-8) are the same text but for case, folded as
 * core_fold_cp does. */
int core_fold_equal(const char *a, const char *b);

/* Replace LIKE on connection h (both the two- and three-argument forms) by
 * one that ignores case as core_fold_cp does, with the same wildcards (%
 * and _, one character) and ESCAPE. Returns an SQLite result code. */
int core_fold_register_like(sqlite3 *h);

#endif
