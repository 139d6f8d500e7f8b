-- Meridian UDR schema, version 2: what the UDM writes back per subscriber
-- (TS 29.505 authentication-status and context-data/amf-3gpp-access).

CREATE TABLE authentication_status (
  supi                  TEXT PRIMARY KEY REFERENCES subscriber (supi) ON DELETE CASCADE,
  nf_instance_id        TEXT NOT NULL,
  success               INTEGER NOT NULL CHECK (success IN (0, 1)),
  time_stamp_ms         INTEGER NOT NULL,   -- milliseconds since the Unix epoch
  auth_type             TEXT NOT NULL,
  serving_network_name  TEXT NOT NULL,
  auth_removal_ind      INTEGER
) STRICT, WITHOUT ROWID;

CREATE TABLE amf_context_3gpp (
  supi                        TEXT PRIMARY KEY REFERENCES subscriber (supi) ON DELETE CASCADE,
  amf_instance_id             TEXT NOT NULL,
  dereg_callback_uri          TEXT NOT NULL,
  guami                       TEXT NOT NULL,   -- model::guami text form
  rat_type                    TEXT NOT NULL,
  supported_features          TEXT,
  purge_flag                  INTEGER,
  pei                         TEXT,
  initial_registration_ind    INTEGER,
  emergency_registration_ind  INTEGER,
  registration_time_ms        INTEGER,
  registered_supi             TEXT
) STRICT, WITHOUT ROWID;
