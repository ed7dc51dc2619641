"""Pages of the volunteer module: the volunteer's own (own), opportunities, and the coordinators' (coordination)."""
