"""The matching engine: plain Python and numpy, no database. Candidates -> scores -> exact assignment."""
