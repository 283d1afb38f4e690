"""The satisfaction survey (Survei Kepuasan Masyarakat, PermenPANRB 14/2017) and its index."""
