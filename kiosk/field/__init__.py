"""The jemput bola field profile: what a mobile team plans and does away from the office."""
