-- Meridian UDR schema, version 1: subscribers, their slices and per-DNN
-- session settings, and the home network's SUCI keys.
-- Enumerations are stored as the TS 29.5xx OpenAPI strings; lists of them as
-- comma-separated strings. Keys are stored as they are (the file is mode 0600).

CREATE TABLE subscriber (
  supi          TEXT PRIMARY KEY,                      -- "imsi-001010000000001" or "nai-user@realm"
  k             BLOB NOT NULL CHECK (length(k) = 16),  -- the permanent key K
  op            BLOB NOT NULL CHECK (length(op) = 16), -- OP or OPc, as op_kind says
  op_kind       TEXT NOT NULL CHECK (op_kind IN ('OP', 'OPC')),
  amf           BLOB NOT NULL CHECK (length(amf) = 2), -- authentication management field
  sqn           INTEGER NOT NULL CHECK (sqn BETWEEN 0 AND 281474976710655),  -- SEQ || IND, the last used
  ind_length    INTEGER NOT NULL CHECK (ind_length BETWEEN 0 AND 16),
  sqn_scheme    TEXT NOT NULL,
  last_indexes  TEXT NOT NULL DEFAULT '{}',            -- JSON object: AUSF/serving network -> IND
  dif_sign      TEXT,
  auth_method   TEXT NOT NULL,
  ue_ambr_ul    TEXT NOT NULL,
  ue_ambr_dl    TEXT NOT NULL,
  rat_restrictions TEXT NOT NULL DEFAULT ''
) STRICT, WITHOUT ROWID;

CREATE TABLE subscribed_snssai (
  supi        TEXT NOT NULL REFERENCES subscriber (supi) ON DELETE CASCADE,
  snssai      TEXT NOT NULL,                           -- "1" or "1/010203"
  is_default  INTEGER NOT NULL CHECK (is_default IN (0, 1)),
  position    INTEGER NOT NULL,
  PRIMARY KEY (supi, snssai)
) STRICT, WITHOUT ROWID;

CREATE TABLE session_config (
  supi               TEXT NOT NULL,
  snssai             TEXT NOT NULL,
  dnn                TEXT NOT NULL,
  position           INTEGER NOT NULL,
  default_dnn        INTEGER NOT NULL CHECK (default_dnn IN (0, 1)),
  default_pdu_type   TEXT NOT NULL,
  allowed_pdu_types  TEXT NOT NULL,
  default_ssc_mode   TEXT NOT NULL,
  allowed_ssc_modes  TEXT NOT NULL,
  qos_5qi            INTEGER NOT NULL CHECK (qos_5qi BETWEEN 0 AND 255),
  arp_priority       INTEGER NOT NULL CHECK (arp_priority BETWEEN 1 AND 15),
  arp_preempt_cap    TEXT NOT NULL,
  arp_preempt_vuln   TEXT NOT NULL,
  session_ambr_ul    TEXT NOT NULL,
  session_ambr_dl    TEXT NOT NULL,
  static_ipv4        TEXT,
  static_ipv6        TEXT,
  PRIMARY KEY (supi, snssai, dnn),
  FOREIGN KEY (supi, snssai) REFERENCES subscribed_snssai (supi, snssai) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE TABLE hn_key (
  key_id       INTEGER PRIMARY KEY CHECK (key_id BETWEEN 1 AND 255),  -- Home Network Public Key Identifier
  profile      TEXT NOT NULL CHECK (profile IN ('A', 'B')),           -- ECIES Profile A or B
  private_key  BLOB NOT NULL CHECK (length(private_key) = 32)
) STRICT;
