// The UPF (TS 23.501 §6.2.3, TS 29.244); see include/meridian/upf/.
