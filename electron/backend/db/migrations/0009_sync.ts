/** Sync bundles: this office's signing key, the offices it exchanges with, the bundle log and submissions. */
export default `
CREATE TABLE office_identity (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  public_key TEXT NOT NULL,
  private_key TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE peer_offices (
  region_code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('county','prefecture','province')),
  relation TEXT NOT NULL CHECK (relation IN ('parent','child')),
  public_key TEXT,
  pinned_at TEXT,
  pinned_by TEXT,
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  rev INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE bundle_log (
  id TEXT PRIMARY KEY,
  direction TEXT NOT NULL CHECK (direction IN ('sent','received')),
  kind TEXT NOT NULL CHECK (kind IN ('up','down')),
  peer_region_code TEXT NOT NULL,
  seq INTEGER NOT NULL,
  years TEXT NOT NULL,
  bundle_created_at TEXT NOT NULL,
  processed_at TEXT NOT NULL,
  processed_by TEXT NOT NULL,
  file_name TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  size_bytes INTEGER NOT NULL,
  counts TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('exported','imported','unchanged')),
  note TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX bundle_log_peer ON bundle_log(direction, peer_region_code, seq);

CREATE TABLE submissions (
  id TEXT PRIMARY KEY,
  origin TEXT NOT NULL,
  sender_region_code TEXT NOT NULL,
  seq INTEGER NOT NULL,
  years TEXT NOT NULL,
  received_at TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('received','accepted','returned')),
  reason TEXT NOT NULL DEFAULT '',
  decided_by TEXT,
  decided_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  rev INTEGER NOT NULL DEFAULT 1,
  UNIQUE (origin, sender_region_code, seq)
) STRICT;
`;
