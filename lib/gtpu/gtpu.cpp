// The GTP-U codec (TS 29.281, TS 38.415); see include/meridian/gtpu/.
