// ASN.1 ALIGNED PER runtime (ITU-T X.691); see include/meridian/asn1/.
