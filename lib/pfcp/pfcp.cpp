// The PFCP codec (TS 29.244); see include/meridian/pfcp/.
