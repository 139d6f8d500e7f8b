// Transport: SCTP (kernel or usrsctp), UDP and TUN; see include/meridian/transport/.
