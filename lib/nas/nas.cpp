// The NAS-5GS codec (TS 24.501); see include/meridian/nas/.
