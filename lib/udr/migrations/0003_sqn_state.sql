-- Meridian UDR schema, version 3: the SQN state in a narrow table of its own.
-- The UDR rewrites it for every authentication vector; in the subscriber row
-- each write rewrote the whole row (keys, AMBRs, ...) found by a text key.
-- Here a row is a few dozen octets found by its integer id, which the UDR
-- learns when it reads the subscriber. Ids are never reused (AUTOINCREMENT),
-- so a write addressed to a deleted subscriber's id finds nothing.

CREATE TABLE sqn_state (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  supi          TEXT NOT NULL UNIQUE REFERENCES subscriber (supi) ON DELETE CASCADE,
  sqn           INTEGER NOT NULL CHECK (sqn BETWEEN 0 AND 281474976710655),  -- SEQ || IND, the last used
  ind_length    INTEGER NOT NULL CHECK (ind_length BETWEEN 0 AND 16),
  sqn_scheme    TEXT NOT NULL,
  last_indexes  TEXT NOT NULL DEFAULT '{}',            -- JSON object: AUSF/serving network -> IND
  dif_sign      TEXT,
  -- Raised whenever the subscriber's K, OP/OPc, AMF or authentication method
  -- change (trigger below, whoever writes them): an SQN update computed from
  -- the credentials of an older version is refused.
  credentials_version INTEGER NOT NULL DEFAULT 0
) STRICT;

INSERT INTO sqn_state (supi, sqn, ind_length, sqn_scheme, last_indexes, dif_sign)
  SELECT supi, sqn, ind_length, sqn_scheme, last_indexes, dif_sign FROM subscriber ORDER BY supi;

ALTER TABLE subscriber DROP COLUMN sqn;
ALTER TABLE subscriber DROP COLUMN ind_length;
ALTER TABLE subscriber DROP COLUMN sqn_scheme;
ALTER TABLE subscriber DROP COLUMN last_indexes;
ALTER TABLE subscriber DROP COLUMN dif_sign;

CREATE TRIGGER subscriber_credentials_changed AFTER UPDATE OF k, op, op_kind, amf, auth_method ON subscriber
  WHEN old.k IS NOT new.k OR old.op IS NOT new.op OR old.op_kind IS NOT new.op_kind OR old.amf IS NOT new.amf
    OR old.auth_method IS NOT new.auth_method
BEGIN
  UPDATE sqn_state SET credentials_version = credentials_version + 1 WHERE supi = new.supi;
END;

-- The authentication status, written after every authentication, is keyed by
-- the same integer id (its SUPI is the sqn_state row's); it goes with the row.
CREATE TABLE authentication_status_by_id (
  sqn_id                INTEGER PRIMARY KEY REFERENCES sqn_state (id) ON DELETE CASCADE,
  nf_instance_id        TEXT NOT NULL,
  success               INTEGER NOT NULL CHECK (success IN (0, 1)),
  time_stamp_ms         INTEGER NOT NULL,   -- milliseconds since the Unix epoch
  auth_type             TEXT NOT NULL,
  serving_network_name  TEXT NOT NULL,
  auth_removal_ind      INTEGER
) STRICT;

INSERT INTO authentication_status_by_id
  SELECT q.id, a.nf_instance_id, a.success, a.time_stamp_ms, a.auth_type, a.serving_network_name, a.auth_removal_ind
  FROM authentication_status a JOIN sqn_state q ON q.supi = a.supi;

DROP TABLE authentication_status;
ALTER TABLE authentication_status_by_id RENAME TO authentication_status;
