/** Foundation: office identity, fiscal years, accounts, the unit tree and the audit log. */
export default `
CREATE TABLE office (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  region_code TEXT NOT NULL,
  name TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('county','prefecture','province')),
  parent_name TEXT NOT NULL DEFAULT '',
  parent_region_code TEXT NOT NULL DEFAULT '',
  current_year INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  rev INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE fiscal_years (
  year INTEGER PRIMARY KEY,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  origin TEXT NOT NULL,
  username TEXT NOT NULL COLLATE NOCASE UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin','performance','business','viewer','auditor')),
  password_hash TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
  failed_count INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  last_login_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  rev INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE units (
  id TEXT PRIMARY KEY,
  origin TEXT NOT NULL,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  parent_id TEXT REFERENCES units(id),
  kind TEXT NOT NULL CHECK (kind IN ('administrative','institution','other')),
  confidential INTEGER NOT NULL DEFAULT 0 CHECK (confidential IN (0,1)),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  rev INTEGER NOT NULL DEFAULT 1,
  UNIQUE (origin, code)
) STRICT;
CREATE INDEX units_parent ON units(parent_id);

-- Append-only and hash-chained: each row holds the hash of the previous one.
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  user_id TEXT,
  username TEXT NOT NULL,
  method TEXT NOT NULL,
  entity TEXT,
  entity_id TEXT,
  changes TEXT NOT NULL,
  result TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_user ON audit_log(username, at);
CREATE INDEX audit_log_entity ON audit_log(entity, at);

-- The chain's head, updated in the same transaction: deleting the newest rows breaks it.
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL
) STRICT;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
`;
